import ArgumentParser
import MigrationCore

/// `--version-table` and `--version-table-schema` for the commands that read the
/// database; in Alembic they are env.py's `context.configure()` arguments.
struct VersionTableArguments: ParsableArguments {
    @Option(help: "The version table's name (default alembic_version).")
    var versionTable: String?

    @Option(help: "The version table's schema (default: the database's default schema).")
    var versionTableSchema: String?

    /// The table these options name.
    func table() throws -> VersionTable {
        try Self.table(name: versionTable, schema: versionTableSchema)
    }

    /// The table `--version-table` and `--version-table-schema` name (the defaults when nil).
    static func table(name: String?, schema: String?) throws -> VersionTable {
        if let name, name.isEmpty { throw CommandFailure(.usage, "--version-table must not be empty") }
        if let schema, schema.isEmpty { throw CommandFailure(.usage, "--version-table-schema must not be empty") }
        return VersionTable(name: name ?? "alembic_version", schema: schema)
    }

    /// The rows of the version table in the database `--url`, env.py or `sqlalchemy.url`
    /// names; `verbose` says on standard error where the URL came from.
    func read(_ project: ProjectArguments, _ configuration: ProjectConfiguration, verbose: Bool = false) throws
        -> DatabaseRows
    {
        let (url, table, options) = try connection(project, configuration, verbose: verbose)
        let database = try DatabaseRows.read(url, table: table, options: options)
        var errors = StandardError()
        for note in database.notes { print(note, to: &errors) }
        return database
    }

    /// The database `--url`, env.py or `sqlalchemy.url` names, its version table and how
    /// to connect to it read-only; `verbose` says on standard error where the URL came from.
    func connection(_ project: ProjectArguments, _ configuration: ProjectConfiguration, verbose: Bool = false) throws
        -> (DatabaseURL, VersionTable, ConnectOptions)
    {
        let environment = try project.environment(configuration)
        let chosen = try DatabaseChoice.choose(option: project.url, configuration: configuration, env: environment.settings)
        _ = try table()
        let table = environment.versionTable(name: versionTable, schema: versionTableSchema)
        var options = ConnectOptions(readOnly: true)
        options.currentDirectory = project.options.currentDirectory
        options.sessionStatements = environment.settings?.sessionStatements ?? []
        if verbose {
            var errors = StandardError()
            print("Database from \(chosen.source)", to: &errors)
        }
        return (chosen.url, table, options)
    }
}
