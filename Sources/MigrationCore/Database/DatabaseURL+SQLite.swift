import Foundation

/// What an `sqlite://` URL means, as SQLAlchemy's pysqlite dialect reads it. Of the query
/// string only `timeout` matters to Retort; the other pysqlite arguments steer the Python
/// driver (`check_same_thread`, `isolation_level`, ...) and are ignored, as SQLAlchemy
/// ignores unknown keys.
extension DatabaseURL {
    /// The absolute path of the file an SQLite URL names, a relative path taken from
    /// `directory` (SQLAlchemy uses the current directory); nil for an in-memory database
    /// (`sqlite://`, `sqlite:///`, `sqlite:///:memory:`).
    public func sqliteFile(relativeTo directory: String) -> String? {
        guard let database, !database.isEmpty, database != ":memory:" else { return nil }
        let base = URL(fileURLWithPath: directory, isDirectory: true)
        return URL(fileURLWithPath: database, relativeTo: base).standardizedFileURL.path
    }

    /// pysqlite's `timeout` (seconds to wait for a lock), when the URL gives one.
    public var sqliteTimeout: Double? {
        queryValues("timeout").last.flatMap(Double.init)
    }

    func validateSQLite() throws(DatabaseURLError) {
        if username != nil || password != nil || host != nil || port != nil {
            throw DatabaseURLError(
                "invalid SQLite URL \(masked): use sqlite:///relative/path.db, sqlite:////absolute/path.db "
                    + "or sqlite:// (in memory)")
        }
        if let timeout = queryValues("timeout").last, Double(timeout) == nil {
            throw DatabaseURLError("invalid timeout '\(timeout)' in \(masked): expected a number of seconds")
        }
        if let uri = queryValues("uri").last, ["true", "1", "yes", "on"].contains(uri.lowercased()) {
            throw DatabaseURLError(
                "SQLite URI file names (uri=true in \(masked)) are not supported: give the path as sqlite:///path.db")
        }
    }
}
