import Foundation

/// An ini file read with the semantics of Python's `configparser.ConfigParser()`
/// in its default (strict, BasicInterpolation) mode, which is what Alembic uses.
///
/// Parsing keeps raw values; `%(name)s` interpolation happens when a value is
/// read (`value(_:in:)`), exactly as ConfigParser defers it, so a bad reference
/// only fails for keys that are actually used.
public struct IniFile: Sendable {
    /// The name of the section whose keys every other section inherits.
    public static let defaultSectionName = "DEFAULT"

    /// The file the text came from, used in messages (may be nil for in-memory text).
    public let path: String?
    /// Section names in file order, without `DEFAULT`.
    public private(set) var sectionNames: [String] = []
    /// Raw values of the `DEFAULT` section plus any defaults given at init.
    public private(set) var defaults: [String: String] = [:]
    private var defaultKeyOrder: [String] = []
    private var sections: [String: [String: String]] = [:]
    private var keyOrder: [String: [String]] = [:]

    /// Reads `path` (UTF-8); `defaults` are seeded first, as `ConfigParser(defaults)` does.
    public init(contentsOf path: String, defaults: [String: String] = [:]) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProjectError("Cannot read config file \(path)", file: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ProjectError("Config file \(path) is not valid UTF-8", file: path)
        }
        try self.init(text: text, path: path, defaults: defaults)
    }

    /// Parses `text`; `path` only appears in error messages.
    public init(text: String, path: String? = nil, defaults: [String: String] = [:]) throws {
        self.path = path
        for (key, value) in defaults.sorted(by: { $0.key < $1.key }) {
            setDefault(key.lowercased(), value)
        }
        try parse(text)
    }

    // MARK: Queries

    /// Whether a section (other than `DEFAULT`) exists, like `has_section`.
    public func hasSection(_ name: String) -> Bool {
        sections[name] != nil
    }

    /// Whether `key` is readable in `section` (its own keys or `DEFAULT`'s), like
    /// `has_option`: false when the section itself is missing.
    public func hasOption(_ key: String, in section: String) -> Bool {
        rawValue(key, in: section) != nil
    }

    /// The uninterpolated value, or nil when the section or key is missing.
    public func rawValue(_ key: String, in section: String) -> String? {
        let key = key.lowercased()
        if section == Self.defaultSectionName { return defaults[key] }
        guard let values = sections[section] else { return nil }
        return values[key] ?? defaults[key]
    }

    /// Keys readable in `section`: its own in file order, then inherited defaults.
    public func keys(in section: String) -> [String] {
        if section == Self.defaultSectionName { return defaultKeyOrder }
        let own = keyOrder[section] ?? []
        return own + defaultKeyOrder.filter { !own.contains($0) }
    }

    /// The interpolated value, nil when missing; throws on a bad `%` reference.
    public func value(_ key: String, in section: String) throws -> String? {
        let key = key.lowercased()
        guard let raw = rawValue(key, in: section) else { return nil }
        var map = defaults
        if section != Self.defaultSectionName {
            for (k, v) in sections[section] ?? [:] { map[k] = v }
        }
        return try Interpolation.configParser(
            raw, option: key, section: section, values: map, file: path)
    }

    // MARK: Parsing

    private mutating func setDefault(_ key: String, _ value: String) {
        if defaults[key] == nil { defaultKeyOrder.append(key) }
        defaults[key] = value
    }

    /// Where the option currently being read lives, so continuation lines can extend it.
    private enum Target: Equatable {
        case defaults
        case section(String)
    }

    private mutating func parse(_ text: String) throws {
        // Python reads text files with universal newlines.
        // (Swift's own string operations: Foundation's took most of a command's start-up.)
        let normalized =
            text.utf8.contains(13)
            ? text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n") : text
        var lines = normalized.utf8.split(separator: 10, omittingEmptySubsequences: false).map { String($0) ?? "" }
        if normalized.utf8.last == 10 { lines.removeLast() }

        var added = Set<String>()           // "section" and "section\u{0}key", strict-mode bookkeeping
        var target: Target?                 // current section, nil before the first header
        var sectionName: String?
        var optionName: String?
        var indentLevel = 0
        var pending: [String: [String]] = [:]   // "target\u{0}key" -> value lines, joined at the end
        var pendingOrder: [(Target, String)] = []
        var parseErrors: [(Int, String)] = []

        func pendingKey(_ target: Target, _ key: String) -> String {
            switch target {
            case .defaults: return "\u{1}\u{0}" + key
            case .section(let name): return name + "\u{0}" + key
            }
        }

        for (index, line) in lines.enumerated() {
            let lineNumber = index + 1
            let stripped = PythonText.strip(line)  // str.strip(), as ConfigParser strips
            // Full-line comments only: ConfigParser does not strip inline comments by default.
            let isComment = stripped.hasPrefix("#") || stripped.hasPrefix(";")
            if stripped.isEmpty || isComment {
                // A blank (not comment) line inside a value becomes part of it.
                if !isComment, let target, let optionName, !optionName.isEmpty {
                    pending[pendingKey(target, optionName)]?.append("")
                }
                continue
            }
            let indent = line.prefix(while: { $0.isWhitespace }).count
            if let target, let optionName, !optionName.isEmpty, indent > indentLevel {
                pending[pendingKey(target, optionName)]?.append(stripped)
                continue
            }
            indentLevel = indent

            if let header = Self.sectionHeader(stripped) {
                if sections[header] != nil {
                    if added.contains(header) {
                        throw ProjectError(
                            "While reading from \(pythonRepr(path ?? "<string>")) [line \(Self.pad(lineNumber))]: "
                                + "section \(pythonRepr(header)) already exists",
                            file: path, line: lineNumber)
                    }
                    target = .section(header)
                    added.insert(header)
                } else if header == Self.defaultSectionName {
                    target = .defaults
                } else {
                    sections[header] = [:]
                    keyOrder[header] = []
                    sectionNames.append(header)
                    target = .section(header)
                    added.insert(header)
                }
                sectionName = header
                optionName = nil
                continue
            }
            guard let currentTarget = target, let currentSection = sectionName else {
                throw ProjectError(
                    "File contains no section headers. file: \(pythonRepr(path ?? "<string>")), "
                        + "line: \(lineNumber): \(pythonRepr(line))",
                    file: path, line: lineNumber)
            }
            guard let (rawKey, value) = Self.splitOption(stripped), !rawKey.isEmpty else {
                // ConfigParser collects bad lines and reports them all at the end.
                parseErrors.append((lineNumber, line))
                optionName = nil
                continue
            }
            let key = rawKey.lowercased()
            let addedKey = currentSection + "\u{0}" + key
            if added.contains(addedKey) {
                throw ProjectError(
                    "While reading from \(pythonRepr(path ?? "<string>")) [line \(Self.pad(lineNumber))]: "
                        + "option \(pythonRepr(key)) in section \(pythonRepr(currentSection)) already exists",
                    file: path, line: lineNumber)
            }
            added.insert(addedKey)
            optionName = key
            let slot = pendingKey(currentTarget, key)
            if pending[slot] == nil { pendingOrder.append((currentTarget, key)) }
            pending[slot] = [value]
        }

        for (target, key) in pendingOrder {
            let lines = pending[pendingKey(target, key)] ?? []
            let joined = Self.rstrip(lines.joined(separator: "\n"))
            switch target {
            case .defaults:
                setDefault(key, joined)
            case .section(let name):
                if sections[name]?[key] == nil { keyOrder[name, default: []].append(key) }
                sections[name, default: [:]][key] = joined
            }
        }

        if !parseErrors.isEmpty {
            let details = parseErrors.map { "[line \(Self.pad($0.0))]: \(pythonRepr($0.1))" }
            throw ProjectError(
                "Source contains parsing errors: \(pythonRepr(path ?? "<string>")) "
                    + details.joined(separator: " "),
                file: path, line: parseErrors.first?.0)
        }
    }

    /// `[name]` at the start of a stripped line: ConfigParser's `\[(?P<header>.+)\]`
    /// matched greedily, so the header runs to the last `]` and text after it is ignored.
    private static func sectionHeader(_ stripped: String) -> String? {
        guard stripped.hasPrefix("["), let close = stripped.lastIndex(of: "]") else { return nil }
        let start = stripped.index(after: stripped.startIndex)
        guard close > start else { return nil }
        return String(stripped[start..<close])
    }

    /// Splits `key = value` / `key: value` at the first delimiter, as ConfigParser's OPTCRE.
    private static func splitOption(_ stripped: String) -> (String, String)? {
        guard let delimiter = stripped.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
        let key = rstrip(String(stripped[..<delimiter]))
        let value = PythonText.strip(String(stripped[stripped.index(after: delimiter)...]))
        return (key, value)
    }

    private static func rstrip(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }

    /// Python's `{0:2d}` used in ConfigParser's line numbers.
    private static func pad(_ n: Int) -> String {
        n < 10 ? " \(n)" : "\(n)"
    }
}
