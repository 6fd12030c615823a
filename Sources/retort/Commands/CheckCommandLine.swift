import ArgumentParser
import MigrationCore

/// `retort check`: validates the script directory; non-zero on a broken graph.
struct CheckCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the scripts and the revision graph.")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments

    func run() throws {
        let loaded = try LoadedProject.load(project.options)
        var out = StandardOutput()
        defer { out.flush() }
        let report = CheckCommand.run(loaded)
        out.write(report.text)
        if !report.passed { throw ExitCode(CommandFailure.Status.project.rawValue) }
    }
}
