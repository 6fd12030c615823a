import ArgumentParser
import MigrationCore

/// `retort schema [REV]`: the schema the history describes at a revision, replayed from
/// the revisions without a database.
struct SchemaCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Show the schema the history describes at a revision (default: heads).")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments
    @OptionGroup var versionTable: VersionTableArguments

    @Argument(help: "A revision spec: an id or unique prefix, head, heads, label@head, base, ...; current: the database's rows.")
    var revision = "heads"

    @Flag(help: "Print one JSON document: every table's columns, keys, indexes and constraints.")
    var json = false

    func run() throws {
        try ProjectRun.run(project, showsConfiguration: false) { loaded, graph, out in
            if try project.engineChoice() == .alembic { return try throughAlembic(loaded, graph, &out) }
            guard revision == "current" else {
                let dialect = try project.offlineDialect(loaded.configuration)
                return try SchemaCommand.run(loaded.functions(graph, dialect: dialect), revision: revision, json: json, to: &out)
            }
            // The database's rows, read-only; the DDL in its dialect unless --dialect says otherwise.
            let (url, table, options) = try versionTable.connection(project, loaded.configuration)
            let rows = try DatabaseRows.read(url, table: table, options: options)
            var errors = StandardError()
            for note in rows.notes { print(note, to: &errors) }
            let dialect = project.dialect == nil ? url.dialect : try project.offlineDialect(loaded.configuration)
            try SchemaCommand.run(loaded.functions(graph, dialect: dialect), rows: rows, json: json, to: &out)
        }
    }

    /// `--engine alembic`: the history run by the project's Alembic into a scratch
    /// database (a temporary SQLite file, or one on the PostgreSQL server of `--url`).
    func throughAlembic(_ loaded: LoadedProject, _ graph: RevisionGraph, _ out: inout StandardOutput) throws {
        guard revision != "current" else {
            throw CommandFailure(.usage, "schema current reads the database's rows; --engine alembic builds a revision's schema")
        }
        let server = try project.url.map { text in
            do {
                return try DatabaseURL(text)
            } catch {
                throw CommandFailure(.usage, "--url: \(error)")
            }
        }
        let dialect = server?.backend == .postgresql ? Dialect.postgresql : .sqlite
        if let name = project.dialect, name != dialect.rawValue {
            throw CommandFailure(
                .usage, "--dialect \(name) contradicts the scratch database, which is \(dialect.rawValue) (a PostgreSQL --url makes it PostgreSQL)")
        }
        try SchemaThroughAlembic.run(
            graph, revision: revision, server: server?.backend == .postgresql ? server : nil, json: json,
            environment: { scratch in try project.environment(loaded.configuration, startPython: true, url: scratch.withPassword) },
            to: &out)
    }
}
