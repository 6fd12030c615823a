import Foundation

/// `retort env`: what Retort found about the project's runtime — the configuration and
/// locations, the project's Python, the database URL (masked) and where it came from,
/// the version table, what env.py configures, and the engine each revision function
/// will run on, with why.
public enum EnvCommand {
    public struct Options: Sendable {
        public var json = false
        public var choice = EngineChoice.auto
        /// `--url`, which comes before env.py.
        public var urlOption: String?
        /// `--version-table` / `--version-table-schema`.
        public var versionTable: String?
        public var versionTableSchema: String?

        public init() {}
    }

    /// One revision function and the engine it runs on.
    public struct Function: Sendable, Equatable {
        public var revision: String
        public var function: String
        /// `native`, `alembic`, or `refused` (neither engine can run it).
        public var engine: String
        public var reason: String?
    }

    public static func run(
        _ graph: RevisionGraph, environment: ProjectEnvironment, options: Options, to out: inout some TextOutputStream
    ) {
        let request = environment.request
        let configuration = request.configuration
        let settings = environment.settings
        var database: DatabaseChoice.Chosen?
        var databaseError: String?
        do {
            database = try DatabaseChoice.choose(option: options.urlOption, configuration: configuration, env: settings)
        } catch {
            databaseError = "\(error)"
        }
        let table = environment.versionTable(name: options.versionTable, schema: options.versionTableSchema)
        let dialect = database?.url.dialect ?? .sqlite
        let functions = engines(graph, dialect: dialect, environment: environment, choice: options.choice)
        if options.json {
            out.write(
                json(environment, database: database, databaseError: databaseError, table: table, functions: functions,
                    choice: options.choice).rendered() + "\n")
            return
        }
        var lines: [String] = []
        let files = [configuration.configFile, configuration.pyprojectFile].compactMap { $0 }
        lines.append("Configuration: " + (files.isEmpty ? "none" : files.joined(separator: ", ")) + " [\(request.options.sectionName)]")
        lines.append("Script directory: \(configuration.scriptDirectory ?? "none")")
        lines.append("Version locations: \(configuration.versionLocations.joined(separator: ", "))")
        if !configuration.prependSysPath.isEmpty {
            lines.append("prepend_sys_path: \(configuration.prependSysPath.joined(separator: ", "))")
        }
        if let python = environment.python {
            lines.append("Python: \(python.path) (\(python.source)): \(python.versions)")
        } else if !environment.searchedForPython {
            lines.append("Python: not needed (env.py's text says everything), not looked for")
        } else {
            lines.append("Python: none with Alembic found")
        }
        for candidate in environment.passedOver {
            lines.append("  passed over \(candidate.path) (\(candidate.source)): \(candidate.reason)")
        }
        if let path = settings?.path ?? ProjectEnvironment.envPath(configuration) {
            let how = settings?.reader == .python ? "run by the project's Python, \(settings?.mode ?? "online")" : "read as text"
            lines.append("env.py: \(path) (\(how))")
        } else {
            lines.append("env.py: none")
        }
        if let failure = settings?.failure { lines.append("  env.py failed: \(failure)") }
        for unknown in settings?.unknowns ?? [] { lines.append("  not known without Python: \(unknown)") }
        if let database {
            lines.append("Database: \(database.url.masked) (from \(database.source))")
            let driver = settings?.driver.map { " (driver \($0))" } ?? ""
            lines.append("Dialect: \(settings?.dialect ?? database.url.backend.rawValue)\(driver)")
        } else {
            lines.append("Database: unknown: \(databaseError ?? "")")
        }
        lines.append("Version table: \(table.name)" + (table.schema.map { " in schema \($0)" } ?? " in the default schema"))
        lines.append("env.py settings:")
        func flag(_ value: Bool?) -> String { value.map { $0 ? "True" : "False" } ?? "not set" }
        lines.append("  transaction_per_migration: \(flag(settings?.transactionPerMigration))")
        lines.append("  transactional_ddl: \(flag(settings?.transactionalDDL))")
        lines.append("  include_schemas: \(flag(settings?.includeSchemas))")
        lines.append("  render_as_batch: \(flag(settings?.renderAsBatch))")
        let convention = settings?.namingConvention.map { convention in
            convention.keys.sorted().map { "\($0): \(convention[$0] ?? "")" }.joined(separator: ", ")
        }
        let conventionUnknown = settings?.unknowns.contains { $0.contains("target_metadata") } ?? false
        lines.append(
            "  target_metadata naming convention: "
                + (convention ?? (conventionUnknown ? "not known without Python" : "SQLAlchemy's default")))
        lines.append("  op plugins: \((settings?.plugins ?? []).isEmpty ? "none" : settings!.plugins.joined(separator: ", "))")
        let statements = settings?.connectionStatements ?? []
        lines.append(
            "  run on the connection before migrating: "
                + (statements.isEmpty ? "nothing" : statements.map(DatabaseError.excerpt).joined(separator: "; ")))
        lines.append("  context.configure() calls: \(settings?.configureCalls ?? 0)")
        let native = functions.filter { $0.engine == "native" }.count
        lines.append("Engines (--engine \(options.choice.rawValue)): \(native) of \(functions.count) revision functions native")
        var everyFunction: String?
        if let reason = environment.nativeObstacle, options.choice == .auto, environment.bridge != nil {
            lines.append("  every function through the project's Alembic: \(reason)")
            everyFunction = reason
        }
        for function in functions where function.engine != "native" && function.reason != everyFunction {
            let name = "\(function.revision) \(function.function)()"
            let reason = function.reason.map { $0.hasPrefix(function.revision + " ") ? $0 : "\(name): \($0)" } ?? name
            lines.append("  \(function.engine): \(reason)")
        }
        out.write(lines.joined(separator: "\n") + "\n")
    }

    /// The engine of every revision function under `choice`.
    public static func engines(
        _ graph: RevisionGraph, dialect: Dialect, environment: ProjectEnvironment, choice: EngineChoice
    ) -> [Function] {
        let bridged = environment.bridge != nil
        var functions: [Function] = []
        for revision in graph.revisions {
            for direction in [RevisionBody.Direction.upgrade, .downgrade] {
                let name = direction == .upgrade ? "upgrade" : "downgrade"
                if choice == .alembic {
                    functions.append(.init(revision: revision.id, function: name, engine: bridged ? "alembic" : "refused", reason: "--engine alembic"))
                    continue
                }
                if choice == .auto, bridged, let reason = environment.nativeObstacle {
                    functions.append(.init(revision: revision.id, function: name, engine: "alembic", reason: reason))
                    continue
                }
                let body = LiveBody.render(revision, direction, dialect: dialect, serverVersion: nil)
                let batchLines = Set(body.operations.filter(\.isBatch).map(\.line))
                let onlyCopies = body.hasBatch && body.unsupported.allSatisfy { batchLines.contains($0.line) }
                if body.isInterpretable || onlyCopies {
                    functions.append(.init(revision: revision.id, function: name, engine: "native", reason: nil))
                    continue
                }
                let reason = RoutedExecutor.refusal(body.unsupported.first, revision: revision.id, function: name, path: revision.path)
                if choice == .auto, bridged {
                    functions.append(.init(revision: revision.id, function: name, engine: "alembic", reason: reason))
                } else {
                    functions.append(.init(revision: revision.id, function: name, engine: "refused", reason: reason))
                }
            }
        }
        return functions
    }

    static func json(
        _ environment: ProjectEnvironment, database: DatabaseChoice.Chosen?, databaseError: String?, table: VersionTable,
        functions: [Function], choice: EngineChoice
    ) -> JSONValue {
        let configuration = environment.request.configuration
        let settings = environment.settings
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        func flag(_ value: Bool?) -> JSONValue { value.map(JSONValue.bool) ?? .null }
        let python: JSONValue =
            environment.python.map { python in
                .object([
                    ("path", .string(python.path)), ("source", .string(python.source)),
                    ("python", .string(python.pythonVersion)), ("alembic", .string(python.alembicVersion)),
                    ("sqlalchemy", .string(python.sqlalchemyVersion)),
                ])
            } ?? .null
        let databaseValue: JSONValue =
            database.map { chosen in
                .object([
                    ("url", .string(chosen.url.masked)), ("source", .string(chosen.source)),
                    ("dialect", .string(settings?.dialect ?? chosen.url.backend.rawValue)), ("driver", optional(settings?.driver)),
                ])
            } ?? .object([("error", .string(databaseError ?? ""))])
        let convention: JSONValue =
            settings?.namingConvention.map { convention in
                .object(convention.keys.sorted().map { ($0, .string(convention[$0] ?? "")) })
            } ?? .null
        return .object([
            ("config_file", optional(configuration.configFile)),
            ("pyproject_file", optional(configuration.pyprojectFile)),
            ("section", .string(environment.request.options.sectionName)),
            ("script_directory", optional(configuration.scriptDirectory)),
            ("version_locations", .array(configuration.versionLocations.map(JSONValue.string))),
            ("prepend_sys_path", .array(configuration.prependSysPath.map(JSONValue.string))),
            ("python", python),
            (
                "python_passed_over",
                .array(
                    environment.passedOver.map {
                        .object([("path", .string($0.path)), ("source", .string($0.source)), ("reason", .string($0.reason))])
                    })
            ),
            (
                "env_py",
                .object([
                    ("path", optional(settings?.path)), ("read_by", optional(settings?.reader.rawValue)),
                    ("mode", optional(settings?.mode)), ("failure", optional(settings?.failure)),
                    ("unknowns", .array((settings?.unknowns ?? []).map(JSONValue.string))),
                ])
            ),
            ("database", databaseValue),
            ("version_table", .object([("name", .string(table.name)), ("schema", optional(table.schema))])),
            (
                "settings",
                .object([
                    ("transaction_per_migration", flag(settings?.transactionPerMigration)),
                    ("transactional_ddl", flag(settings?.transactionalDDL)),
                    ("include_schemas", flag(settings?.includeSchemas)),
                    ("render_as_batch", flag(settings?.renderAsBatch)),
                    ("naming_convention", convention),
                    ("plugins", .array((settings?.plugins ?? []).map(JSONValue.string))),
                    ("connection_statements", .array((settings?.connectionStatements ?? []).map(JSONValue.string))),
                    ("configure_calls", .int(settings?.configureCalls ?? 0)),
                ])
            ),
            ("engine", .string(choice.rawValue)),
            (
                "functions",
                .array(
                    functions.map {
                        .object([
                            ("revision", .string($0.revision)), ("function", .string($0.function)),
                            ("engine", .string($0.engine)), ("reason", optional($0.reason)),
                        ])
                    })
            ),
        ])
    }
}
