/// The configuration files a run uses.
struct ConfigFiles {
    /// The existing ini file, absolute.
    var ini: String?
    /// The existing pyproject.toml, absolute (read even when it has no `[tool.alembic]`).
    var toml: String?
    /// Its `[tool.alembic]` table, when present.
    var toolAlembic: [String: TOMLValue]?
    /// The ini is `./migrations/alembic.ini`, found by Retort's Flask-Migrate fallback.
    var isFlaskFallback = false
    /// Every file considered, for the "nothing found" message.
    var lookedFor: [String] = []
    var notes: [String] = []
}

/// Chooses the ini and pyproject.toml files as Alembic's command line does
/// (`CommandLine._inis_from_config`), plus Retort's Flask-Migrate fallback.
enum ConfigDiscovery {
    static let pyprojectName = "pyproject.toml"

    static func locate(_ options: ProjectOptions, currentDirectory cwd: String) throws -> ConfigFiles {
        // $ALEMBIC_CONFIG stands in for whichever of the two files its name says it is.
        let environmentConfig = options.environment["ALEMBIC_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        var defaultIni = "alembic.ini"
        var defaultToml = pyprojectName
        if let environmentConfig {
            if ProjectPath.lastComponent(environmentConfig) == pyprojectName {
                defaultToml = environmentConfig
            } else {
                defaultIni = environmentConfig
            }
        }

        var explicitIni: String?
        var explicitToml: String?
        for name in options.configFiles {
            if ProjectPath.lastComponent(name) == pyprojectName {
                guard explicitToml == nil else { throw ProjectError("pyproject.toml indicated more than once") }
                explicitToml = name
            } else {
                guard explicitIni == nil else { throw ProjectError("only one ini file may be indicated") }
                explicitIni = name
            }
        }

        var files = ConfigFiles()
        let iniPath = ProjectPath.absolute(explicitIni ?? defaultIni, relativeTo: cwd)
        let tomlPath = ProjectPath.absolute(explicitToml ?? defaultToml, relativeTo: cwd)
        files.lookedFor = [iniPath, tomlPath + " (with [tool.alembic])"]

        // Alembic's ConfigParser.read() silently skips a missing file, which turns a
        // typo in -c into a puzzling "No 'script_location' key" error; say it plainly.
        for explicit in [explicitIni, explicitToml].compactMap({ $0 }) {
            let path = ProjectPath.absolute(explicit, relativeTo: cwd)
            guard ProjectPath.isFile(path) else {
                throw ProjectError("Config file not found: \(path) (given with -c/--config)", file: path)
            }
        }

        if ProjectPath.isFile(iniPath) {
            files.ini = iniPath
        } else if explicitIni == nil, let environmentConfig, defaultIni == environmentConfig {
            files.notes.append("warning: ALEMBIC_CONFIG names \(iniPath), which does not exist")
        }

        if ProjectPath.isFile(tomlPath) {
            files.toml = tomlPath
            // Alembic parses pyproject.toml whenever it exists, so a syntax error
            // there fails the run even when the ini holds everything.
            let document = try TOMLDocument(contentsOf: tomlPath)
            if let tool = document.value(at: ["tool", "alembic"]) {
                guard let table = tool.tableValue else {
                    throw ProjectError("Incorrect TOML format: [tool.alembic] in \(tomlPath) is not a table",
                                       file: tomlPath)
                }
                files.toolAlembic = table
            }
        }

        // Flask-Migrate keeps its ini in ./migrations; Alembic itself never looks there.
        let usedDefaults = explicitIni == nil && explicitToml == nil && environmentConfig == nil
        if usedDefaults && files.ini == nil && files.toolAlembic == nil {
            let flask = ProjectPath.absolute("migrations/alembic.ini", relativeTo: cwd)
            files.lookedFor.append(flask)
            if ProjectPath.isFile(flask) {
                files.ini = flask
                files.isFlaskFallback = true
            }
        }
        return files
    }
}
