/// Reads Alembic keys from the ini's main section and `[tool.alembic]` with
/// Alembic's precedence and typing rules (`Config.get_alembic_option` and friends).
///
/// The ini always wins when it has the key (its DEFAULT section counts); the
/// TOML table is consulted only otherwise, and its strings go through Python
/// `%` formatting with `here` set to the pyproject's directory.
struct ConfigValues {
    var ini: IniFile?
    var section: String
    var toml: [String: TOMLValue]?
    var tomlPath: String?
    var tomlHere: String?

    /// A raw value before Alembic converts it for a particular key.
    enum Raw {
        case string(String)
        case integer(Int)
    }

    func iniHas(_ key: String) -> Bool {
        ini?.hasOption(key, in: section) ?? false
    }

    /// Where a key would be reported, for messages.
    func describeTOML(_ key: String) -> String {
        "[tool.alembic] key \(pythonRepr(key)) in \(tomlPath ?? "pyproject.toml")"
    }

    /// An interpolated ini value from the main section, nil when absent.
    func iniString(_ key: String) throws -> String? {
        guard let ini, ini.hasOption(key, in: section) else { return nil }
        return try ini.value(key, in: section)
    }

    /// `get_alembic_option` for keys Alembic uses as text or numbers.
    func raw(_ key: String) throws -> Raw? {
        if let value = try iniString(key) { return .string(value) }
        guard let value = toml?[key] else { return nil }
        switch value {
        case .string(let s):
            return .string(try tomlFormat(s, key: key))
        case .integer(let i):
            return .integer(i)
        case .boolean(let b):
            // Python's bool is an int, and Alembic returns it unchanged.
            return .integer(b ? 1 : 0)
        default:
            throw ProjectError("unsupported TOML value type for key: \(pythonRepr(key)) (\(describeTOML(key)))",
                               file: tomlPath)
        }
    }

    /// A key Alembic uses as a string; a TOML value of another type is an error.
    func string(_ key: String) throws -> String? {
        guard let raw = try raw(key) else { return nil }
        switch raw {
        case .string(let s): return s
        case .integer:
            throw ProjectError("Expected a string for \(describeTOML(key))", file: tomlPath)
        }
    }

    /// `get_alembic_boolean_option`: the ini counts only the exact text `true`;
    /// TOML must hold a real boolean.
    func boolean(_ key: String) throws -> Bool {
        if let value = try iniString(key) { return value == "true" }
        guard let value = toml?[key] else { return false }
        guard case .boolean(let b) = value else {
            throw ProjectError("boolean value expected for TOML parameter \(pythonRepr(key)) (in \(tomlPath ?? "pyproject.toml"))",
                               file: tomlPath)
        }
        return b
    }

    /// `get_version_locations_list` / `get_prepend_sys_paths_list`.
    ///
    /// A non-empty ini value is split by the first of `separatorKeys` that is set
    /// (read from the ini only), or by the legacy rules when none is; otherwise
    /// the TOML array is used as-is.
    func pathList(
        _ key: String, separatorKeys: [String], legacyColon: Bool, notes: inout [String]
    ) throws -> [String]? {
        if let value = try iniString(key), !value.isEmpty {
            var separator: String?
            for name in separatorKeys {
                guard let setting = try iniString(name) else { continue }
                guard let sep = ScriptLocation.separators[setting] else {
                    throw ProjectError(
                        "\(pythonRepr(setting)) is not a valid value for \(name); "
                            + "expected 'space', 'newline', 'os', ':', ';' (in section [\(section)] of \(ini?.path ?? "the config file"))",
                        file: ini?.path)
                }
                if name == "version_path_separator" {
                    notes.append("The version_path_separator configuration parameter is deprecated; please use path_separator")
                }
                separator = sep
                break
            }
            if let separator {
                return ScriptLocation.split(value, separator: separator)
            }
            let what = legacyColon ? "spaces, commas, and colons for prepend_sys_path" : "spaces/commas for version_locations"
            notes.append("No path_separator found in configuration; falling back to legacy splitting on \(what).  "
                + "Consider adding path_separator=os to Alembic config.")
            return ScriptLocation.legacySplit(value, splitOnColon: legacyColon)
        }
        guard let value = toml?[key] else { return nil }
        // Alembic would iterate a bare string character by character; refuse it instead.
        guard case .array(let items) = value else {
            throw ProjectError("Expected an array of strings for \(describeTOML(key))", file: tomlPath)
        }
        return try items.map { item in
            guard case .string(let s) = item else {
                throw ProjectError("Expected an array of strings for \(describeTOML(key))", file: tomlPath)
            }
            return try tomlFormat(s, key: key)
        }
    }

    private func tomlFormat(_ text: String, key: String) throws -> String {
        var arguments: [String: String] = [:]
        if let tomlHere { arguments["here"] = tomlHere }
        return try Interpolation.pythonPercent(text, arguments: arguments, describe: describeTOML(key))
    }
}
