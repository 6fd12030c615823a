import Foundation

/// A value read from a TOML document.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    /// Offset/local date-times, dates and times, kept as written.
    case datetime(String)
    case array([TOMLValue])
    case table([String: TOMLValue])

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The table, when this is a table.
    public var tableValue: [String: TOMLValue]? {
        if case .table(let t) = self { return t }
        return nil
    }
}

/// A small TOML reader: enough of TOML 1.0 to read `pyproject.toml` files.
///
/// It handles tables, array tables, dotted and quoted keys, all four string
/// forms, integers, floats, booleans, date-times (kept as text), arrays and
/// inline tables, and reports syntax errors with the file and line.
public struct TOMLDocument: Sendable {
    /// The top-level table.
    public let root: [String: TOMLValue]

    /// Reads and parses `path` (UTF-8).
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProjectError("Cannot read \(path)", file: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ProjectError("Invalid TOML in \(path): not valid UTF-8", file: path)
        }
        try self.init(text: text, path: path)
    }

    /// Parses `text`; `path` only appears in error messages.
    public init(text: String, path: String? = nil) throws {
        var parser = TOMLParser(text: text, path: path)
        root = try parser.parseDocument()
    }

    /// The value at a key path such as `["tool", "alembic"]`, or nil.
    public func value(at keyPath: [String]) -> TOMLValue? {
        var current: TOMLValue = .table(root)
        for key in keyPath {
            guard case .table(let table) = current, let next = table[key] else { return nil }
            current = next
        }
        return current
    }
}

/// A table while it is being built: headers and dotted keys add to it in place.
private final class TableBuilder {
    enum Entry {
        case value(TOMLValue)
        case table(TableBuilder)
        case tableArray([TableBuilder])
    }

    var entries: [String: Entry] = [:]
    /// Declared by its own `[header]` (declaring it again is an error).
    var declaredByHeader = false
    /// Created by a dotted key; a later `[header]` may not reopen it.
    var createdByDottedKey = false

    func build() -> [String: TOMLValue] {
        var out: [String: TOMLValue] = [:]
        for (key, entry) in entries {
            switch entry {
            case .value(let v): out[key] = v
            case .table(let t): out[key] = .table(t.build())
            case .tableArray(let ts): out[key] = .array(ts.map { .table($0.build()) })
            }
        }
        return out
    }
}

/// The recursive-descent parser behind `TOMLDocument`.
private struct TOMLParser {
    let chars: [Unicode.Scalar]
    let path: String?
    var pos = 0

    init(text: String, path: String?) {
        chars = Array(text.unicodeScalars)
        self.path = path
    }

    // MARK: Errors

    func error(_ message: String, at position: Int? = nil) -> ProjectError {
        let at = min(position ?? pos, chars.count)
        var line = 1
        var column = 1
        for i in 0..<at {
            if chars[i] == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        let file = path ?? "<string>"
        return ProjectError(
            "Invalid TOML in \(file) (line \(line), column \(column)): \(message)",
            file: path, line: line)
    }

    // MARK: Low-level scanning

    var atEnd: Bool { pos >= chars.count }
    var current: Unicode.Scalar? { pos < chars.count ? chars[pos] : nil }
    func peek(_ offset: Int) -> Unicode.Scalar? {
        pos + offset < chars.count ? chars[pos + offset] : nil
    }
    func lookingAt(_ text: String) -> Bool {
        var i = pos
        for s in text.unicodeScalars {
            guard i < chars.count, chars[i] == s else { return false }
            i += 1
        }
        return true
    }

    mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" { pos += 1 }
    }

    mutating func skipComment() throws {
        guard current == "#" else { return }
        while let c = current, c != "\n" {
            if c != "\t" && c != "\r" && (c.value < 0x20 || c.value == 0x7F) {
                throw error("control character in comment")
            }
            pos += 1
        }
    }

    /// Consumes the end of a line: optional comment, then a newline or the end of input.
    mutating func expectLineEnd() throws {
        skipSpaces()
        try skipComment()
        if atEnd { return }
        if current == "\r" && peek(1) == "\n" { pos += 2; return }
        if current == "\n" { pos += 1; return }
        throw error("expected the end of the line")
    }

    /// Skips whitespace, newlines and comments (inside arrays).
    mutating func skipBlank() throws {
        while let c = current {
            if c == " " || c == "\t" || c == "\n" || c == "\r" { pos += 1 }
            else if c == "#" { try skipComment() }
            else { break }
        }
    }

    // MARK: Document

    mutating func parseDocument() throws -> [String: TOMLValue] {
        let root = TableBuilder()
        var table = root
        while true {
            try skipBlank()
            guard let c = current else { break }
            if c == "[" {
                let isArray = peek(1) == "["
                pos += isArray ? 2 : 1
                skipSpaces()
                let keyStart = pos
                let keys = try parseKey()
                skipSpaces()
                if isArray {
                    guard lookingAt("]]") else { throw error("expected ']]' to close the array table header") }
                    pos += 2
                } else {
                    guard current == "]" else { throw error("expected ']' to close the table header") }
                    pos += 1
                }
                try expectLineEnd()
                table = try isArray
                    ? openArrayTable(root, keys, at: keyStart)
                    : openTable(root, keys, at: keyStart)
            } else {
                try parseKeyValue(into: table)
                try expectLineEnd()
            }
        }
        return root.build()
    }

    /// Walks to the table that holds the last key of a header, creating implicit tables.
    func descend(_ root: TableBuilder, _ keys: ArraySlice<String>, at position: Int) throws -> TableBuilder {
        var table = root
        for key in keys {
            switch table.entries[key] {
            case nil:
                let child = TableBuilder()
                table.entries[key] = .table(child)
                table = child
            case .table(let child)?:
                table = child
            case .tableArray(let items)?:
                guard let last = items.last else { throw error("empty array of tables", at: position) }
                table = last
            case .value?:
                throw error("key \(pythonRepr(key)) is already a value, not a table", at: position)
            }
        }
        return table
    }

    func openTable(_ root: TableBuilder, _ keys: [String], at position: Int) throws -> TableBuilder {
        let parent = try descend(root, keys.dropLast(), at: position)
        guard let last = keys.last else { throw error("empty table name", at: position) }
        switch parent.entries[last] {
        case nil:
            let table = TableBuilder()
            table.declaredByHeader = true
            parent.entries[last] = .table(table)
            return table
        case .table(let table)?:
            if table.declaredByHeader || table.createdByDottedKey {
                throw error("table [\(keys.joined(separator: "."))] is defined more than once", at: position)
            }
            table.declaredByHeader = true
            return table
        default:
            throw error("[\(keys.joined(separator: "."))] redefines an existing value", at: position)
        }
    }

    func openArrayTable(_ root: TableBuilder, _ keys: [String], at position: Int) throws -> TableBuilder {
        let parent = try descend(root, keys.dropLast(), at: position)
        guard let last = keys.last else { throw error("empty table name", at: position) }
        let table = TableBuilder()
        switch parent.entries[last] {
        case nil:
            parent.entries[last] = .tableArray([table])
        case .tableArray(let items)?:
            parent.entries[last] = .tableArray(items + [table])
        default:
            throw error("[[\(keys.joined(separator: "."))]] redefines an existing value", at: position)
        }
        return table
    }

    // MARK: Keys and values

    /// `key = value` (dotted keys create sub-tables) into `table`.
    mutating func parseKeyValue(into table: TableBuilder) throws {
        let keyStart = pos
        let keys = try parseKey()
        skipSpaces()
        guard current == "=" else { throw error("expected '=' after a key") }
        pos += 1
        skipSpaces()
        let value = try parseValue()
        var target = table
        for key in keys.dropLast() {
            switch target.entries[key] {
            case nil:
                let child = TableBuilder()
                child.createdByDottedKey = true
                target.entries[key] = .table(child)
                target = child
            case .table(let child)? where !child.declaredByHeader:
                target = child
            case .table?:
                // A table that has its own [header] cannot be extended from elsewhere by dotted keys.
                throw error("key \(pythonRepr(key)) names a table defined by a [header]", at: keyStart)
            default:
                throw error("key \(pythonRepr(key)) is already defined as a value", at: keyStart)
            }
        }
        guard let last = keys.last else { throw error("empty key", at: keyStart) }
        if target.entries[last] != nil {
            throw error("key \(pythonRepr(keys.joined(separator: "."))) is defined more than once", at: keyStart)
        }
        target.entries[last] = .value(value)
    }

    /// A possibly dotted key: bare, "basic" or 'literal' parts separated by dots.
    mutating func parseKey() throws -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            guard let c = current else { throw error("expected a key") }
            if c == "\"" {
                if lookingAt("\"\"\"") { throw error("a key cannot be a multi-line string") }
                parts.append(try parseBasicString())
            } else if c == "'" {
                if lookingAt("'''") { throw error("a key cannot be a multi-line string") }
                parts.append(try parseLiteralString())
            } else {
                let start = pos
                while let c = current, Self.isBareKeyChar(c) { pos += 1 }
                guard pos > start else { throw error("invalid key") }
                parts.append(String(String.UnicodeScalarView(chars[start..<pos])))
            }
            skipSpaces()
            guard current == "." else { return parts }
            pos += 1
        }
    }

    static func isBareKeyChar(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-"
    }

    mutating func parseValue() throws -> TOMLValue {
        guard let c = current else { throw error("expected a value") }
        switch c {
        case "\"":
            if lookingAt("\"\"\"") { return .string(try parseMultilineBasicString()) }
            return .string(try parseBasicString())
        case "'":
            if lookingAt("'''") { return .string(try parseMultilineLiteralString()) }
            return .string(try parseLiteralString())
        case "[":
            return try parseArray()
        case "{":
            return try parseInlineTable()
        case "t":
            if lookingAt("true") { pos += 4; return .boolean(true) }
        case "f":
            if lookingAt("false") { pos += 5; return .boolean(false) }
        default:
            break
        }
        return try parseNumberOrDate()
    }

    mutating func parseArray() throws -> TOMLValue {
        pos += 1
        var items: [TOMLValue] = []
        while true {
            try skipBlank()
            guard let c = current else { throw error("unterminated array") }
            if c == "]" { pos += 1; return .array(items) }
            items.append(try parseValue())
            try skipBlank()
            if current == "," { pos += 1; continue }
            if current == "]" { pos += 1; return .array(items) }
            throw error("expected ',' or ']' in an array")
        }
    }

    mutating func parseInlineTable() throws -> TOMLValue {
        pos += 1
        let table = TableBuilder()
        skipSpaces()
        if current == "}" { pos += 1; return .table([:]) }
        while true {
            skipSpaces()
            try parseKeyValue(into: table)
            skipSpaces()
            if current == "," { pos += 1; continue }
            if current == "}" { pos += 1; return .table(table.build()) }
            throw error("expected ',' or '}' in an inline table")
        }
    }

    // MARK: Strings

    mutating func parseBasicString() throws -> String {
        let start = pos
        pos += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = current, c != "\n" else { throw error("unterminated string", at: start) }
            if c == "\"" { pos += 1; return String(out) }
            if c == "\\" {
                out.append(try parseEscape())
                continue
            }
            try checkStringChar(c)
            out.append(c)
            pos += 1
        }
    }

    /// At a closing `"""` or `'''`: consumes it and returns true. Up to two extra quotes
    /// right before the delimiter belong to the string.
    mutating func closesMultiline(_ quote: Unicode.Scalar, into out: inout String.UnicodeScalarView) -> Bool {
        guard peek(0) == quote, peek(1) == quote, peek(2) == quote else { return false }
        var quotes = 3
        while quotes < 5, peek(quotes) == quote { quotes += 1 }
        for _ in 0..<(quotes - 3) { out.append(quote) }
        pos += quotes
        return true
    }

    mutating func parseMultilineBasicString() throws -> String {
        let start = pos
        pos += 3
        skipFirstNewline()
        var out = String.UnicodeScalarView()
        while true {
            guard let c = current else { throw error("unterminated multi-line string", at: start) }
            if closesMultiline("\"", into: &out) { return String(out) }
            if c == "\\" {
                // A backslash at the end of a line trims the newline and following whitespace.
                var look = pos + 1
                while look < chars.count, chars[look] == " " || chars[look] == "\t" { look += 1 }
                if look < chars.count, chars[look] == "\n" || (chars[look] == "\r" && look + 1 < chars.count && chars[look + 1] == "\n") {
                    pos = look
                    while let w = current, w == " " || w == "\t" || w == "\n" || w == "\r" { pos += 1 }
                    continue
                }
                out.append(try parseEscape())
                continue
            }
            if c == "\r" && peek(1) == "\n" { out.append("\n"); pos += 2; continue }
            if c != "\n" { try checkStringChar(c) }
            out.append(c)
            pos += 1
        }
    }

    mutating func parseLiteralString() throws -> String {
        let start = pos
        pos += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = current, c != "\n" else { throw error("unterminated string", at: start) }
            if c == "'" { pos += 1; return String(out) }
            try checkStringChar(c)
            out.append(c)
            pos += 1
        }
    }

    mutating func parseMultilineLiteralString() throws -> String {
        let start = pos
        pos += 3
        skipFirstNewline()
        var out = String.UnicodeScalarView()
        while true {
            guard let c = current else { throw error("unterminated multi-line string", at: start) }
            if closesMultiline("'", into: &out) { return String(out) }
            if c == "\r" && peek(1) == "\n" { out.append("\n"); pos += 2; continue }
            if c != "\n" { try checkStringChar(c) }
            out.append(c)
            pos += 1
        }
    }

    mutating func skipFirstNewline() {
        if current == "\n" { pos += 1 }
        else if current == "\r" && peek(1) == "\n" { pos += 2 }
    }

    func checkStringChar(_ c: Unicode.Scalar) throws {
        if c != "\t" && (c.value < 0x20 || c.value == 0x7F) {
            throw error("control character in string")
        }
    }

    mutating func parseEscape() throws -> Unicode.Scalar {
        pos += 1
        guard let c = current else { throw error("unterminated escape") }
        pos += 1
        switch c {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "e": return "\u{1B}"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U", "x":
            let count = c == "u" ? 4 : (c == "U" ? 8 : 2)
            guard pos + count <= chars.count else { throw error("truncated escape") }
            let hex = String(String.UnicodeScalarView(chars[pos..<(pos + count)]))
            guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
                throw error("invalid escape \\\(c)\(hex)")
            }
            pos += count
            return scalar
        default:
            throw error("invalid escape sequence \\\(c)", at: pos - 2)
        }
    }

    // MARK: Numbers and dates

    mutating func parseNumberOrDate() throws -> TOMLValue {
        let start = pos
        while let c = current, Self.isAtomChar(c) { pos += 1 }
        // A date and a time may be separated by one space: "1979-05-27 07:32:00".
        if pos - start == 10, current == " ", let d1 = peek(1), let d2 = peek(2), peek(3) == ":",
           d1.properties.numericType != nil, d2.properties.numericType != nil {
            pos += 1
            while let c = current, Self.isAtomChar(c) { pos += 1 }
        }
        let token = String(String.UnicodeScalarView(chars[start..<pos]))
        guard !token.isEmpty else { throw error("expected a value", at: start) }
        if let value = Self.number(token) { return value }
        if Self.looksLikeDate(token) { return .datetime(token) }
        throw error("invalid value \(pythonRepr(token))", at: start)
    }

    static func isAtomChar(_ c: Unicode.Scalar) -> Bool {
        isBareKeyChar(c) || c == "+" || c == "." || c == ":"
    }

    static func looksLikeDate(_ token: String) -> Bool {
        let s = Array(token.unicodeScalars)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= s.count && range.allSatisfy { s[$0] >= "0" && s[$0] <= "9" }
        }
        if digits(0..<4) && s.count >= 10 && s[4] == "-" && digits(5..<7) && s[7] == "-" && digits(8..<10) {
            return true
        }
        return digits(0..<2) && s.count >= 8 && s[2] == ":" && digits(3..<5) && s[5] == ":" && digits(6..<8)
    }

    static func number(_ token: String) -> TOMLValue? {
        var body = Substring(token)
        var sign = ""
        if let first = body.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        switch body {
        case "inf": return .float(sign == "-" ? -.infinity : .infinity)
        case "nan": return .float(.nan)
        default: break
        }
        // Underscores must sit between digits.
        if body.hasPrefix("_") || body.hasSuffix("_") || body.contains("__") { return nil }
        if sign.isEmpty && !token.hasPrefix("+"), body.count > 2, body.hasPrefix("0") {
            let radix: Int? = body.hasPrefix("0x") ? 16 : body.hasPrefix("0o") ? 8 : body.hasPrefix("0b") ? 2 : nil
            if let radix {
                let digits = body.dropFirst(2)
                guard !digits.hasPrefix("_") else { return nil }
                return Int(digits.replacingOccurrences(of: "_", with: ""), radix: radix).map { .integer($0) }
            }
        }
        let plain = body.replacingOccurrences(of: "_", with: "")
        guard !plain.isEmpty, plain.first?.isNumber == true else { return nil }
        if plain.allSatisfy({ $0 >= "0" && $0 <= "9" }) {
            // Leading zeros are not allowed in decimal integers.
            if plain.count > 1 && plain.hasPrefix("0") { return nil }
            return Int(sign + plain).map { .integer($0) }
        }
        let allowed = Set("0123456789.eE+-")
        guard plain.allSatisfy({ allowed.contains($0) }), !plain.hasSuffix("."),
              !plain.contains(".e"), !plain.contains(".E") else { return nil }
        let intPart = plain.prefix(while: { $0 >= "0" && $0 <= "9" })
        if intPart.count > 1 && intPart.hasPrefix("0") { return nil }
        return Double(sign + plain).map { .float($0) }
    }
}
