import Foundation

/// Resolves an Alembic project's configuration the way Alembic 1.20.1 does
/// (`alembic.config.Config` + `ScriptDirectory.from_config`).
public enum ProjectLoader {
    /// Finds and reads the config files, then resolves every location to an absolute path.
    ///
    /// Throws `ProjectError` for missing or malformed configuration.
    public static func load(_ options: ProjectOptions) throws -> ProjectConfiguration {
        let cwd = ProjectPath.absolute(options.currentDirectory, relativeTo: "/")
        let files = try ConfigDiscovery.locate(options, currentDirectory: cwd)
        var notes = files.notes

        let ini: IniFile? = try files.ini.map { path in
            // Alembic injects `here` (the ini's directory) as a ConfigParser default.
            try IniFile(contentsOf: path, defaults: ["here": ProjectPath.parent(path)])
        }
        let section = options.sectionName
        if let path = files.ini {
            notes.append("Using config file \(path)" + (files.isFlaskFallback ? " (Flask-Migrate layout)" : ""))
            if let ini, !ini.hasSection(section) {
                notes.append("\(path) has no [\(section)] section")
            }
        }
        if let path = files.toml, files.toolAlembic != nil {
            notes.append("Using [tool.alembic] from \(path)")
        }

        let hasLocationOption = options.scriptLocation != nil || !options.versionLocations.isEmpty
        if ini == nil && files.toolAlembic == nil && !hasLocationOption {
            throw ProjectError(
                "No Alembic configuration found: looked for " + files.lookedFor.joined(separator: ", ")
                    + ". Use -c to name the config file, or --script-location to name the migrations directory.")
        }

        let values = ConfigValues(
            ini: ini, section: section, toml: files.toolAlembic,
            tomlPath: files.toml, tomlHere: files.toml.map(ProjectPath.parent))

        // The same order as ScriptDirectory.from_config, so the first error matches.
        let configuredScriptLocation: String? =
            options.scriptLocation == nil ? try values.string("script_location") : nil
        let truncateSlugLength = try readTruncateSlugLength(values, ini: ini, section: section)
        let prependSysPath = (try values.pathList(
            "prepend_sys_path", separatorKeys: ["path_separator"], legacyColon: true, notes: &notes) ?? [])
            .map { ProjectPath.absolute($0, relativeTo: cwd) }
        let recursive = try values.boolean("recursive_version_locations") || options.recursive

        let fallbackPaths = [cwd] + (files.ini.map { [ProjectPath.parent($0)] } ?? [])
        func resolve(_ location: String, what: String, source: String) throws -> String {
            let (path, note) = try ScriptLocation.resolve(
                location, currentDirectory: cwd, sysPath: prependSysPath, fallbackPaths: fallbackPaths,
                what: what, source: source)
            if let note { notes.append(note) }
            return path
        }

        let configSource = files.ini ?? files.toml ?? "the configuration"
        var scriptDirectory: String?
        if let location = options.scriptLocation {
            scriptDirectory = try resolve(location, what: "--script-location", source: "the command line")
        } else if let location = configuredScriptLocation {
            let source = values.iniHas("script_location") ? (files.ini ?? configSource) : (files.toml ?? configSource)
            scriptDirectory = try resolve(location, what: "script_location", source: source)
        } else if let iniPath = files.ini, isFlaskMigrateDirectory(ProjectPath.parent(iniPath)) {
            // Flask-Migrate sets script_location in code to the ini's own directory.
            scriptDirectory = ProjectPath.parent(iniPath)
            notes.append("No script_location in \(iniPath); using its directory, which holds env.py and versions/ (Flask-Migrate layout)")
        } else if options.versionLocations.isEmpty {
            throw missingScriptLocation(files: files, ini: ini, section: section)
        }

        let fileTemplate = try values.string("file_template") ?? ProjectConfiguration.defaultFileTemplate
        let sourceless = try values.boolean("sourceless")

        var versionLocations: [String]
        if !options.versionLocations.isEmpty {
            versionLocations = try options.versionLocations.map {
                try resolve($0, what: "--version-location", source: "the command line")
            }
        } else {
            let listed = try values.pathList(
                "version_locations", separatorKeys: ["path_separator", "version_path_separator"],
                legacyColon: false, notes: &notes) ?? []
            let source = values.iniHas("version_locations") ? (files.ini ?? configSource) : (files.toml ?? configSource)
            versionLocations = try listed.map { try resolve($0, what: "version_locations entry", source: source) }
        }
        // The default applies only when version_locations lists nothing.
        if versionLocations.isEmpty, let scriptDirectory {
            versionLocations = [ProjectPath.join(scriptDirectory, "versions")]
        }

        let timezone = try values.string("timezone")

        if let scriptDirectory, !ProjectPath.exists(scriptDirectory) {
            throw ProjectError(
                "Path doesn't exist: \(scriptDirectory).  Please use the 'init' command to create a new scripts folder.",
                file: files.ini ?? files.toml)
        }
        for location in versionLocations where !ProjectPath.exists(location) {
            notes.append("warning: version location \(location) does not exist; Alembic skips it, so no scripts are read from it")
        }

        // Only env.py reads sqlalchemy.url, so a bad value must not stop commands that never connect.
        var sqlalchemyURL: String?
        var sqlalchemyURLError: ProjectError?
        if let ini, ini.hasSection(section) {
            do {
                sqlalchemyURL = try ini.value("sqlalchemy.url", in: section)
            } catch let error as ProjectError {
                sqlalchemyURLError = error
                notes.append("sqlalchemy.url could not be read: \(error.message)")
            }
        }

        return ProjectConfiguration(
            configFile: files.ini,
            pyprojectFile: files.toolAlembic != nil ? files.toml : nil,
            scriptDirectory: scriptDirectory,
            versionLocations: versionLocations,
            recursiveVersionLocations: recursive,
            sourceless: sourceless,
            fileTemplate: fileTemplate,
            truncateSlugLength: truncateSlugLength,
            timezone: timezone,
            sqlalchemyURL: sqlalchemyURL,
            sqlalchemyURLError: sqlalchemyURLError,
            prependSysPath: prependSysPath,
            notes: notes)
    }

    /// `truncate_slug_length` converted with Python's `int()`; 0 means the default 40,
    /// because Alembic writes `truncate_slug_length or 40`.
    private static func readTruncateSlugLength(_ values: ConfigValues, ini: IniFile?, section: String) throws -> Int {
        guard let raw = try values.raw("truncate_slug_length") else { return 40 }
        let number: Int
        switch raw {
        case .integer(let i):
            number = i
        case .string(let text):
            guard let parsed = pythonInt(text) else {
                let location = values.iniHas("truncate_slug_length")
                    ? "in section [\(section)] of \(ini?.path ?? "the config file")"
                    : "in [tool.alembic] of \(values.tomlPath ?? "pyproject.toml")"
                throw ProjectError(
                    "Bad truncate_slug_length \(location): invalid literal for int() with base 10: \(pythonRepr(text))",
                    file: values.iniHas("truncate_slug_length") ? ini?.path : values.tomlPath)
            }
            number = parsed
        }
        return number == 0 ? 40 : number
    }

    /// Python's `int(text)`: surrounding whitespace, a sign, and single `_` between digits allowed.
    static func pythonInt(_ text: String) -> Int? {
        var body = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        var negative = false
        if let first = body.first, first == "+" || first == "-" {
            negative = first == "-"
            body = body.dropFirst()
        }
        guard let first = body.first, first.isASCII, first.isNumber, body.last?.isNumber == true,
              !body.contains("__"), body.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "_" }),
              let value = Int(body.replacingOccurrences(of: "_", with: ""))
        else { return nil }
        return negative ? -value : value
    }

    /// Flask-Migrate's directory: env.py and versions/ beside alembic.ini.
    private static func isFlaskMigrateDirectory(_ directory: String) -> Bool {
        ProjectPath.isFile(ProjectPath.join(directory, "env.py"))
            && ProjectPath.isDirectory(ProjectPath.join(directory, "versions"))
    }

    /// Alembic's "No 'script_location' key found" error, naming where it looked.
    private static func missingScriptLocation(files: ConfigFiles, ini: IniFile?, section: String) -> ProjectError {
        var places: [String] = []
        if let path = files.ini, let ini {
            places.append(ini.hasSection(section)
                ? "no script_location in section [\(section)] of \(path)"
                : "\(path) has no [\(section)] section")
        }
        if let path = files.toml, files.toolAlembic != nil {
            places.append("no script_location in [tool.alembic] of \(path)")
        }
        return ProjectError(
            "No 'script_location' key found in configuration: " + places.joined(separator: ", and ")
                + ". Use --script-location to give the migrations directory.",
            file: files.ini ?? files.toml)
    }
}
