import Foundation

/// What a PostgreSQL rehearsal learns about locks: the table locks each statement took
/// (from `pg_locks` for the rehearsing session, after the statement), and whether it
/// waited for one, seen by a second session that looks at `pg_stat_activity` while the
/// statement runs.
final class PostgresLockWatch: @unchecked Sendable {
    private let connection: any DatabaseConnection
    private let pid: String
    private var held: Set<String> = []
    private let state = NSLock()
    private var watching = true
    /// The statement running now, and what the watcher saw of it.
    private var running = 0
    private var waits: [Int: (since: Date, seconds: Double, holders: String)] = [:]
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
                let statement = running
                state.unlock()
                guard go else { return }
                let row = (try? watcher.query(
                    "SELECT a.wait_event_type, (SELECT string_agg(b.pid || coalesce(' (' || nullif(b.application_name, '') || ')', ''), ', ') "
                        + "FROM pg_stat_activity b WHERE b.pid = ANY(pg_blocking_pids(a.pid))) FROM pg_stat_activity a WHERE a.pid = $1::int",
                    [pid]))?.first
                if let row, row.first == "Lock" {
                    state.lock()
                    let now = Date()
                    let since = waits[statement]?.since ?? now
                    waits[statement] = (since, now.timeIntervalSince(since), (row.count > 1 ? row[1] : nil) ?? "another session")
                    state.unlock()
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        thread.start()
    }

    /// Statement `number` (counted over the whole rehearsal) is about to run.
    func starting(_ number: Int) {
        state.lock()
        running = number
        state.unlock()
    }

    /// The table locks taken since the last call, as `AccessExclusiveLock on jobs`.
    func newLocks() -> [String] {
        let rows = (try? connection.query(
            "SELECT l.mode || ' on ' || c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                + "WHERE l.pid = pg_backend_pid() AND l.granted AND l.locktype = 'relation' AND c.relkind IN ('r', 'p') "
                + "AND c.relnamespace <> 'pg_catalog'::regnamespace ORDER BY 1")) ?? []
        let now = Set(rows.compactMap { $0.first ?? nil })
        defer { held = now }
        return now.subtracting(held).sorted()
    }

    /// How long statement `number` waited for a lock, and for whom; nil when it did not.
    func waited(_ number: Int) -> String? {
        state.lock()
        defer { state.unlock() }
        guard let wait = waits[number] else { return nil }
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
