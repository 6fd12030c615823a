import Foundation

/// The lock that keeps two migration runs on one version table apart.
///
/// PostgreSQL: a session advisory lock (key: `AdvisoryLockKey`) on a connection of its
/// own, so the run's statements, `CREATE INDEX CONCURRENTLY` included, never wait for
/// it; `pg_try_advisory_lock` is polled until the timeout. The server drops it when the
/// session ends, so a killed run leaves no stale lock.
///
/// SQLite has no such lock: a run serialises on the database file instead, each of its
/// transactions starting with `BEGIN IMMEDIATE` and waiting up to the busy timeout.
public final class MigrationLock {
    private var connection: PostgresConnection?
    public let key: Int64
    /// The text the key is the hash of (`retort:<schema>.<table>`).
    public let keyText: String

    private init(connection: PostgresConnection, key: Int64, keyText: String) {
        self.connection = connection
        self.key = key
        self.keyText = keyText
    }

    deinit { release() }

    /// Takes the lock for `table` in the database `url` names, waiting `timeout` seconds
    /// at most; nil for SQLite. Gives up with exit status 4 naming the holder.
    public static func acquire(
        _ url: DatabaseURL, table: VersionTable, options: ConnectOptions, timeout: Double,
        waiting: () -> Void = {}
    ) throws -> MigrationLock? {
        guard url.dialect == .postgresql else { return nil }
        var options = options
        options.readOnly = false
        options.lockTimeout = nil
        do {
            let connection = try PostgresConnection(url, options)
            var schema = table.schema
            if schema == nil, let row = try connection.query("SELECT current_schema()").first, let name = row.first {
                schema = name
            }
            let text = AdvisoryLockKey.text(schema: schema ?? "public", table: table.name)
            let key = AdvisoryLockKey.key(schema: schema ?? "public", table: table.name)
            let deadline = Date().addingTimeInterval(timeout)
            var pause = 0.05
            var announced = false
            while true {
                if try connection.tryAdvisoryLock(key) {
                    return MigrationLock(connection: connection, key: key, keyText: text)
                }
                if Date() >= deadline {
                    let holders = try connection.advisoryLockHolders(key)
                    connection.close()
                    throw CommandFailure(.database, timeoutMessage(url, table: table, text: text, key: key, holders: holders, timeout: timeout))
                }
                if !announced {
                    announced = true
                    waiting()
                }
                Thread.sleep(forTimeInterval: min(pause, max(0, deadline.timeIntervalSinceNow)))
                pause = min(pause * 2, 0.5)
            }
        } catch let error as DatabaseError {
            throw CommandFailure(.database, "cannot take the migration lock: \(error.description)")
        }
    }

    /// Releases the lock (closing its session releases it too).
    public func release() {
        guard let connection else { return }
        _ = try? connection.advisoryUnlock(key)
        connection.close()
        self.connection = nil
    }

    private static func timeoutMessage(
        _ url: DatabaseURL, table: VersionTable, text: String, key: Int64, holders: [PostgresConnection.LockHolder],
        timeout: Double
    ) -> String {
        let who =
            holders.isEmpty
            ? "a session that had just released it"
            : holders.map { holder in
                "pid \(holder.pid)"
                    + (holder.applicationName.isEmpty ? "" : " (application '\(holder.applicationName)')")
                    + (holder.since.map { ", connected since \($0)" } ?? "")
            }.joined(separator: "; ")
        return "another migration run holds the lock on the version table '\(table.name)' of \(url.masked) "
            + "(advisory lock \(key), '\(text)'): \(who); gave up after \(seconds(timeout)) (--lock-timeout)"
    }

    /// SQLite's "database is locked" after the busy timeout, said as the lock it is.
    static func explained(_ error: DatabaseError, _ dialect: Dialect, timeout: Double) -> DatabaseError {
        guard dialect == .sqlite, error.message.hasPrefix("database is locked") else { return error }
        return DatabaseError(
            .statement, "the SQLite database stayed locked by another connection for \(seconds(timeout)) (--lock-timeout)")
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}
