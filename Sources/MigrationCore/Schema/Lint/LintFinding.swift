/// One statement a rule flags: where it comes from (revision, function, file and the
/// operation's line) and why the rule flags it.
public struct LintFinding: Sendable, Equatable {
    public var revision: String
    public var direction: RevisionBody.Direction
    /// squawk's rule name (`require-concurrent-index-creation`).
    public var rule: String
    public var path: String
    /// The line of the operation that writes the statement (0 when none is known).
    public var line: Int
    public var statement: String
    /// The rule's one-line why.
    public var message: String

    /// `a1b2c3 upgrade versions/a1b2_x.py:12: require-concurrent-index-creation: ...`
    public var text: String {
        "\(revision) \(direction.rawValue) \(path):\(line): \(rule): \(message)\n    \(Self.oneLine(statement))"
    }

    /// The statement on one line: its lines, each without the blanks around it, joined
    /// by a space.
    static func oneLine(_ statement: String) -> String {
        func isBlank(_ c: Character) -> Bool {
            c == " " || c == "\t" || (!c.isASCII && c.unicodeScalars.first?.properties.generalCategory == .spaceSeparator)
        }
        return statement.split(whereSeparator: \.isNewline).map { line -> Substring in
            guard let start = line.firstIndex(where: { !isBlank($0) }), let end = line.lastIndex(where: { !isBlank($0) }) else {
                return ""
            }
            return line[start...end]
        }.joined(separator: " ")
    }

    public var json: JSONValue {
        .object([
            ("revision", .string(revision)), ("direction", .string(direction.rawValue)), ("rule", .string(rule)),
            ("path", .string(path)), ("line", .int(line)), ("statement", .string(statement)),
            ("message", .string(message)),
        ])
    }
}
