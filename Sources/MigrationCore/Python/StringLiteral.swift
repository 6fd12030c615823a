/// Decoding of string and bytes literal bodies: escape sequences and line endings.
enum StringLiteral {
    /// Why an escape sequence could not be decoded, and where in the body it starts.
    struct EscapeError: Error {
        var message: String
        var offset: Int
    }

    /// Appends the decoded value of `p[start..<end]` (a literal's body, without quotes) to `out`.
    ///
    /// Line endings become `\n` as CPython's reader makes them; escapes are processed unless
    /// `raw`. For bytes literals `\u`, `\U` and `\N` stay as written, as Python keeps them.
    static func decode(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, raw: Bool, bytes: Bool,
                       into out: inout [UInt8]) throws(EscapeError) {
        var i = start
        while i < end {
            let c = p[i]
            if c == 0x0D {
                out.append(0x0A)
                i += (i + 1 < end && p[i + 1] == 0x0A) ? 2 : 1
                continue
            }
            if c != UInt8(ascii: "\\") {
                if bytes && c >= 0x80 {
                    throw EscapeError(message: "bytes can only contain ASCII literal characters", offset: i)
                }
                out.append(c)
                i += 1
                continue
            }
            guard i + 1 < end else { out.append(c); i += 1; continue }
            let e = p[i + 1]
            if raw {
                // A raw literal keeps the backslash; only its line ending is normalized.
                out.append(c)
                i += 1
                continue
            }
            i += 2
            switch e {
            case 0x0A: break
            case 0x0D: if i < end && p[i] == 0x0A { i += 1 }
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): out.append(e)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var value = UInt32(e - 0x30)
                var n = 1
                while n < 3 && i < end && p[i] >= 0x30 && p[i] <= 0x37 {
                    value = value * 8 + UInt32(p[i] - 0x30)
                    i += 1; n += 1
                }
                if bytes { out.append(UInt8(truncatingIfNeeded: value)) } else { appendScalar(value, to: &out) }
            case UInt8(ascii: "x"):
                let value = try hexValue(p, i, end, digits: 2, escapeStart: i - 2, name: "\\xXX", bytes: bytes)
                i += 2
                if bytes { out.append(UInt8(truncatingIfNeeded: value)) } else { appendScalar(value, to: &out) }
            case UInt8(ascii: "u") where !bytes:
                let value = try hexValue(p, i, end, digits: 4, escapeStart: i - 2, name: "\\uXXXX", bytes: false)
                i += 4
                appendScalar(value, to: &out)
            case UInt8(ascii: "U") where !bytes:
                let value = try hexValue(p, i, end, digits: 8, escapeStart: i - 2, name: "\\UXXXXXXXX", bytes: false)
                if value > 0x10FFFF {
                    throw EscapeError(message: unicodeError(i - 2, i + 8, "illegal Unicode character"), offset: i - 2)
                }
                i += 8
                appendScalar(value, to: &out)
            case UInt8(ascii: "N") where !bytes:
                guard i < end, p[i] == UInt8(ascii: "{") else {
                    throw EscapeError(message: unicodeError(i - 2, i, "malformed \\N character escape"), offset: i - 2)
                }
                var close = i + 1
                while close < end && p[close] != UInt8(ascii: "}") { close += 1 }
                guard close < end, close > i + 1 else {
                    throw EscapeError(message: unicodeError(i - 2, close, "malformed \\N character escape"), offset: i - 2)
                }
                let name = String(decoding: UnsafeBufferPointer(rebasing: p[(i + 1)..<close]), as: UTF8.self)
                guard let scalar = UnicodeNames.lookup(name) else {
                    throw EscapeError(message: unicodeError(i - 2, close, "unknown Unicode character name"), offset: i - 2)
                }
                appendScalar(scalar.value, to: &out)
                i = close + 1
            default:
                // Unknown escapes keep their backslash (Python only warns).
                out.append(c)
                out.append(e)
            }
        }
    }

    static func unicodeError(_ from: Int, _ to: Int, _ reason: String) -> String {
        "(unicode error) 'unicodeescape' codec can't decode bytes: \(reason)"
    }

    static func hexValue(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int, digits: Int, escapeStart: Int,
                         name: String, bytes: Bool) throws(EscapeError) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<digits {
            let j = i + k
            guard j < end else { throw truncated(escapeStart, j, name, bytes) }
            let d = p[j]
            let v: UInt32
            switch d {
            case 0x30...0x39: v = UInt32(d - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = UInt32(d - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = UInt32(d - 0x41 + 10)
            default: throw truncated(escapeStart, j, name, bytes)
            }
            value = value << 4 | v
        }
        return value
    }

    static func truncated(_ start: Int, _ end: Int, _ name: String, _ bytes: Bool) -> EscapeError {
        if bytes { return EscapeError(message: "(value error) invalid \\x escape", offset: start) }
        return EscapeError(message: unicodeError(start, end, "truncated \(name) escape"), offset: start)
    }

    /// Appends `value` as UTF-8; lone surrogates, which a Swift string cannot hold, become U+FFFD.
    @inline(__always)
    static func appendScalar(_ value: UInt32, to out: inout [UInt8]) {
        let v = (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF ? 0xFFFD : value
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}

/// Lookup of `\N{...}` character names.
enum UnicodeNames {
    /// Names common in source code, answered without a search.
    static let common: [String: UInt32] = [
        "SPACE": 0x20, "NO-BREAK SPACE": 0xA0, "EN DASH": 0x2013, "EM DASH": 0x2014,
        "BULLET": 0x2022, "HORIZONTAL ELLIPSIS": 0x2026, "DEGREE SIGN": 0xB0,
        "COPYRIGHT SIGN": 0xA9, "REGISTERED SIGN": 0xAE, "LEFT DOUBLE QUOTATION MARK": 0x201C,
        "RIGHT DOUBLE QUOTATION MARK": 0x201D, "LEFT SINGLE QUOTATION MARK": 0x2018,
        "RIGHT SINGLE QUOTATION MARK": 0x2019, "EURO SIGN": 0x20AC, "POUND SIGN": 0xA3,
        "MULTIPLICATION SIGN": 0xD7, "RIGHTWARDS ARROW": 0x2192, "CHECK MARK": 0x2713,
        "ZERO WIDTH SPACE": 0x200B, "LINE FEED": 0x0A, "CARRIAGE RETURN": 0x0D,
        "CHARACTER TABULATION": 0x09, "NULL": 0x00, "GREEK SMALL LETTER ALPHA": 0x3B1,
    ]

    /// The scalar named `name` (case-insensitive), searching all of Unicode when the name
    /// is not a common one; that search is slow but only runs for rare names.
    static func lookup(_ name: String) -> Unicode.Scalar? {
        let key = name.uppercased()
        if let v = common[key] { return Unicode.Scalar(v) }
        for v in UInt32(0)...0x10FFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            if s.properties.name == key || s.properties.nameAlias == key { return s }
        }
        return nil
    }
}
