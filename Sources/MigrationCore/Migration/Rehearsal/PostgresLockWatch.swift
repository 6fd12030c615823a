import Foundation

/// What a PostgreSQL rehearsal learns about locks: the table locks each statement took
/// (from `pg_locks` for the rehearsing session, right after the statement), and whether
/// it waited for one, seen by a second session that looks at `pg_stat_activity` while
/// the rehearsal runs; the statement that waited is known by its text, which the server
/// shows for the statement running now, also in a pipeline.
final class PostgresLockWatch: @unchecked Sendable {
    private let connection: any DatabaseConnection
    private let pid: String
    private var held: Set<String> = []
    /// The tables the database had when the rehearsal began, by oid: the locks that can
    /// keep other sessions waiting (a table made in the rehearsal is seen by no one else).
    private var existing: [String: String] = [:]
    private let state = NSLock()
    private var watching = true
    /// What the watcher saw wait, by the statement's text: since when, and for whom.
    private var waits: [String: (since: Date, seconds: Double, holders: String)] = [:]
    private let done = DispatchSemaphore(value: 0)

    /// Starts watching the session of `connection`; nil for a database that is not
    /// PostgreSQL.
    init?(_ connection: any DatabaseConnection, url: DatabaseURL, options: ConnectOptions) {
        guard connection.dialect == .postgresql,
            let pid = try? connection.query("SELECT pg_backend_pid()").first?.first ?? nil
        else { return nil }
        self.connection = connection
        self.pid = pid
        var options = options
        options.readOnly = true
        options.applicationName = "retort rehearsal watch"
        let thread = Thread { [self, options] in
            defer { done.signal() }
            // Without the second session the rehearsal goes on, reporting no waits.
            guard let watcher = try? PostgresConnection(url, options) else { return }
            defer { watcher.close() }
            while true {
                state.lock()
                let go = watching
                state.unlock()
                guard go else { return }
                // Only the wait itself is read every time: who blocks it (pg_blocking_pids,
                // which takes the lock manager's locks) only while it waits.
                let row = (try? watcher.query(
                    "SELECT wait_event_type, query FROM pg_stat_activity WHERE pid = $1::int", [pid]))?.first
                let waiting = row?.first == "Lock"
                if waiting, let statement = row.flatMap({ $0.count > 1 ? $0[1] : nil }) {
                    let holders = (try? watcher.query(
                        "SELECT string_agg(b.pid || coalesce(' (' || nullif(b.application_name, '') || ')', ''), ', ') "
                            + "FROM pg_stat_activity b WHERE b.pid = ANY(pg_blocking_pids($1::int))", [pid]))?.first?.first ?? nil
                    state.lock()
                    let now = Date()
                    let since = waits[statement]?.since ?? now
                    // The last sample may come as the holder lets go (no blocker any more):
                    // who held it is what an earlier sample saw.
                    let known = waits[statement]?.holders
                    let who = holders ?? (known == "another session" ? nil : known) ?? "another session"
                    waits[statement] = (since, now.timeIntervalSince(since), who)
                    state.unlock()
                }
                Thread.sleep(forTimeInterval: waiting ? 0.01 : 0.02)
            }
        }
        thread.start()
    }

    /// Notes the tables there are before the rehearsal's first statement.
    func begin() {
        let rows = (try? connection.query(
            "SELECT c.oid::text, c.relname FROM pg_class c WHERE c.relkind IN ('r', 'p') "
                + "AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)")) ?? []
        for row in rows { if let oid = row[0], let name = row[1] { existing[oid] = name } }
        held = []
        if let query = lockQuery { _ = newLocks(from: (try? connection.query(query.sql, query.parameters)) ?? []) }
    }

    /// The query that reads the session's locks on the tables that existed before the
    /// rehearsal; nil when there were none (reading `pg_locks` costs more the more locks
    /// the transaction holds, so it is not read for nothing).
    var lockQuery: BatchStatement? {
        guard !existing.isEmpty else { return nil }
        return BatchStatement(
            "SELECT relation::text, mode FROM pg_locks WHERE pid = pg_backend_pid() AND granted "
                + "AND locktype = 'relation' AND relation = ANY(string_to_array($1, ',')::oid[])",
            [existing.keys.joined(separator: ",")], returnsRows: true)
    }

    /// The locks among `rows` (the lock query's) not held at the last call, as
    /// `AccessExclusiveLock on jobs`.
    func newLocks(from rows: [[String?]]) -> [String] {
        let now = Set(rows.compactMap { row -> String? in
            guard row.count > 1, let oid = row[0], let mode = row[1], let name = existing[oid] else { return nil }
            return "\(mode) on \(name)"
        })
        defer { held = now }
        return now.subtracting(held).sorted()
    }

    /// Reads the locks now, for a statement sent on its own.
    func newLocks() -> [String] {
        guard let query = lockQuery else { return [] }
        return newLocks(from: (try? connection.query(query.sql, query.parameters)) ?? [])
    }

    /// How long the statement `sql` waited for a lock, and for whom; nil when it did not.
    func waited(_ sql: String) -> String? {
        state.lock()
        defer { state.unlock() }
        guard let wait = waits[sql] else { return nil }
        return "at least \(RehearsalReport.time(max(wait.seconds, 0.01))) for a lock held by \(wait.holders)"
    }

    /// Stops the watching session and waits for it to close.
    func stop() {
        state.lock()
        watching = false
        state.unlock()
        done.wait()
    }
}
