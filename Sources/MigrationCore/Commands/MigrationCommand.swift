/// `upgrade`, `downgrade` and `stamp` with `--sql`: Alembic's offline script, with
/// Alembic's rules for which arguments each accepts.
///
/// Without `--sql` these commands run on a live database (`LiveMigration`); `liveTarget`
/// applies Alembic's argument rules there.
public enum MigrationCommand {
    /// A revision argument of a live run: Alembic takes `start:end` only with `--sql`.
    public static func liveTarget(_ revision: String) throws -> String {
        try range(revision, sql: false).end
    }

    /// `upgrade REVISION [--sql]`; with `--sql`, REVISION may be `start:end`.
    public static func upgrade(
        _ graph: RevisionGraph, revision: String, sql: Bool, options: @autoclosure () throws -> OfflineScript.Options,
        bodies: some RevisionBodyProvider, to out: inout some TextOutputStream
    ) throws {
        let (start, destination) = try range(revision, sql: sql)
        guard sql else { throw needsDatabase("upgrade") }
        let options = try options()
        let heads = try OfflineStart.heads(graph, start: start)
        let plan = try planning { try MigrationPlan.upgrade(graph, to: destination, from: heads) }
        out.write(try OfflineScript.render(plan, options, bodies: bodies))
    }

    /// `downgrade REVISION [--sql]`; with `--sql`, REVISION must be `start:end`.
    public static func downgrade(
        _ graph: RevisionGraph, revision: String, sql: Bool, options: @autoclosure () throws -> OfflineScript.Options,
        bodies: some RevisionBodyProvider, to out: inout some TextOutputStream
    ) throws {
        let (start, destination) = try range(revision, sql: sql)
        if sql && start == nil {
            throw CommandFailure(.usage, "downgrade with --sql requires <fromrev>:<torev>")
        }
        guard sql else { throw needsDatabase("downgrade") }
        let options = try options()
        let heads = try OfflineStart.heads(graph, start: start)
        let plan = try planning { try MigrationPlan.downgrade(graph, to: destination, from: heads) }
        out.write(try OfflineScript.render(plan, options, bodies: bodies))
    }

    /// `stamp REVISION... [--sql] [--purge]`; with `--sql`, each REVISION may be
    /// `start:end`, all with the same start.
    public static func stamp(
        _ graph: RevisionGraph, revisions: [String], sql: Bool, purge: Bool,
        options: @autoclosure () throws -> OfflineScript.Options, to out: inout some TextOutputStream
    ) throws {
        guard sql else { throw needsDatabase("stamp") }
        var start: String?
        var destinations: [String] = []
        for revision in revisions {
            let (from, destination) = try OfflineStart.split(revision)
            if let from, from != start {
                guard start == nil else {
                    throw CommandFailure(
                        .usage, "Stamp operation with --sql only supports a single starting revision at a time")
                }
                start = from
            }
            destinations.append(destination)
        }
        let options = try options()
        // Alembic refuses this once env.py has configured the dialect, before reading the start.
        if purge { throw CommandFailure(.usage, OfflineScript.purgeRefusal) }
        let heads = try OfflineStart.heads(graph, start: start)
        let plan = try planning { try MigrationPlan.stamp(graph, to: destinations, from: heads) }
        out.write(try OfflineScript.render(plan, options, bodies: EmptyBodyProvider()))
    }

    /// Splits `start:end`, which Alembic accepts only with `--sql`.
    private static func range(_ revision: String, sql: Bool) throws -> (start: String?, end: String) {
        if revision.contains(":") && !sql { throw CommandFailure(.usage, "Range revision not allowed") }
        return try OfflineStart.split(revision)
    }

    /// A plan whose rows and steps disagree is a project error.
    private static func planning(_ make: () throws -> MigrationPlan) throws -> MigrationPlan {
        do {
            return try make()
        } catch let error as MigrationPlanError {
            throw CommandFailure(.project, error.message)
        }
    }

    /// These functions write the offline script only; a live run is `LiveMigration`'s.
    private static func needsDatabase(_ command: String) -> CommandFailure {
        CommandFailure(.usage, "\(command) without --sql runs on a database, through LiveMigration")
    }
}
