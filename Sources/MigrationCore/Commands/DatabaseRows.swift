/// The rows of a database's version table, read without changing anything: what
/// `current` and `history -i` show, and what the browser marks.
public struct DatabaseRows: Sendable {
    public var url: DatabaseURL
    public var table: VersionTable
    /// The revision ids in the table, in the order the database returned them.
    public var rows: [String]
    /// Worth telling the user on standard error (an SQLite file that does not exist yet).
    public var notes: [String] = []

    /// Connects read-only, reads the table and disconnects. A missing table, or a missing
    /// SQLite file, reads as no rows and creates nothing; a table locked by someone else is
    /// waited for 10 seconds at most. Failures are exit status 4.
    public static func read(
        _ url: DatabaseURL, table: VersionTable, options: ConnectOptions = ConnectOptions(readOnly: true)
    ) throws -> DatabaseRows {
        var options = options
        options.readOnly = true
        options.lockTimeout = options.lockTimeout ?? 10
        let connection: any DatabaseConnection
        do {
            connection = try url.connect(options)
        } catch where error.kind == .missingFile {
            return DatabaseRows(
                url: url, table: table, rows: [],
                notes: ["note: \(error.message) (yet), so no revision is current"])
        } catch {
            throw CommandFailure(.database, error.description)
        }
        defer { connection.close() }
        do {
            return DatabaseRows(url: url, table: table, rows: try table.revisions(on: connection))
        } catch {
            throw CommandFailure(
                .database, "cannot read the version table '\(table.name)' of \(url.masked): \(error.summary)")
        }
    }

    /// The rows that name no revision of `graph`, in table order.
    public func unknown(in graph: RevisionGraph) -> [String] {
        rows.filter { graph.indexByID[$0] == nil }
    }

    /// The failure for rows no script has (exit status 2): Alembic's words, with where the id came from.
    public static func unknownFailure(_ ids: [String], table: VersionTable) -> CommandFailure {
        let quoted = ids.map { "'\($0)'" }.joined(separator: ", ")
        let subject = ids.count == 1 ? "revision" : "revisions"
        return CommandFailure(
            .project,
            "Can't locate \(subject) identified by \(quoted): the version table '\(table.name)' holds "
                + (ids.count == 1 ? "it" : "them") + ", but no revision script has "
                + (ids.count == 1 ? "this id" : "these ids"))
    }
}
