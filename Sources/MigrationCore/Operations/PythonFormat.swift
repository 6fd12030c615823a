import Foundation

/// Python's text conversions on known values: `str`, `repr`, `%`, `str.format`,
/// f-string fields and `textwrap.dedent`, for the cases migrations use. Each returns nil
/// where Python's result is not certain, so the caller reports it instead of guessing.
enum PythonFormat {
    static func str(_ value: PyValue) -> String? {
        switch value {
        case .string(let s): return s
        default:
            let text = repr(value)
            return value.firstUnknown == nil && !text.hasPrefix("<") ? text : nil
        }
    }

    static func repr(_ value: PyValue) -> String {
        switch value {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let f): return floatRepr(f)
        case .string(let s): return stringRepr(s)
        case .bytes(let b): return "b" + stringRepr(String(decoding: b, as: UTF8.self))
        case .list(let items): return "[" + items.map(repr).joined(separator: ", ") + "]"
        case .tuple(let items):
            return items.count == 1 ? "(" + repr(items[0]) + ",)" : "(" + items.map(repr).joined(separator: ", ") + ")"
        case .dict(let entries): return "{" + entries.map { repr($0.key) + ": " + repr($0.value) }.joined(separator: ", ") + "}"
        default: return "<\(value.typeName)>"
        }
    }

    static func floatRepr(_ f: Double) -> String {
        if f.isNaN { return "nan" }
        if f.isInfinite { return f < 0 ? "-inf" : "inf" }
        var text = "\(f)"
        // Swift writes 1e+16 as "1e+16" like Python, but 5e-324 etc. agree too; only the
        // exponent's two-digit minimum differs ("1e-05" in both). Integers keep ".0".
        if !text.contains(".") && !text.contains("e") && !text.contains("n") { text += ".0" }
        return text
    }

    /// Python's `repr()` of a string (the one ConfigParser's messages use too).
    static func stringRepr(_ s: String) -> String { pythonRepr(s) }

    // MARK: Format specs

    static let maxWidth = 1_000_000
    static let maxPrecision = 100

    /// `format(value, spec)` for the common specs: fill/align, sign, zero padding, width,
    /// precision and the types s, d, f, e, g, %.
    static func format(_ value: PyValue, spec: String) -> String? {
        if spec.isEmpty { return str(value) }
        var chars = Array(spec)
        var fill: Character = " "
        var align: Character?
        if chars.count >= 2, "<>^=".contains(chars[1]) {
            fill = chars[0]
            align = chars[1]
            chars.removeFirst(2)
        } else if let first = chars.first, "<>^=".contains(first) {
            align = first
            chars.removeFirst()
        }
        var sign: Character?
        if let first = chars.first, "+- ".contains(first) {
            sign = first
            chars.removeFirst()
        }
        if chars.first == "0" {
            if align == nil {
                fill = "0"
                align = "="
            }
            chars.removeFirst()
        }
        // Widths past a million characters and precisions past 100 digits are refused
        // (nil): no migration needs them, and building them would only exhaust memory.
        var width = 0
        while let c = chars.first, let d = c.wholeNumberValue {
            width = width * 10 + d
            if width > maxWidth { return nil }
            chars.removeFirst()
        }
        var precision: Int?
        if chars.first == "." {
            chars.removeFirst()
            var p = 0
            while let c = chars.first, let d = c.wholeNumberValue {
                p = p * 10 + d
                if p > maxPrecision { return nil }
                chars.removeFirst()
            }
            precision = p
        }
        guard chars.count <= 1 else { return nil }
        let type = chars.first
        var body: String
        var isNumber = true
        switch (value, type) {
        case (.string(let s), nil), (.string(let s), "s"?):
            body = precision.map { String(s.prefix($0)) } ?? s
            isNumber = false
        case (.int(let i), nil), (.int(let i), "d"?):
            body = String(i)
        case (.bool(let b), nil):
            body = b ? "True" : "False"
            isNumber = false
        case (.int, "f"?), (.float, "f"?):
            guard let n = Evaluator.number(value) else { return nil }
            body = fixed(n, precision ?? 6)
        case (.float, nil) where precision != nil:
            return nil  // Python's general format (like 'g'), which is not followed here
        case (.float(let f), nil):
            body = floatRepr(f)
        default:
            return nil
        }
        if isNumber, let sign, !body.hasPrefix("-") {
            if sign == "+" { body = "+" + body } else if sign == " " { body = " " + body }
        }
        let pad = max(0, width - body.count)
        guard pad > 0 else { return body }
        let padding = String(repeating: fill, count: pad)
        switch align ?? (isNumber ? ">" : "<") {
        case "<": return body + padding
        case "^": return String(repeating: fill, count: pad / 2) + body + String(repeating: fill, count: pad - pad / 2)
        case "=":
            if let first = body.first, "+- ".contains(first) { return String(first) + padding + body.dropFirst() }
            return padding + body
        default: return padding + body
        }
    }

    /// A number with `digits` decimals, rounded half to even on the binary value as C does.
    static func fixed(_ n: Double, _ digits: Int) -> String {
        guard n.isFinite else { return floatRepr(n) }
        var result = ""
        let format = "%.\(digits)f"
        withVaList([n]) { args in
            var buffer = [CChar](repeating: 0, count: 512)
            _ = vsnprintf(&buffer, buffer.count, format, args)
            result = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return result
    }

    // MARK: % formatting

    static func percent(_ format: String, _ argument: PyValue) -> String? {
        var positional: [PyValue]
        var mapping: [PyValue.DictEntry]?
        switch argument {
        case .tuple(let items): positional = items
        case .dict(let entries):
            positional = [argument]
            mapping = entries
        default: positional = [argument]
        }
        var out = ""
        var chars = Array(format)[...]
        while let c = chars.first {
            chars.removeFirst()
            guard c == "%" else {
                out.append(c)
                continue
            }
            var key: String?
            if chars.first == "(" {
                guard let close = chars.firstIndex(of: ")") else { return nil }
                key = String(chars[chars.index(after: chars.startIndex)..<close])
                chars = chars[chars.index(after: close)...]
            }
            var spec = ""
            while let s = chars.first, "-+ #0123456789.".contains(s) {
                spec.append(s)
                chars.removeFirst()
            }
            guard let type = chars.first else { return nil }
            chars.removeFirst()
            if type == "%" {
                out += "%"
                continue
            }
            let value: PyValue
            if let key {
                guard let entry = mapping?.first(where: { $0.key.string == key }) else { return nil }
                value = entry.value
            } else {
                guard !positional.isEmpty else { return nil }
                value = positional.removeFirst()
            }
            let converted: PyValue
            switch type {
            case "s": converted = str(value).map(PyValue.string) ?? value
            case "r": converted = .string(repr(value))
            case "d", "i":
                if case .int = value {
                    converted = value
                } else {
                    guard let n = Evaluator.number(value), n.isFinite, let i = Int(exactly: n.rounded(.towardZero)) else { return nil }
                    converted = .int(i)
                }
            case "f":
                guard let n = Evaluator.number(value) else { return nil }
                converted = .float(n)
            default: return nil
            }
            // `%-10s` aligns left; Python's format spec spells that `<10`.
            var pySpec = spec
            if pySpec.hasPrefix("-") { pySpec = "<" + pySpec.dropFirst() }
            if type == "f" { pySpec += "f" }
            if case .string(let s) = converted, pySpec.isEmpty {
                out += s
            } else {
                guard let text = self.format(converted, spec: pySpec) else { return nil }
                out += text
            }
        }
        guard positional.isEmpty || mapping != nil else { return nil }  // "not all arguments converted"
        return out
    }

    // MARK: str.format

    static func format(_ template: String, _ arguments: [PyValue], _ keywords: [LibraryObject.Keyword]) -> String? {
        var out = ""
        var chars = Array(template)[...]
        var automatic = 0
        while let c = chars.first {
            chars.removeFirst()
            if c == "{" && chars.first == "{" || c == "}" && chars.first == "}" {
                chars.removeFirst()
                out.append(c)
                continue
            }
            guard c == "{" else {
                if c == "}" { return nil }
                out.append(c)
                continue
            }
            guard let close = chars.firstIndex(of: "}") else { return nil }
            var field = String(chars[chars.startIndex..<close])
            chars = chars[chars.index(after: close)...]
            var spec = ""
            if let colon = field.firstIndex(of: ":") {
                spec = String(field[field.index(after: colon)...])
                field = String(field[..<colon])
            }
            var conversion: Character?
            if let bang = field.firstIndex(of: "!") {
                conversion = field[field.index(after: bang)...].first
                field = String(field[..<bang])
            }
            let value: PyValue
            if field.isEmpty {
                guard automatic < arguments.count else { return nil }
                value = arguments[automatic]
                automatic += 1
            } else if let index = Int(field) {
                guard index < arguments.count else { return nil }
                value = arguments[index]
            } else {
                guard let keyword = keywords.last(where: { $0.name == field }) else { return nil }
                value = keyword.value
            }
            let converted: PyValue = conversion == "r" ? .string(repr(value)) : value
            guard let text = self.format(converted, spec: spec) else { return nil }
            out += text
        }
        return out
    }

    // MARK: textwrap.dedent

    static func dedent(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }
        var margin: String?
        for line in lines where !isBlank(line) {
            let indent = String(line.prefix(while: { $0 == " " || $0 == "\t" }))
            if let current = margin {
                margin = String(zip(current, indent).prefix(while: { $0 == $1 }).map(\.0))
            } else {
                margin = indent
            }
        }
        for i in lines.indices {
            if isBlank(lines[i]) {
                lines[i] = ""
            } else if let margin, !margin.isEmpty {
                lines[i] = String(lines[i].dropFirst(margin.count))
            }
        }
        return lines.joined(separator: "\n")
    }
}
