/// What differs between SQLite and PostgreSQL when SQLAlchemy writes SQL: identifier
/// quoting, literals, type names and a few capabilities.
public struct Dialect: Sendable, Equatable {
    public enum Name: String, Sendable, CaseIterable {
        case sqlite, postgresql
    }

    public let name: Name

    public static let sqlite = Dialect(name: .sqlite)
    public static let postgresql = Dialect(name: .postgresql)

    public init(name: Name) { self.name = name }

    /// The dialect for a name as `--dialect` or a URL scheme gives it.
    public init?(_ text: String) {
        guard let name = Name(rawValue: text) else { return nil }
        self.name = name
    }

    var isPostgreSQL: Bool { name == .postgresql }

    // MARK: Identifiers

    /// Quotes a name when SQLAlchemy would: reserved words, upper case, characters outside
    /// `[a-z0-9_$]`, or a leading digit or `$`.
    public func quote(_ identifier: String) -> String {
        requiresQuotes(identifier) ? "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : identifier
    }

    func requiresQuotes(_ identifier: String) -> Bool {
        guard let first = identifier.unicodeScalars.first else { return true }
        let lower = identifier.lowercased()
        if lower != identifier { return true }
        if reservedWords.contains(lower) { return true }
        if ("0"..."9").contains(first) || first == "$" { return true }
        return !identifier.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "$"
        }
    }

    /// A table name, schema-qualified when a schema is given.
    public func table(_ name: String, schema: String?) -> String {
        (schema.map { quoteSchema($0) + "." } ?? "") + quote(name)
    }

    /// Schema names may be dotted (`db.owner`); each part is quoted on its own.
    func quoteSchema(_ schema: String) -> String { quote(schema) }

    var reservedWords: Set<String> { isPostgreSQL ? Self.postgresqlReserved : Self.sqliteReserved }

    // MARK: Reserved words (SQLAlchemy 2.1's identifier preparers)

    static let sqliteReserved: Set<String> = Set(
        """
        add after all alter analyze and as asc attach autoincrement before begin between by cascade case cast check \
        collate column commit conflict constraint create cross current_date current_time current_timestamp database \
        default deferrable deferred delete desc detach distinct drop each else end escape except exclusive exists \
        explain fail false for foreign from full glob group having if ignore immediate in index indexed initially inner \
        insert instead intersect into is isnull join key left like limit match natural not notnull null of offset on or \
        order outer plan pragma primary query raise references reindex rename replace restrict right rollback row select \
        set table temp temporary then to transaction trigger true union unique update using vacuum values view virtual \
        when where
        """.split(separator: " ").map(String.init))

    static let postgresqlReserved: Set<String> = Set(
        """
        all analyse analyze and any array as asc asymmetric authorization between binary both case cast check collate \
        column constraint create cross current_catalog current_date current_role current_schema current_time \
        current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign \
        freeze from full grant group having ilike in initially inner intersect into is isnull join leading left like \
        limit localtime localtimestamp natural new not notnull null of off offset old on only or order outer over \
        overlaps placing primary references returning right select session_user similar some symmetric table then to \
        trailing true union unique user using variadic verbose when where window with
        """.split(separator: " ").map(String.init))
}
