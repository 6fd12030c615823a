import Foundation

/// A failure reported by a database or by talking to one: connecting, running a
/// statement, or a version-table row that is not what it must be.
///
/// `description` is one line (libpq's multi-line messages are joined) and names the
/// database by its masked URL, never with a password.
public struct DatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The database could not be opened or reached.
        case connect
        /// An SQLite file that does not exist, opened for reading only: nothing to read.
        case missingFile
        /// A statement failed.
        case statement
        /// The version table's rows were not what a change expected.
        case versionTable
    }

    public var kind: Kind
    /// The database's own message, or ours when the database gave none.
    public var message: String
    /// PostgreSQL's five-character error code (e.g. `42P01`), when the server sent one.
    public var sqlState: String?
    /// The statement that failed, as sent.
    public var statement: String?

    public init(_ kind: Kind, _ message: String, sqlState: String? = nil, statement: String? = nil) {
        self.kind = kind
        self.message = Self.oneLine(message)
        self.sqlState = sqlState
        self.statement = statement
    }

    public var description: String {
        statement.map { summary + " in: " + Self.excerpt($0) } ?? summary
    }

    /// The message and SQLSTATE without the statement, for statements the user did not write.
    public var summary: String {
        sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message
    }

    /// Lines trimmed and joined with `; `, so that a message fits on one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }

    /// A statement on one line, whitespace collapsed, cut at 200 characters.
    static func excerpt(_ statement: String) -> String {
        let words = statement.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return words.count > 200 ? String(words.prefix(200)) + "..." : words
    }
}
