import ArgumentParser
import MigrationCore

/// `retort history`: Alembic's `history`, line for line.
struct HistoryCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "List revisions in chronological order, newest first.")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments

    @Option(name: [.short, .customLong("rev-range")], parsing: .unconditional, help: "Range: [start]:[end], [start]:, or :[end].")
    var revRange: String?

    @Flag(name: [.short, .long], help: "Verbose output.")
    var verbose = false

    @Flag(name: [.short, .customLong("indicate-current")], help: "Mark the database's current revisions.")
    var indicateCurrent = false

    @Flag(help: "Print one JSON document.")
    var json = false

    @OptionGroup var versionTable: VersionTableArguments

    func run() throws {
        try ProjectRun.run(project, showsConfiguration: verbose) { loaded, graph, out in
            // Only -i and a range with `current` read the database (Alembic runs env.py for them).
            let readsDatabase = indicateCurrent || HistoryCommand.rangeNamesCurrent(revRange)
            let current = readsDatabase ? try versionTable.read(project, loaded.configuration) : nil
            try HistoryCommand.run(
                graph,
                .init(range: revRange, verbose: verbose, json: json, current: current, indicateCurrent: indicateCurrent),
                to: &out)
        }
    }
}
