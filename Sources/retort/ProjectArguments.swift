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
