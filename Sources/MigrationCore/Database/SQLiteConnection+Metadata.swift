import CSQLite

extension SQLiteConnection {
    /// What SQLite itself knows of a column beyond `PRAGMA table_xinfo`: its collation
    /// and whether it is an `INTEGER PRIMARY KEY AUTOINCREMENT` (nil when the column or
    /// table does not exist, or the connection is closed).
    public struct ColumnMetadata: Sendable, Equatable {
        public var collation: String
        public var isAutoincrement: Bool
    }

    public func columnMetadata(table: String, column: String) -> ColumnMetadata? {
        guard let handle = openHandle else { return nil }
        var declared: UnsafePointer<CChar>?
        var collation: UnsafePointer<CChar>?
        var notNull: Int32 = 0
        var primaryKey: Int32 = 0
        var autoincrement: Int32 = 0
        let status = sqlite3_table_column_metadata(
            handle, "main", table, column, &declared, &collation, &notNull, &primaryKey, &autoincrement)
        guard status == SQLITE_OK else { return nil }
        return ColumnMetadata(collation: collation.map { String(cString: $0) } ?? "BINARY", isAutoincrement: autoincrement != 0)
    }
}

extension SQLiteConnection {
    /// Copies the whole database to a new file at `path` with SQLite's online backup API,
    /// which reads the live file page by page without holding its write lock.
    public func backup(to path: String) throws(DatabaseError) {
        guard let source = openHandle else { throw DatabaseError(.connect, "the SQLite connection is closed") }
        var target: OpaquePointer?
        guard sqlite3_open_v2(path, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK, let target else {
            sqlite3_close_v2(target)
            throw DatabaseError(.connect, "cannot make the copy \(path) of the SQLite database")
        }
        defer { sqlite3_close_v2(target) }
        guard let backup = sqlite3_backup_init(target, "main", source, "main") else {
            throw DatabaseError(.statement, "cannot copy the SQLite database: " + String(cString: sqlite3_errmsg(target)))
        }
        var status: Int32
        repeat {
            status = sqlite3_backup_step(backup, 256)
            if status == SQLITE_BUSY || status == SQLITE_LOCKED { sqlite3_sleep(20) }
        } while status == SQLITE_OK || status == SQLITE_BUSY || status == SQLITE_LOCKED
        sqlite3_backup_finish(backup)
        guard status == SQLITE_DONE else {
            throw DatabaseError(.statement, "cannot copy the SQLite database: " + String(cString: sqlite3_errstr(status)))
        }
    }
}
