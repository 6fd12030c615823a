import Foundation

/// Where a rehearsal runs.
public enum RehearsalMode: Sendable, Equatable {
    /// On the database itself, behind the migration lock (SQLite's write lock for the
    /// length of the rehearsal).
    case inPlace
    /// On a temporary copy of an SQLite database made with the backup API, so that no
    /// write lock is held on the live file.
    case onCopy
}

extension LiveMigration {
    /// The plan run in one transaction that is always rolled back, on the command line
    /// and in the browser: connect (or copy the SQLite file), take the migration lock,
    /// read the rows again (a plan another run made out of date is refused), rehearse.
    public static func rehearse(
        _ request: Request, plan: MigrationPlan, plannedRows: [String], executor: any MigrationExecutor,
        graph: RevisionGraph, url: DatabaseURL, settings: Settings, mode: RehearsalMode, waiting: () -> Void,
        events: (MigrationEvent) -> Void
    ) throws -> RehearsalReport {
        guard url.dialect != .mysql else {
            throw CommandFailure(
                .usage,
                "not supported: a rehearsal on MySQL, which commits each DDL statement as it runs, so that no "
                    + "transaction can roll the plan back; rehearse on a copy of the database instead")
        }
        var options = connectOptions(request, settings)
        options.applicationName = "retort rehearsal"
        var target = url
        var copy: String?
        if mode == .onCopy {
            guard url.dialect == .sqlite else {
                throw CommandFailure(.usage, "--rehearse-on-copy copies an SQLite database; on PostgreSQL use --rehearse")
            }
            let path = NSTemporaryDirectory() + "retort-rehearsal-\(UUID().uuidString).db"
            copy = path
            target = try DatabaseURL("sqlite:///" + path)
            do throws(DatabaseError) {
                var readOnly = options
                readOnly.readOnly = true
                let live = try url.connect(readOnly)
                defer { live.close() }
                try (live as? SQLiteConnection)?.backup(to: path)
            } catch where error.kind == .missingFile {
                // Nothing to copy: the rehearsal starts from an empty database, as the run would.
            } catch {
                throw CommandFailure(.database, error.description)
            }
        }
        defer {
            if let copy {
                for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
            }
        }
        let (connection, lock) = try connectAndLock(target, options, settings, waiting: waiting)
        defer {
            lock?.release()
            connection.close()
        }
        let rowsNow = try readRows(connection, settings.table, graph, purging: request.purges)
        guard RowCheck.same(rowsNow, plannedRows) else {
            throw CommandFailure(
                .database,
                "not rehearsed: \(settings.table.name) changed meanwhile (it now holds \(LivePlanText.rows(rowsNow))), "
                    + "so the plan shown is out of date; run the command again")
        }
        let session = MigrationSession(
            connection: connection, versionTable: settings.table, transactions: .all, lockTimeout: settings.lockTimeout)
        let report = RehearsalReport(database: url.masked, onCopy: mode == .onCopy)
        let watch = target.dialect == .postgresql ? LockWatchSettings(url: target, options: options) : nil
        return executor.rehearse(plan, in: session, report: report, watchLocks: watch, events: events)
    }
}
