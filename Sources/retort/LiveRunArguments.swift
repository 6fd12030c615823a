import ArgumentParser
import Foundation
import MigrationCore

#if canImport(Glibc)
    import Glibc
#endif

/// The options of `upgrade`, `downgrade` and `stamp` that only a live run reads.
struct LiveRunArguments: ParsableArguments {
    @Flag(help: "Apply without asking (needed when standard input or output is not a terminal).")
    var yes = false

    @Option(
        help: ArgumentHelp(
            "per-migration: each migration atomic with its version rows (the default online; a transaction each on PostgreSQL, a savepoint each on SQLite, committed every 0.2 s); commit-each: a transaction and a durable commit for every migration, on SQLite too (slower); all: one transaction around the whole run (the default with --sql, as Alembic's).",
            valueName: "per-migration|commit-each|all"))
    var transaction: String?

    @Option(help: "Seconds to wait for another run's lock, or for a table lock on PostgreSQL.")
    var lockTimeout: Double = 60

    /// The transaction mode from `--transaction` and Alembic's `--transaction-per-migration`.
    func transactions(_ offline: OfflineSQLArguments) throws -> TransactionMode? {
        var mode: TransactionMode?
        if let transaction {
            guard let named = TransactionMode(rawValue: transaction) else {
                throw CommandFailure(
                    .usage, "--transaction must be per-migration, commit-each or all, not '\(transaction)'")
            }
            mode = named
        }
        if offline.transactionPerMigration {
            if mode == .all {
                throw CommandFailure(.usage, "--transaction all contradicts --transaction-per-migration")
            }
            mode = mode ?? .perMigration
        }
        return mode
    }
}

/// Running `upgrade`, `downgrade` or `stamp` on the database, from the command line.
enum LiveCommandLine {
    static func run(
        _ request: LiveMigration.Request, project: ProjectArguments, offline: OfflineSQLArguments,
        live: LiveRunArguments, loaded: LoadedProject, graph: RevisionGraph, rehearsal: RehearsalMode? = nil
    ) throws {
        let environment = try project.environment(loaded.configuration)
        let chosen = try DatabaseChoice.choose(
            option: project.url, configuration: loaded.configuration, env: environment.settings)
        let url = chosen.url
        if let name = project.dialect, name != url.dialect.rawValue {
            throw CommandFailure(.usage, "--dialect \(name) contradicts the database, whose dialect is \(url.dialect.rawValue)")
        }
        guard live.lockTimeout >= 0, live.lockTimeout.isFinite else {
            throw CommandFailure(.usage, "--lock-timeout must be a number of seconds, 0 or more")
        }
        var settings = LiveMigration.Settings()
        _ = try VersionTableArguments.table(name: offline.versionTable, schema: offline.versionTableSchema)
        settings.table = environment.versionTable(name: offline.versionTable, schema: offline.versionTableSchema)
        settings.databaseSource = chosen.source == "--url" ? nil : chosen.source
        settings.sessionStatements = environment.settings?.sessionStatements ?? []
        settings.transactions = try live.transactions(offline) ?? .perMigration
        settings.lockTimeout = live.lockTimeout
        settings.assumeYes = live.yes
        settings.rehearsal = rehearsal
        settings.currentDirectory = project.options.currentDirectory
        var out = UnbufferedOutput()
        let choice = try project.engineChoice()
        if rehearsal == nil { settings.shouldStop = Interrupts.install() }
        try LiveMigration.run(
            request, graph: graph, url: url, settings: settings, confirm: TerminalConfirmation.available(),
            makeExecutor: { graph, url, version in
                RoutedExecutor(
                    native: NativeExecutor(bodies: LiveBodies(graph: graph, dialect: url.dialect, serverVersion: version)),
                    alembic: environment.bridge.map { AlembicExecutor(bridge: $0, url: url) }, choice: choice,
                    projectReason: environment.nativeObstacle, pythonHint: environment.pythonHint)
            }, to: &out)
        withExtendedLifetime(environment) {}
    }
}

/// Asking on the terminal: only when standard input and output both are one; the answer
/// is a line, and only `y` or `yes` confirms (Enter alone never does).
enum TerminalConfirmation {
    static func available() -> LiveMigration.Confirm? {
        guard isatty(0) == 1, isatty(1) == 1 else { return nil }
        return { question in
            var out = UnbufferedOutput()
            out.write(question)
            guard let answer = readLine(strippingNewline: true) else {
                out.write("\n")
                return false
            }
            let word = answer.trimmingCharacters(in: .whitespaces).lowercased()
            return word == "y" || word == "yes"
        }
    }
}

/// Ctrl-C during a live run: the first stops the run after the step that is running (it
/// commits, the rest are not run); the second ends Retort at once, and with it the
/// project's Python, so the database rolls back what the running step's transaction held.
enum Interrupts {
    nonisolated(unsafe) static var count: Int32 = 0
    /// Made before the handler is installed: a signal handler must not allocate.
    nonisolated(unsafe) static var message: UnsafeMutablePointer<CChar>?

    static func install() -> @Sendable () -> Bool {
        message = strdup("\nCtrl-C: stopping after this step (Ctrl-C again ends it now; what is not committed rolls back)\n")
        signal(SIGINT) { _ in
            Interrupts.count += 1
            if Interrupts.count > 1 { _exit(130) }
            if let message = Interrupts.message { _ = write(2, message, strlen(message)) }
        }
        return { Interrupts.count > 0 }
    }
}
