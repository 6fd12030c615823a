import ArgumentParser
import MigrationCore

/// Options shared by `ops` and `sql`: which revision and which function (the dialect
/// comes from the global `--dialect` and `--url`).
struct RevisionBodyArguments: ParsableArguments {
    @Argument(help: "A revision spec naming one revision: an id or unique prefix, head, label@head, ...")
    var revision: String

    @Flag(help: "The downgrade() function instead of upgrade().")
    var downgrade = false

    @Flag(help: "Print one JSON document.")
    var json = false
}

/// `retort sql REV`: the SQL of one revision's function, as Alembic's offline mode writes it.
struct SQLCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql", abstract: "Print the SQL of one revision's upgrade() (or downgrade()), without the version table.")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments
    @OptionGroup var body: RevisionBodyArguments

    func run() throws { try RevisionBodyRun.run(project, body, output: .sql) }
}

/// `retort ops REV`: one revision's operations, one per line.
struct OpsCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ops", abstract: "List the operations of one revision's upgrade() (or downgrade()).")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments
    @OptionGroup var body: RevisionBodyArguments

    func run() throws { try RevisionBodyRun.run(project, body, output: .operations) }
}

enum RevisionBodyRun {
    static func run(_ project: ProjectArguments, _ arguments: RevisionBodyArguments, output: RevisionBodyCommand.Output) throws {
        let loaded = try LoadedProject.load(project.options)
        var errors = StandardError()
        for note in loaded.configuration.warnings { print(note, to: &errors) }
        for problem in loaded.problems { print(problem, to: &errors) }
        let dialect = try project.offlineDialect(loaded.configuration)
        var out = StandardOutput()
        defer { out.flush() }
        let engine = try project.engineChoice()
        let lazy = MigrationProject.LazyEnvironment(project, loaded.configuration)
        try RevisionBodyCommand.run(
            try loaded.graph(), revision: arguments.revision, direction: arguments.downgrade ? .downgrade : .upgrade,
            dialect: dialect, output: output, json: arguments.json, engine: engine, alembic: { lazy.previews() },
            pythonHint: { engine == .native ? nil : lazy.pythonHint }, to: &out, errors: &errors)
    }
}
