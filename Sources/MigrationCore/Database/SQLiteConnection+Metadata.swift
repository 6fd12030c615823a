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
