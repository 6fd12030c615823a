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
        if let versionTable, versionTable.isEmpty { throw CommandFailure(.usage, "--version-table must not be empty") }
        if let versionTableSchema, versionTableSchema.isEmpty {
            throw CommandFailure(.usage, "--version-table-schema must not be empty")
        }
        return VersionTable(name: versionTable ?? "alembic_version", schema: versionTableSchema)
    }

    /// The rows of the version table in the database `--url` or `sqlalchemy.url` names.
    func read(_ project: ProjectArguments, _ configuration: ProjectConfiguration) throws -> DatabaseRows {
        let url = try DatabaseChoice.url(option: project.url, configuration: configuration)
        var options = ConnectOptions(readOnly: true)
        options.currentDirectory = project.options.currentDirectory
        let database = try DatabaseRows.read(url, table: try table(), options: options)
        var errors = StandardError()
        for note in database.notes { print(note, to: &errors) }
        return database
    }
}
