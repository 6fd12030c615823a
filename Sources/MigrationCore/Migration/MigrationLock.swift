import Foundation

/// The lock that keeps two migration runs on one version table apart.
///
/// PostgreSQL: a session advisory lock (key: `AdvisoryLockKey`) on a connection of its
/// own, so the run's statements, `CREATE INDEX CONCURRENTLY` included, never wait for
/// it; `pg_try_advisory_lock` is polled until the timeout. The server drops it when the
/// session ends, so a killed run leaves no stale lock.
///
/// MySQL: a named lock (`GET_LOCK`, server-wide, so named after the database and the
/// table) on a connection of its own, polled the same way; it too ends with its session.
///
/// SQLite has no such lock: a run serialises on the database file instead, each of its
/// transactions starting with `BEGIN IMMEDIATE` and waiting up to the busy timeout.
public final class MigrationLock {
    private var connection: (any DatabaseConnection)?
    /// PostgreSQL's advisory lock key (0 for a MySQL named lock).
    public let key: Int64
    /// The text the key is the hash of (`retort:<schema>.<table>`), or MySQL's lock name.
    public let keyText: String

    private init(connection: any DatabaseConnection, key: Int64, keyText: String) {
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
        guard url.dialect != .sqlite else { return nil }
        var options = options
        options.readOnly = false
        options.lockTimeout = nil
        do {
            let connection = try url.connect(options)
            let attempt: () throws(DatabaseError) -> Bool
            let holders: () throws(DatabaseError) -> String
            let key: Int64
            let text: String
            if let postgres = connection as? PostgresConnection {
                var schema = table.schema
                if schema == nil, let row = try postgres.query("SELECT current_schema()").first, let name = row.first {
                    schema = name
                }
                text = AdvisoryLockKey.text(schema: schema ?? "public", table: table.name)
                key = AdvisoryLockKey.key(schema: schema ?? "public", table: table.name)
                attempt = { () throws(DatabaseError) in try postgres.tryAdvisoryLock(key) }
                holders = { () throws(DatabaseError) in
                    "(advisory lock \(key), '\(text)'): " + describe(try postgres.advisoryLockHolders(key))
                }
            } else {
                var schema = table.schema
                if schema == nil, let row = try connection.query("SELECT DATABASE()").first, let name = row.first {
                    schema = name
                }
                // MySQL's lock names are at most 64 characters.
                text = String("retort:\(schema ?? "").\(table.name)".prefix(64))
                key = 0
                attempt = { () throws(DatabaseError) in
                    try connection.query("SELECT GET_LOCK($1, 0)", [text]).first?.first == "1"
                }
                holders = { () throws(DatabaseError) in
                    let id = try connection.query("SELECT IS_USED_LOCK($1)", [text]).first?.first ?? nil
                    return "(named lock '\(text)'): " + (id.map { "connection \($0)" } ?? "a session that had just released it")
                }
            }
            let deadline = Date().addingTimeInterval(timeout)
            var pause = 0.05
            var announced = false
            while true {
                if try attempt() {
                    return MigrationLock(connection: connection, key: key, keyText: text)
                }
                if Date() >= deadline {
                    let who = try holders()
                    connection.close()
                    throw CommandFailure(
                        .database,
                        "another migration run holds the lock on the version table '\(table.name)' of \(url.masked) "
                            + "\(who); gave up after \(seconds(timeout)) (--lock-timeout)")
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
        if let postgres = connection as? PostgresConnection {
            _ = try? postgres.advisoryUnlock(key)
        } else {
            _ = try? connection.query("SELECT RELEASE_LOCK($1)", [keyText])
        }
        connection.close()
        self.connection = nil
    }

    /// The sessions holding a PostgreSQL advisory lock, for the timeout message.
    private static func describe(_ holders: [PostgresConnection.LockHolder]) -> String {
        holders.isEmpty
            ? "a session that had just released it"
            : holders.map { holder in
                "pid \(holder.pid)"
                    + (holder.applicationName.isEmpty ? "" : " (application '\(holder.applicationName)')")
                    + (holder.since.map { ", connected since \($0)" } ?? "")
            }.joined(separator: "; ")
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
