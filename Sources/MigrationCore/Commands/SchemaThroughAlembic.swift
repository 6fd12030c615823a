/// `schema REV --engine alembic`: the history run into a scratch database by the
/// project's own Alembic (through env.py, as `alembic upgrade REV` runs it), and the
/// schema read back from that database: what `schema REV` replays without a database
/// must agree with it wherever both work.
public enum SchemaThroughAlembic {
    /// `server`: a PostgreSQL URL whose server gets the scratch database; nil means a
    /// temporary SQLite file. The scratch database is removed afterwards either way.
    /// `environment` reads env.py with the scratch database's URL in place of the
    /// project's (as `--url` gives it), starting the project's Python.
    public static func run(
        _ graph: RevisionGraph, revision spec: String, server: DatabaseURL?, json: Bool,
        environment: (_ url: DatabaseURL) throws -> ProjectEnvironment, to out: inout some TextOutputStream
    ) throws {
        let nodes = try graph.nodes(for: spec)
        let schema = try ScratchDatabase.with(server) { scratch -> HistorySchema in
            let project = try environment(scratch.url)
            defer { withExtendedLifetime(project) {} }
            guard let bridge = project.bridge else {
                throw CommandFailure(.uninterpretable, "--engine alembic: \(project.pythonHint)")
            }
            let versionTable = project.versionTable(name: nil, schema: nil)
            if !nodes.isEmpty {
                var settings = LiveMigration.Settings()
                settings.assumeYes = true
                settings.table = versionTable
                // The run's own report is not the output: the schema it leaves is.
                var report = ""
                try LiveMigration.run(
                    .upgrade(spec), graph: graph, url: scratch.url, settings: settings, confirm: nil,
                    makeExecutor: { _, url, _ in AlembicExecutor(bridge: bridge, url: url) }, to: &report)
            }
            do {
                return try reflected(
                    scratch.connection, versionTable: versionTable, revisions: nodes.map { graph.revisions[$0].id })
            } catch let error as DatabaseError {
                throw CommandFailure(.database, "cannot read the scratch database's tables: \(error.summary)")
            }
        }
        out.write(json ? schema.json().rendered() + "\n" : try schema.ddl())
    }

    /// Every table of the database's default schema but the version table, and its enum
    /// types, as the schema `HistorySchema` prints.
    static func reflected(
        _ connection: any DatabaseConnection, versionTable: VersionTable, revisions: [String]
    ) throws(DatabaseError) -> HistorySchema {
        let reader = LiveSchema.reader(connection)
        var live: [LiveTable] = []
        for name in try reader.tableNames(schema: nil) where name != versionTable.name {
            if let table = try reader.table(name, schema: nil), table.kind == .table { live.append(table) }
        }
        var model = SchemaModel(live: live, everyTable: true)
        model.enumTypes = EnumTypes(reflected: try reader.enumTypes(schema: nil))
        var schema = HistorySchema(model: model, dialect: connection.dialect, revisions: revisions)
        schema.reflected = Dictionary(
            live.map { (SchemaModel.Key($0.spec.name, schema: $0.spec.schema), $0) }, uniquingKeysWith: { first, _ in first })
        return schema
    }
}
