import ArgumentParser
import MigrationCore

/// Where the project is: the global options that mirror Alembic's.
///
/// Every subcommand includes these, so they may be written before the command name
/// (`retort -c alembic.ini history`), as with Alembic, or after it.
struct ProjectArguments: ParsableArguments {
    @Option(
        name: [.short, .customLong("config")],
        help: "Configuration file: alembic.ini and/or pyproject.toml (repeatable; default $ALEMBIC_CONFIG, ./alembic.ini, ./pyproject.toml).")
    var config: [String] = []

    @Option(name: [.short, .customLong("name")], help: "Section of the ini file to use.")
    var name: String = "alembic"

    @Option(name: .customLong("script-location"), help: "The script directory; no configuration file is needed then.")
    var scriptLocation: String?

    @Option(
        name: .customLong("version-location"),
        help: "A directory of revision scripts (repeatable); replaces version_locations.")
    var versionLocations: [String] = []

    @Flag(name: .customLong("recursive"), help: "Also read subdirectories of the version locations.")
    var recursive = false

    @Option(
        name: .customLong("url"),
        help: "Database URL in SQLAlchemy's form (default: sqlalchemy.url); --sql takes its dialect from it.")
    var url: String?

    @Option(
        name: .customLong("dialect"),
        help: "sqlite or postgresql: the SQL to write without a database (default: the URL's dialect).")
    var dialect: String?

    @Option(
        name: .customLong("python"),
        help: "The project's Python, for env.py and the second engine (default $RETORT_PYTHON, $VIRTUAL_ENV, .venv or venv beside the configuration, python3).")
    var python: String?

    @Option(
        name: .customShort("x"),
        help: ArgumentHelp("Additional arguments for env.py, read with context.get_x_argument() (repeatable).", valueName: "key=value"))
    var xArguments: [String] = []

    @Option(
        name: .customLong("engine"),
        help: ArgumentHelp(
            "Which engine runs and previews revisions: native (Retort's own), alembic (the project's Alembic, through its env.py), or auto: native where Retort's SQL is exactly what Alembic would run, Alembic otherwise.",
            valueName: "auto|native|alembic"))
    var engine: String = "auto"

    /// The engine `--engine` names.
    func engineChoice() throws -> EngineChoice {
        guard let choice = EngineChoice(rawValue: engine) else {
            throw CommandFailure(.usage, "--engine must be auto, native or alembic, not '\(engine)'")
        }
        return choice
    }

    /// The URL env.py's text configures, read without a Python (for the dialect of `--sql`).
    func textURL(_ configuration: ProjectConfiguration) -> String? { textReading(configuration)?.url }

    /// The dialect as for `--sql`: `--dialect`, else `--url`'s, else env.py's URL (as its
    /// text says it) or `sqlalchemy.url`'s.
    func offlineDialect(_ configuration: ProjectConfiguration) throws -> Dialect {
        var settings = OfflineSQLSettings(dialect: dialect, url: url)
        settings.envURL = textURL(configuration)
        return try settings.options(configuration).dialect
    }

    /// env.py read as text, without a Python.
    func textReading(_ configuration: ProjectConfiguration) -> EnvSettings? {
        var request = ProjectEnvironment.Request(configuration: configuration, options: options, pythonOption: python)
        request.xArguments = xArguments
        return ProjectEnvironment.textReading(request)
    }

    /// What env.py configures, read as text and, where that is not enough, by the project's Python.
    /// `url`, when given, stands for `--url` (a scratch database's).
    func environment(
        _ configuration: ProjectConfiguration, startPython: Bool = false, offline: Bool = false, url: String? = nil
    ) throws -> ProjectEnvironment {
        let choice = try engineChoice()
        var request = ProjectEnvironment.Request(configuration: configuration, options: options, pythonOption: python)
        request.xArguments = xArguments
        request.urlOption = url ?? self.url
        request.offline = offline
        request.startPython = startPython || choice == .alembic
        request.noPython = choice == .native && !startPython
        return ProjectEnvironment.read(request)
    }

    var options: ProjectOptions {
        var options = ProjectOptions()
        options.configFiles = config
        options.sectionName = name
        options.scriptLocation = scriptLocation
        options.versionLocations = versionLocations
        options.recursive = recursive
        return options
    }
}
