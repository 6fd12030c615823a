/// Python values written as SQL literals (bulk_insert rows, `values()`, `inline_literal`),
/// including the standard library's dates, times, decimals and UUIDs.
extension SchemaBuilder {
    /// Standard-library calls the literal reader knows (constructors and the calls whose
    /// value is known only when the migration runs).
    static func isStandardValue(_ kind: String) -> Bool {
        kind.hasPrefix("datetime.") || kind.hasPrefix("decimal.") || kind.hasPrefix("uuid.")
    }

    func literal(_ value: PyValue, line: Int) throws -> LiteralValue {
        switch value {
        case .string(let s): return .string(s)
        case .int(let i): return .int(i)
        case .float(let f): return .float(f)
        case .bool(let b): return .bool(b)
        case .none: return .none
        case .object(let o) where Self.isStandardValue(o.kind): return try standardValue(o)
        default: throw fail(line, "a \(value.typeName) as a literal value is not supported yet")
        }
    }

    func standardValue(_ o: LibraryObject) throws -> LiteralValue {
        func ints(_ names: [String], required: Int) throws -> [Int] {
            let b = try bind(o, Signature(names + ["tzinfo", "fold"]))
            if let tz = b["tzinfo"], !isNone(tz) { throw fail(o.line, "\(o.kind) with a time zone is not supported yet") }
            return try names.enumerated().map { i, name in
                switch b[name] {
                case .int(let v)?: return v
                case nil where i >= required: return 0
                default: throw fail(o.line, "\(o.kind) needs whole numbers for \(name)")
                }
            }
        }
        switch o.kind {
        case "datetime.date":
            let v = try ints(["year", "month", "day"], required: 3)
            return .date(Timestamp(year: v[0], month: v[1], day: v[2]))
        case "datetime.datetime":
            let v = try ints(["year", "month", "day", "hour", "minute", "second", "microsecond"], required: 3)
            return .dateTime(Timestamp(year: v[0], month: v[1], day: v[2], hour: v[3], minute: v[4], second: v[5], microsecond: v[6]))
        case "datetime.time":
            let v = try ints(["hour", "minute", "second", "microsecond"], required: 0)
            return .time(Timestamp(hour: v[0], minute: v[1], second: v[2], microsecond: v[3]))
        case "decimal.Decimal":
            switch o.arguments.first {
            case .int(let i)?: return .decimal(String(i))
            case .string(let s)?:
                guard let text = Self.decimalText(s) else { throw fail(o.line, "Decimal('\(s)') is not supported yet") }
                return .decimal(text)
            default: throw fail(o.line, "Decimal of a \(o.arguments.first?.typeName ?? "nothing") is not supported yet")
            }
        case "uuid.UUID":
            guard case .string(let s)? = o.arguments.first ?? o.keyword("hex"), let hex = Self.uuidHex(s) else {
                throw fail(o.line, "uuid.UUID needs a hex string")
            }
            return .uuid(hex)
        default:
            throw fail(o.line, "\(o.kind)() gives a value known only when the migration runs")
        }
    }

    /// Python's `str(Decimal(s))` for plain decimals (`[+-]digits[.digits]`): the sign `+`
    /// and leading zeros dropped, digits after the point kept. Nil for other forms.
    static func decimalText(_ s: String) -> String? {
        var text = Substring(s.trimmingCharacters(in: .whitespaces))
        var sign = ""
        if let first = text.first, first == "+" || first == "-" {
            if first == "-" { sign = "-" }
            text = text.dropFirst()
        }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigitCharacter) }),
            !(whole.isEmpty && (parts.count < 2 || parts[1].isEmpty))
        else { return nil }
        let integer = whole.drop(while: { $0 == "0" })
        var result = sign + (integer.isEmpty ? "0" : String(integer))
        if parts.count == 2 { result += "." + parts[1] }
        return result
    }

    /// The 32 hex digits of a UUID string (dashes, braces and `urn:uuid:` allowed).
    static func uuidHex(_ s: String) -> String? {
        var text = s.replacingOccurrences(of: "urn:", with: "").replacingOccurrences(of: "uuid:", with: "")
        text = text.filter { $0 != "{" && $0 != "}" && $0 != "-" }.lowercased()
        return text.count == 32 && text.allSatisfy(\.isHexDigit) ? text : nil
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
