/// Reads the tables of a live database on one connection, as Alembic's online
/// reflection would read them. A run reads through the read-only connection of its
/// first look for the plan it shows, and through its own connection, inside each
/// step's transaction, for the SQL it sends.
public protocol LiveSchemaReader {
    /// The table (or view) `name`, or nil when the database has none of that name.
    func table(_ name: String, schema: String?) throws(DatabaseError) -> LiveTable?
    /// The names of the database's tables in `schema` (the default one when nil), sorted.
    func tableNames(schema: String?) throws(DatabaseError) -> [String]
    /// PostgreSQL's enum types in `schema` (the default one when nil), with their labels
    /// in order; none on a database without them.
    func enumTypes(schema: String?) throws(DatabaseError) -> [String: [String]]
}

extension LiveSchemaReader {
    /// SQLite has no enum types.
    public func enumTypes(schema: String?) throws(DatabaseError) -> [String: [String]] { [:] }
}

/// The reader for a connection's dialect.
public enum LiveSchema {
    public static func reader(_ connection: any DatabaseConnection) -> any LiveSchemaReader {
        switch connection.dialect {
        case .sqlite: return SQLiteReflector(connection: connection)
        case .postgresql: return PostgresReflector(connection: connection)
        case .mysql: return UnreflectedDatabase(dialect: connection.dialect)
        }
    }
}

/// A database whose tables Retort does not read (MySQL): asked for one, it says so
/// rather than answering as if the database were empty.
public struct UnreflectedDatabase: LiveSchemaReader {
    public var dialect: Dialect

    public func table(_ name: String, schema: String?) throws(DatabaseError) -> LiveTable? {
        throw DatabaseError(.statement, "not supported yet: reading \(dialect.displayName) tables (reflection)")
    }

    public func tableNames(schema: String?) throws(DatabaseError) -> [String] {
        throw DatabaseError(.statement, "not supported yet: reading \(dialect.displayName) tables (reflection)")
    }
}

/// A database with nothing in it yet (an SQLite file the run will create).
public struct EmptyDatabaseReader: LiveSchemaReader {
    public init() {}
    public func table(_ name: String, schema: String?) throws(DatabaseError) -> LiveTable? { nil }
    public func tableNames(schema: String?) throws(DatabaseError) -> [String] { [] }
}

extension SQLiteReflector: LiveSchemaReader {
    func table(_ name: String, schema: String?) throws(DatabaseError) -> LiveTable? {
        // An attached database by its schema name is not read: SQLAlchemy reflects it
        // through the same pragmas, but Retort's runs never attach one.
        guard schema == nil || schema == "main" else { return nil }
        return try table(name)
    }

    func tableNames(schema: String?) throws(DatabaseError) -> [String] { try tableNames() }
}

/// The tables a plan reads from the live database, each read once: what its batch
/// copies start from and what the drift report compares with the history.
public final class LiveTableCache {
    public let reader: any LiveSchemaReader
    /// The connection it reads through, for the migrations' own reads (nil: none, as for
    /// a database file not made yet).
    public let connection: (any DatabaseConnection)?
    private var read: [SchemaModel.Key: LiveTable?] = [:]

    public init(reader: any LiveSchemaReader, connection: (any DatabaseConnection)? = nil) {
        self.reader = reader
        self.connection = connection
    }

    /// The table, read on first use; nil when the database has no such table.
    public func table(_ key: SchemaModel.Key) throws(DatabaseError) -> LiveTable? {
        if let known = read[key] { return known }
        let table = try reader.table(key.name, schema: key.schema)
        read[key] = .some(table)
        return table
    }

    /// The tables of `keys` that exist, in the order given.
    public func tables(_ keys: [SchemaModel.Key]) throws(DatabaseError) -> [LiveTable] {
        var result: [LiveTable] = []
        for key in keys { if let table = try table(key) { result.append(table) } }
        return result
    }
}

/// The tables an operation names, in order (a batch's own table; a rename's both names).
enum TouchedTables {
    static func of(_ operation: Operation) -> [SchemaModel.Key] {
        func key(_ name: String, _ schema: String?) -> SchemaModel.Key { SchemaModel.Key(name, schema: schema) }
        switch operation.kind {
        case .createTable(let table): return [key(table.name, table.schema)]
        case .dropTable(let name, let schema, _): return [key(name, schema)]
        case .renameTable(let old, let new, let schema): return [key(old, schema), key(new, schema)]
        case .addColumn(let table, let schema, _, _), .dropColumn(let table, let schema, _, _),
            .addConstraint(let table, let schema, _), .dropConstraint(_, let table, let schema, _, _),
            .createTableComment(let table, let schema, _), .dropTableComment(let table, let schema),
            .bulkInsert(let table, let schema, _, _, _):
            return [key(table, schema)]
        case .alterColumn(let alter): return [key(alter.table, alter.schema)]
        case .createIndex(let index): return [key(index.table, index.schema)]
        case .dropIndex(_, let table?, let schema, _, _): return [key(table, schema)]
        case .batch(let batch): return [key(batch.table, batch.schema)]
        case .execute(.insert(let table, let schema, _)), .execute(.insertRows(let table, let schema, _, _)),
            .execute(.update(let table, let schema, _, _)), .execute(.delete(let table, let schema, _)),
            .execute(.insertFromSelect(let table, let schema, _, _)):
            return [key(table, schema)]
        case .dropIndex, .execute, .createType, .dropType: return []
        }
    }

    /// Every table the operations name, each once, in order of first mention.
    static func of(_ operations: [Operation]) -> [SchemaModel.Key] {
        var seen = Set<SchemaModel.Key>()
        return operations.flatMap(of).filter { seen.insert($0).inserted }
    }
}
