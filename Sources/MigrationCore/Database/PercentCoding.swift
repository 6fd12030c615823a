/// Python's `urllib.parse` quoting, which SQLAlchemy uses to read and print URLs: the
/// masked URL in `current -v` must come out byte for byte as Alembic prints it.
enum PercentCoding {
    /// `unquote`: `%XX` sequences decoded as UTF-8 (invalid bytes become U+FFFD); a `%`
    /// not followed by two hex digits stays as it is.
    static func unquote(_ text: String) -> String {
        guard text.contains("%") else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2])
            {
                output.append(high << 4 | low)
                i += 3
            } else {
                output.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// `unquote_plus`: as `unquote`, after turning `+` into a space (query strings).
    static func unquotePlus(_ text: String) -> String {
        unquote(text.replacingOccurrences(of: "+", with: " "))
    }

    /// `quote(text, safe=safe)`: every UTF-8 byte outside `A-Z a-z 0-9 _ . - ~` and `safe`
    /// as `%XX` in upper-case hex.
    static func quote(_ text: String, safe: String) -> String {
        let safeBytes = Set(safe.utf8)
        var output = ""
        for byte in text.utf8 {
            if isAlwaysSafe(byte) || safeBytes.contains(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "%" + hexDigit(byte >> 4) + hexDigit(byte & 0x0F)
            }
        }
        return output
    }

    /// `quote_plus(text)`: as `quote` with nothing safe, but spaces become `+`.
    static func quotePlus(_ text: String) -> String {
        quote(text, safe: " ").replacingOccurrences(of: " ", with: "+")
    }

    private static func isAlwaysSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private static func hexDigit(_ value: UInt8) -> String {
        String(Array("0123456789ABCDEF")[Int(value)])
    }
}
