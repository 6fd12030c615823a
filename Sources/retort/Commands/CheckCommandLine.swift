import ArgumentParser
import MigrationCore

/// `retort check`: validates the script directory; non-zero on a broken graph. With
/// `--roundtrip`, also checks that each downgrade undoes its upgrade on a scratch database.
struct CheckCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the scripts and the revision graph.",
        discussion: """
            --roundtrip [RANGE]: on a scratch database (a temporary SQLite file, or with a PostgreSQL --url a \
            temporary database on that server, dropped after), upgrade each revision, downgrade it, compare the \
            schema with the one before, and upgrade again. Exit 0 when every revision round-trips, 2 when one does \
            not (named, with the differences), 3 when an upgrade cannot be written.
            """)

    @OptionGroup(visibility: .hidden) var project: ProjectArguments

    @Flag(help: "Check that each downgrade undoes its upgrade, on a scratch database.")
    var roundtrip = false

    @Argument(help: "With --roundtrip: [start]:[end], as history's -r (default: every revision).")
    var range: String?

    @Flag(help: "With --roundtrip: print one JSON document.")
    var json = false

    func validate() throws {
        if !roundtrip, range != nil || json { throw ValidationError("a range and --json go with --roundtrip") }
    }

    func run() throws {
        guard roundtrip else {
            let loaded = try LoadedProject.load(project.options)
            var out = StandardOutput()
            defer { out.flush() }
            let report = CheckCommand.run(loaded)
            out.write(report.text)
            if !report.passed { throw ExitCode(CommandFailure.Status.project.rawValue) }
            return
        }
        try ProjectRun.run(project, showsConfiguration: false) { _, graph, out in
            let server = try project.url.map { text -> DatabaseURL in
                do {
                    return try DatabaseURL(text)
                } catch {
                    throw CommandFailure(.usage, "--url: \(error)")
                }
            }
            try RoundTripCommand.run(graph, range: range, server: server, versionTable: VersionTable(), json: json, to: &out)
        }
    }
}
