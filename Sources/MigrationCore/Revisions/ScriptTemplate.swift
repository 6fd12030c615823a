/// The part of Mako that Alembic's `script.py.mako` templates use, rendered with values
/// known in advance: `${expression}` (Python, with `repr` and conditionals), filters after
/// `|` (`comma`, and `n`, which only turns Mako's default filter off), `% if` / `% elif` /
/// `% else` / `% endif` and `% for` / `% endfor` control lines, `##` comments, and a
/// backslash that joins a line to the next. Anything else is an error naming the line.
public struct ScriptTemplate: Sendable {
    public let path: String
    let lines: [String]

    public struct RenderError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var line: Int
        public var reason: String
        public var description: String { "\(path):\(line): cannot render the template: \(reason)" }
    }

    public init(text: String, path: String) {
        self.path = path
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The template filled in with `values` (Python values by name).
    public func render(_ values: [String: PyValue]) throws -> String {
        var out = ""
        var index = 0
        try renderBlock(&index, values, active: true, &out, until: [])
        return out
    }

    /// Renders lines from `index` until a control line whose keyword is in `until`
    /// (left unconsumed), writing only when `active`.
    private func renderBlock(
        _ index: inout Int, _ values: [String: PyValue], active: Bool, _ out: inout String, until: Set<String>
    ) throws {
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.hasPrefix("##") {
                index += 1
                continue
            }
            if trimmed.hasPrefix("%") && !trimmed.hasPrefix("%%") {
                let control = String(trimmed.dropFirst()).trimmingSpaces()
                let keyword = String(control.prefix(while: { $0.isLetter }))
                if until.contains(keyword) { return }
                let lineNumber = index + 1
                index += 1
                switch keyword {
                case "if":
                    try renderIf(condition: control, &index, values, active: active, &out, line: lineNumber)
                case "for":
                    try renderFor(control, &index, values, active: active, &out, line: lineNumber)
                default:
                    throw RenderError(path: path, line: lineNumber, reason: "the control line '% \(control)' is not supported")
                }
                continue
            }
            if active, line.contains("<%") || line.contains("</%") {
                throw RenderError(path: path, line: index + 1, reason: "Mako tags such as <%...> are not supported")
            }
            var text = trimmed.hasPrefix("%%") ? String(line.replacingFirst("%%", with: "%")) : line
            var joined = false
            if text.hasSuffix("\\") && !text.hasSuffix("\\\\") {
                // A trailing backslash joins this line to the next one.
                text.removeLast()
                joined = true
            }
            if active { out += try substitute(text, values, line: index + 1) + (joined || index == lines.count - 1 ? "" : "\n") }
            index += 1
        }
    }

    private func renderIf(
        condition first: String, _ index: inout Int, _ values: [String: PyValue], active: Bool, _ out: inout String,
        line: Int
    ) throws {
        var taken = false
        var control = first
        var controlLine = line
        while true {
            let keyword = String(control.prefix(while: { $0.isLetter }))
            var branchActive = false
            if keyword == "else" {
                branchActive = active && !taken
            } else {
                let condition = try expressionOf(control, keyword: keyword, line: controlLine)
                if active && !taken {
                    let value = try evaluate(condition, values, line: controlLine)
                    guard let truth = value.truth else {
                        throw RenderError(path: path, line: controlLine, reason: "the condition '\(condition)' has no known truth value")
                    }
                    branchActive = truth
                }
            }
            try renderBlock(&index, values, active: branchActive, &out, until: ["elif", "else", "endif"])
            taken = taken || branchActive
            guard index < lines.count else {
                throw RenderError(path: path, line: line, reason: "'% if' without '% endif'")
            }
            control = String(lines[index].drop(while: { $0 == " " || $0 == "\t" }).dropFirst()).trimmingSpaces()
            controlLine = index + 1
            index += 1
            if control.hasPrefix("endif") { return }
        }
    }

    private func renderFor(
        _ control: String, _ index: inout Int, _ values: [String: PyValue], active: Bool, _ out: inout String, line: Int
    ) throws {
        // `for NAME in EXPRESSION:`
        let body = try expressionOf(control, keyword: "for", line: line)
        guard let inRange = body.range(of: " in ") else {
            throw RenderError(path: path, line: line, reason: "'% for' needs 'NAME in EXPRESSION'")
        }
        let name = String(body[..<inRange.lowerBound]).trimmingSpaces()
        let start = index
        var items: [PyValue] = []
        if active {
            let sequence = try evaluate(String(body[inRange.upperBound...]), values, line: line)
            guard let known = sequence.items ?? (sequence.string.map { $0.map { .string(String($0)) } }) else {
                throw RenderError(path: path, line: line, reason: "'% for' over a \(sequence.typeName)")
            }
            items = known
        }
        for item in items.isEmpty ? [nil] : items.map(Optional.some) {
            index = start
            var scope = values
            if let item { scope[name] = item }
            try renderBlock(&index, scope, active: active && item != nil, &out, until: ["endfor"])
        }
        guard index < lines.count else { throw RenderError(path: path, line: line, reason: "'% for' without '% endfor'") }
        index += 1
    }

    /// The Python expression of `if X:` / `elif X:` / `for X:`.
    private func expressionOf(_ control: String, keyword: String, line: Int) throws -> String {
        var text = control.dropFirst(keyword.count).trimmingSpaces()
        guard text.hasSuffix(":") else { throw RenderError(path: path, line: line, reason: "'% \(keyword)' must end with ':'") }
        text.removeLast()
        return text.trimmingSpaces()
    }

    /// Replaces each `${expression | filters}` of a text line.
    private func substitute(_ text: String, _ values: [String: PyValue], line: Int) throws -> String {
        var out = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            out += rest[..<start.lowerBound]
            // The expression ends at the first `}` outside brackets and strings.
            let end = Self.firstTopLevel("}", in: rest[start.upperBound...])
            guard let end else { throw RenderError(path: path, line: line, reason: "'${' without its '}'") }
            out += try expansion(String(rest[start.upperBound..<end]), values, line: line)
            rest = rest[rest.index(after: end)...]
        }
        return out + rest
    }

    /// One `${...}`: the expression, then its filters, as text.
    private func expansion(_ body: String, _ values: [String: PyValue], line: Int) throws -> String {
        var expression = body
        var filters: [String] = []
        if let bar = Self.topLevelBar(in: body) {
            expression = String(body[..<bar])
            filters = body[body.index(after: bar)...].split(separator: ",").map { String($0).trimmingSpaces() }
        }
        var value = try evaluate(expression, values, line: line)
        for filter in filters {
            switch filter {
            case "n", "str", "unicode": continue
            case "comma":
                switch value {
                case .none: value = .string("")
                case .string: break
                case .list(let items), .tuple(let items):
                    let parts = items.compactMap(\.string)
                    guard parts.count == items.count else {
                        throw RenderError(path: path, line: line, reason: "comma of non-strings")
                    }
                    value = .string(parts.joined(separator: ", "))
                default:
                    throw RenderError(path: path, line: line, reason: "Don't know how to comma-format \(PythonFormat.repr(value))")
                }
            default:
                throw RenderError(path: path, line: line, reason: "the filter '\(filter)' is not supported")
            }
        }
        guard let text = PythonFormat.str(value) else {
            throw RenderError(path: path, line: line, reason: "'\(expression.trimmingSpaces())' has no text value")
        }
        return text
    }

    /// The `|` that starts the filters: outside strings and brackets.
    static func topLevelBar(in body: String) -> String.Index? { firstTopLevel("|", in: body[...]) }

    /// The first `target` outside quotes and brackets (a `}` closing a `{` is inside).
    static func firstTopLevel(_ target: Character, in text: Substring) -> Substring.Index? {
        var depth = 0
        var quote: Character?
        for i in text.indices {
            let c = text[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == target && depth == 0 {
                return i
            } else if c == "(" || c == "[" || c == "{" {
                depth += 1
            } else if c == ")" || c == "]" || c == "}" {
                depth -= 1
            }
        }
        return nil
    }

    private func evaluate(_ expression: String, _ values: [String: PyValue], line: Int) throws -> PyValue {
        do {
            let value = try Evaluator.evaluateExpression(expression.trimmingSpaces(), variables: values, path: path, line: line)
            if let reason = value.firstUnknown { throw RenderError(path: path, line: line, reason: reason.reason) }
            return value
        } catch let error as RenderError {
            throw error
        } catch let error as PythonSyntaxError {
            throw RenderError(path: path, line: line, reason: "'\(expression.trimmingSpaces())': \(error.message)")
        } catch {
            throw RenderError(path: path, line: line, reason: "\(error)")
        }
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }

    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return String(self) }
        return String(self[..<range.lowerBound]) + replacement + String(self[range.upperBound...])
    }
}
