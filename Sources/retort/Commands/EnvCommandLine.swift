import ArgumentParser
import MigrationCore

/// `retort env`: what Retort found about the project's runtime, and the engine of each function.
struct EnvCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Show what Retort found: configuration, Python, database URL and its source, env.py settings, engines.")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments
    @OptionGroup var versionTable: VersionTableArguments

    @Flag(help: "Print one JSON document.")
    var json = false

    func run() throws {
        try ProjectRun.run(project, showsConfiguration: false) { loaded, graph, out in
            let environment = try project.environment(loaded.configuration, startPython: true)
            var options = EnvCommand.Options()
            options.json = json
            options.choice = try project.engineChoice()
            options.urlOption = project.url
            options.versionTable = versionTable.versionTable
            options.versionTableSchema = versionTable.versionTableSchema
            EnvCommand.run(graph, environment: environment, options: options, to: &out)
        }
    }
}
