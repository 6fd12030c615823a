import ArgumentParser
import MigrationCore

/// `--rehearse` and `--rehearse-on-copy` of `upgrade` and `downgrade`.
struct RehearsalArguments: ParsableArguments {
    @Flag(
        help: ArgumentHelp(
            "Run the plan in one transaction that is always rolled back, behind the migration lock, and report every statement (rows, time, PostgreSQL's locks) or the first failure (exit 4); nothing is applied."))
    var rehearse = false

    @Flag(help: "Rehearse on a temporary copy of an SQLite database (SQLite's backup API), holding no write lock on it.")
    var rehearseOnCopy = false

    /// The rehearsal asked for, if any; not with `--sql`.
    func mode(sql: Bool) throws -> RehearsalMode? {
        guard rehearse || rehearseOnCopy else { return nil }
        if sql { throw CommandFailure(.usage, "--rehearse runs on a database; it cannot be combined with --sql") }
        return rehearseOnCopy ? .onCopy : .inPlace
    }
}
