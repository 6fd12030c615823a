import Foundation

/// What a PostgreSQL rehearsal learns about locks: the table locks each statement took
/// (from `pg_locks` for the rehearsing session, after the statement), and whether it
/// waited for one, seen by a second session that looks at `pg_stat_activity` while the
/// statement runs.
final class PostgresLockWatch: @unchecked Sendable {
    private let connection: any DatabaseConnection
    private let pid: String
    private var held: Set<String> = []
    /// The tables the database had when the rehearsal began, by oid: the locks that can
    /// keep other sessions waiting (a table made in the rehearsal is seen by no one else).
    private var existing: [String: String] = [:]
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
                // Only the wait itself is read every time: who blocks it (pg_blocking_pids,
                // which takes the lock manager's locks) only while it waits.
                let waiting = (try? watcher.query(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1::int", [pid]))?.first?.first == "Lock"
                if waiting {
                    let holders = (try? watcher.query(
                        "SELECT string_agg(b.pid || coalesce(' (' || nullif(b.application_name, '') || ')', ''), ', ') "
                            + "FROM pg_stat_activity b WHERE b.pid = ANY(pg_blocking_pids($1::int))", [pid]))?.first?.first ?? nil
                    state.lock()
                    let now = Date()
                    let since = waits[statement]?.since ?? now
                    waits[statement] = (since, now.timeIntervalSince(since), holders ?? "another session")
                    state.unlock()
                }
                Thread.sleep(forTimeInterval: waiting ? 0.01 : 0.02)
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

    /// Notes the tables there are before the rehearsal's first statement.
    func begin() {
        let rows = (try? connection.query(
            "SELECT c.oid::text, c.relname FROM pg_class c WHERE c.relkind IN ('r', 'p') "
                + "AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)")) ?? []
        for row in rows { if let oid = row[0], let name = row[1] { existing[oid] = name } }
        held = []
        _ = newLocks()
    }

    /// The locks on tables that existed before the rehearsal taken since the last call,
    /// as `AccessExclusiveLock on jobs`. (Reading `pg_locks` costs more the more locks the
    /// transaction holds, so with no such table it is not read at all.)
    func newLocks() -> [String] {
        guard !existing.isEmpty else { return [] }
        let rows = (try? connection.query(
            "SELECT relation::text, mode FROM pg_locks WHERE pid = pg_backend_pid() AND granted "
                + "AND locktype = 'relation' AND relation = ANY(string_to_array($1, ',')::oid[])",
            [existing.keys.joined(separator: ",")])) ?? []
        let now = Set(rows.compactMap { row -> String? in
            guard let oid = row[0], let mode = row[1], let name = existing[oid] else { return nil }
            return "\(mode) on \(name)"
        })
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
