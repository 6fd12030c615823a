/// A colour theme: a style for each role, read from a plain-text file.
///
/// One rule per line, `role = foreground background attributes...`; the background and
/// attributes may be left out, `#` starts a comment. Roles are named by meaning and
/// given by the application, so this module stays free of what they mean. An unknown
/// role, colour or attribute is an error naming the file and line.
public struct Theme: Sendable, Equatable {
    public var name: String
    public private(set) var styles: [String: Style]

    public init(name: String, styles: [String: Style] = [:]) {
        self.name = name
        self.styles = styles
    }

    /// The style for `role`; the `normal` role's, or plain text, when the theme has none.
    public func style(_ role: String) -> Style { styles[role] ?? styles["normal"] ?? .plain }

    /// A theme with no colours at all, for `NO_COLOR`: only attributes are kept.
    public var withoutColors: Theme {
        Theme(
            name: name,
            styles: styles.mapValues { Style(attributes: $0.attributes) })
    }

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var line: Int
        public var message: String
        public var description: String { "\(path):\(line): \(message)" }
    }

    /// Reads a theme; `roles` are the names the application draws with.
    public static func parse(_ text: String, path: String, name: String, roles: Set<String>) throws -> Theme {
        var theme = Theme(name: name)
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty { continue }
            func fail(_ message: String) -> ParseError { ParseError(path: path, line: lineNumber, message: message) }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw fail("expected 'role = foreground background attributes', found '\(trimmed)'")
            }
            let role = trimmed[..<equals].trimmingSpaces
            guard roles.contains(role) else {
                throw fail("unknown role '\(role)'; known roles: \(roles.sorted().joined(separator: ", "))")
            }
            let words = trimmed[trimmed.index(after: equals)...].split(whereSeparator: { $0 == " " || $0 == "\t" })
                .map(String.init)
            guard !words.isEmpty else { throw fail("role '\(role)' has no colours") }
            var style = Style()
            var colorsRead = 0
            for word in words {
                if let attribute = Style.Attribute(rawValue: word.lowercased()) {
                    style.attributes.insert(attribute)
                } else if word.lowercased() == "normal" {
                    continue
                } else if colorsRead < 2, let color = Style.Color(word) {
                    if colorsRead == 0 { style.foreground = color } else { style.background = color }
                    colorsRead += 1
                } else {
                    throw fail(
                        colorsRead < 2
                            ? "unknown colour or attribute '\(word)'"
                            : "unknown attribute '\(word)' (after two colours only attributes may follow)")
                }
            }
            if theme.styles[role] != nil { throw fail("role '\(role)' is set twice") }
            theme.styles[role] = style
        }
        return theme
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let start = firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }) ?? endIndex
        let end = lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\r" }).map { index(after: $0) } ?? start
        return String(self[start..<Swift.max(start, end)])
    }
}
