import ArgumentParser
import MigrationCore

/// `retort history`: Alembic's `history`, line for line.
struct HistoryCommandLine: ProjectCommand {
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

    var showsConfiguration: Bool { verbose }

    func report(_ graph: RevisionGraph, to out: inout StandardOutput) throws {
        if indicateCurrent {
            throw CommandFailure(.usage, "not supported yet: history -i needs a database connection")
        }
        try HistoryCommand.run(graph, .init(range: revRange, verbose: verbose, json: json), to: &out)
    }
}
