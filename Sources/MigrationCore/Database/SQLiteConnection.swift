import CSQLite
import Foundation

/// A connection to an SQLite database through libsqlite3.
///
/// Unlike Python's sqlite3 module, which Alembic uses, it never opens transactions on
/// its own: statements outside `begin()` commit one by one, and inside it DDL is as
/// transactional as anything else, so a failed migration can leave nothing behind.
public final class SQLiteConnection: DatabaseConnection {
    public let url: DatabaseURL
    /// The database file, absolute, or `:memory:`.
    public let path: String
    public var dialect: Dialect { .sqlite }
    private var handle: OpaquePointer?
    /// The open libsqlite3 handle, for the few calls other files of the module make on it.
    var openHandle: OpaquePointer? { handle }

    /// Opens the database `url` names. A directory that does not exist, a path that is a
    /// directory, or a file that cannot be written (unless `options.readOnly`) is an error
    /// before anything is read.
    public init(_ url: DatabaseURL, _ options: ConnectOptions) throws(DatabaseError) {
        self.url = url
        let file = url.sqliteFile(relativeTo: options.currentDirectory)
        path = file ?? ":memory:"
        if let file { try Self.checkPath(file, readOnly: options.readOnly) }
        let flags = options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        var db: OpaquePointer?
        let status = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        handle = db
        guard status == SQLITE_OK, let db else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            close()
            throw DatabaseError(.connect, "cannot open the SQLite database \(path): \(reason)")
        }
        // With read-write requested, SQLite quietly opens a file it may not write read-only.
        if !options.readOnly && sqlite3_db_readonly(db, "main") == 1 {
            close()
            throw DatabaseError(.connect, "cannot write to the SQLite database \(path): the file is read-only")
        }
        sqlite3_extended_result_codes(db, 1)
        let seconds = url.sqliteTimeout ?? options.busyTimeout
        sqlite3_busy_timeout(db, Int32(clamping: Int((seconds * 1000).rounded())))
    }

    deinit { close() }

    /// Clear errors for the usual mistakes, which SQLite reports only as "unable to open
    /// database file".
    private static func checkPath(_ file: String, readOnly: Bool) throws(DatabaseError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: file, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw DatabaseError(.connect, "cannot open the SQLite database \(file): it is a directory")
            }
            return
        }
        let directory = (file as NSString).deletingLastPathComponent
        if !manager.fileExists(atPath: directory, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw DatabaseError(
                .connect, "cannot open the SQLite database \(file): the directory \(directory) does not exist")
        }
        if readOnly {
            throw DatabaseError(.missingFile, "the SQLite database \(file) does not exist")
        }
    }

    public var isInTransaction: Bool {
        guard let handle else { return false }
        return sqlite3_get_autocommit(handle) == 0
    }

    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?]) throws(DatabaseError) -> Int {
        var changed = 0
        try run(sql, parameters) { statement throws(DatabaseError) in
            // sqlite3_changes keeps the count of the last INSERT, UPDATE or DELETE, also
            // after DDL; the running total tells whether this statement changed anything.
            let before = sqlite3_total_changes(self.handle)
            try self.step(statement, sql) { _ in }
            changed = sqlite3_total_changes(self.handle) == before ? 0 : Int(sqlite3_changes(self.handle))
        }
        return changed
    }

    public func query(_ sql: String, _ parameters: [String?]) throws(DatabaseError) -> [[String?]] {
        var rows: [[String?]] = []
        var statements = 0
        try run(sql, parameters) { statement throws(DatabaseError) in
            statements += 1
            try self.step(statement, sql) { row in rows.append(row) }
        }
        if statements > 1 {
            throw DatabaseError(.statement, "a query must be one statement", statement: sql)
        }
        return rows
    }

    public func begin() throws(DatabaseError) { try execute("BEGIN IMMEDIATE") }

    public func commit() throws(DatabaseError) { try execute("COMMIT") }

    public func rollback() throws(DatabaseError) {
        // SQLite may already have rolled back on its own (after some errors); that is done.
        if isInTransaction { try execute("ROLLBACK") }
    }

    public func close() {
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    // MARK: Statements

    /// `run` without parameters, for the typed queries.
    func withStatements(_ sql: String, _ body: (OpaquePointer) throws(DatabaseError) -> Void) throws(DatabaseError) {
        try run(sql, [], body)
    }

    func failure(_ sql: String) -> DatabaseError { error(sql) }

    /// Prepares each statement of `sql` in turn and hands it to `body`. Parameters are
    /// bound to the first statement, which must then be the only one.
    private func run(
        _ sql: String, _ parameters: [String?], _ body: (OpaquePointer) throws(DatabaseError) -> Void
    ) throws(DatabaseError) {
        guard let handle else { throw DatabaseError(.statement, "the SQLite connection is closed", statement: sql) }
        let bytes = Array(sql.utf8CString)
        try bytes.withUnsafeBufferPointer { (buffer) throws(DatabaseError) in
            guard let start = buffer.baseAddress else { return }
            var cursor: UnsafePointer<CChar>? = start
            var first = true
            while let current = cursor, current.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                guard sqlite3_prepare_v2(handle, current, -1, &statement, &tail) == SQLITE_OK else {
                    throw error(sql)
                }
                cursor = tail
                guard let statement else { continue }  // only whitespace or a comment was left
                defer { sqlite3_finalize(statement) }
                if !first && !parameters.isEmpty {
                    throw DatabaseError(.statement, "parameters need a single statement", statement: sql)
                }
                if first { try bind(parameters, to: statement, sql) }
                first = false
                try body(statement)
            }
        }
    }

    /// Binds `$1`, `$2`, ... by name; every parameter must be used.
    private func bind(_ parameters: [String?], to statement: OpaquePointer, _ sql: String) throws(DatabaseError) {
        let count = Int(sqlite3_bind_parameter_count(statement))
        guard count == parameters.count else {
            throw DatabaseError(
                .statement, "the statement has \(count) parameters, but \(parameters.count) were given", statement: sql)
        }
        // SQLITE_TRANSIENT: SQLite copies the text before the call returns.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (offset, value) in parameters.enumerated() {
            let index = sqlite3_bind_parameter_index(statement, "$\(offset + 1)")
            guard index > 0 else {
                throw DatabaseError(.statement, "the statement has no parameter $\(offset + 1)", statement: sql)
            }
            let status =
                value.map { sqlite3_bind_text(statement, index, $0, -1, transient) }
                ?? sqlite3_bind_null(statement, index)
            if status != SQLITE_OK { throw error(sql) }
        }
    }

    /// Steps `statement` to the end, handing each row to `row`.
    private func step(_ statement: OpaquePointer, _ sql: String, _ row: ([String?]) -> Void) throws(DatabaseError) {
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_DONE:
                return
            case SQLITE_ROW:
                let columns = sqlite3_column_count(statement)
                row(
                    (0..<columns).map { column in
                        sqlite3_column_text(statement, column).map { String(cString: $0) }
                    })
            default:
                throw error(sql)
            }
        }
    }

    private func error(_ sql: String) -> DatabaseError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "the SQLite connection is closed"
        return DatabaseError(.statement, message, statement: sql)
    }
}

extension SQLiteConnection: TypedQueries {
    /// Values as Python's sqlite3 gives them: by each value's storage class.
    func typedQuery(_ sql: String) throws(DatabaseError) -> QueryRows {
        var columns: [String] = []
        var rows: [[DatabaseValue]] = []
        var statements = 0
        try withStatements(sql) { statement throws(DatabaseError) in
            statements += 1
            let count = sqlite3_column_count(statement)
            columns = (0..<count).map { sqlite3_column_name(statement, $0).map { String(cString: $0) } ?? "" }
            while true {
                let status = sqlite3_step(statement)
                if status == SQLITE_DONE { break }
                guard status == SQLITE_ROW else { throw self.failure(sql) }
                rows.append(
                    (0..<count).map { column -> DatabaseValue in
                        switch sqlite3_column_type(statement, column) {
                        case SQLITE_NULL: return .null
                        case SQLITE_INTEGER: return .integer(Int(sqlite3_column_int64(statement, column)))
                        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
                        case SQLITE_TEXT: return .text(sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "")
                        default: return .other(type: "BLOB")
                        }
                    })
            }
        }
        if statements != 1 { throw DatabaseError(.statement, "a query must be one statement", statement: sql) }
        return QueryRows(columns: columns, rows: rows)
    }
}
