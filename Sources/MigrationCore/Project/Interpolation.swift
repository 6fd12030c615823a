/// The two `%` substitution dialects Alembic's configuration goes through.
///
/// - ini values use ConfigParser's BasicInterpolation: `%(name)s` looks the key up
///   in the same section (then DEFAULT), `%%` is a literal `%`, and references are
///   expanded recursively up to ConfigParser's depth limit.
/// - pyproject.toml strings are formatted with Python's `value % toml_args`, where
///   the only argument Alembic's command line provides is `here`.
enum Interpolation {
    /// ConfigParser's `MAX_INTERPOLATION_DEPTH`.
    static let maxDepth = 10

    /// Expands `raw` as ConfigParser's BasicInterpolation does for `option` in `section`.
    ///
    /// `values` holds the raw values visible from the section (DEFAULT merged in,
    /// section keys winning), keyed by lowercased name.
    static func configParser(
        _ raw: String, option: String, section: String, values: [String: String], file: String?
    ) throws -> String {
        var output = ""
        try expand(raw, rawTop: raw, option: option, section: section, values: values,
                   file: file, depth: 1, into: &output)
        return output
    }

    private static func expand(
        _ text: String, rawTop: String, option: String, section: String,
        values: [String: String], file: String?, depth: Int, into output: inout String
    ) throws {
        let location = file.map { " (in \($0))" } ?? ""
        if depth > maxDepth {
            throw ProjectError(
                "Recursion limit exceeded in value substitution: option \(pythonRepr(option)) "
                    + "in section \(pythonRepr(section)) contains an interpolation key which cannot "
                    + "be substituted in \(maxDepth) steps. Raw value: \(pythonRepr(rawTop))\(location)",
                file: file)
        }
        var rest = Substring(text)
        while !rest.isEmpty {
            guard let percent = rest.firstIndex(of: "%") else {
                output += rest
                return
            }
            output += rest[..<percent]
            rest = rest[percent...]
            let next = rest.dropFirst().first
            if next == "%" {
                output += "%"
                rest = rest.dropFirst(2)
            } else if next == "(" {
                // ConfigParser's _KEYCRE: %\(([^)]+)\)s
                let afterParen = rest.dropFirst(2)
                guard let close = afterParen.firstIndex(of: ")"), close > afterParen.startIndex,
                      afterParen[afterParen.index(after: close)...].first == "s"
                else {
                    throw ProjectError(
                        "bad interpolation variable reference \(pythonRepr(String(rest))): "
                            + "option \(pythonRepr(option)) in section \(pythonRepr(section))\(location)",
                        file: file)
                }
                let name = afterParen[..<close].lowercased()
                rest = afterParen[afterParen.index(close, offsetBy: 2)...]
                guard let value = values[name] else {
                    throw ProjectError(
                        "Bad value substitution: option \(pythonRepr(option)) in section "
                            + "\(pythonRepr(section)) contains an interpolation key \(pythonRepr(name)) "
                            + "which is not a valid option name. Raw value: \(pythonRepr(rawTop))\(location)",
                        file: file)
                }
                if value.contains("%") {
                    try expand(value, rawTop: rawTop, option: option, section: section,
                               values: values, file: file, depth: depth + 1, into: &output)
                } else {
                    output += value
                }
            } else {
                throw ProjectError(
                    "'%' must be followed by '%' or '(', found: \(pythonRepr(String(rest))): "
                        + "option \(pythonRepr(option)) in section \(pythonRepr(section))\(location)",
                    file: file)
            }
        }
    }

    /// Formats `text` as Python's `text % arguments` for the forms Alembic's configs use:
    /// `%(name)s` and `%%`. Anything else is reported rather than guessed at.
    static func pythonPercent(
        _ text: String, arguments: [String: String], describe: String
    ) throws -> String {
        var output = ""
        var rest = Substring(text)
        while let percent = rest.firstIndex(of: "%") {
            output += rest[..<percent]
            rest = rest[rest.index(after: percent)...]
            guard let next = rest.first else {
                throw ProjectError("\(describe): incomplete format (a '%' at the end; write '%%' for a literal '%')")
            }
            if next == "%" {
                output += "%"
                rest = rest.dropFirst()
                continue
            }
            guard next == "(" else {
                throw ProjectError(
                    "\(describe): unsupported format \(pythonRepr("%" + String(next))) in \(pythonRepr(text)) "
                        + "(write '%%' for a literal '%')")
            }
            // Python matches nested parentheses inside the key.
            var depth = 0
            var index = rest.startIndex
            var closeIndex: Substring.Index?
            while index < rest.endIndex {
                if rest[index] == "(" { depth += 1 }
                if rest[index] == ")" {
                    depth -= 1
                    if depth == 0 { closeIndex = index; break }
                }
                index = rest.index(after: index)
            }
            guard let close = closeIndex else {
                throw ProjectError("\(describe): incomplete format key in \(pythonRepr(text))")
            }
            let name = String(rest[rest.index(after: rest.startIndex)..<close])
            let afterClose = rest[rest.index(after: close)...]
            guard afterClose.first == "s" else {
                throw ProjectError(
                    "\(describe): unsupported format after %(\(name)) in \(pythonRepr(text)); only %(name)s is supported")
            }
            guard let value = arguments[name] else {
                throw ProjectError("\(describe): KeyError \(pythonRepr(name)) in \(pythonRepr(text))")
            }
            output += value
            rest = afterClose.dropFirst()
        }
        output += rest
        return output
    }
}
