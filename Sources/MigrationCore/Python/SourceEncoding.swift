/// PEP 263 source encodings: a `coding:` comment on the first or second line.
///
/// Python reads a script in the encoding it declares; the tokenizer reads UTF-8, so a
/// script in Latin-1 or Windows-1252 is converted first. Other encodings are refused by
/// name rather than misread.
enum SourceEncoding {
    /// The declared encoding's name, lowercased, or nil when there is none.
    static func declared(in source: [UInt8]) -> (name: String, line: Int)? {
        var lineStart = 0
        for lineNumber in 1...2 {
            guard lineStart < source.count else { return nil }
            var end = lineStart
            while end < source.count && source[end] != 0x0A && source[end] != 0x0D { end += 1 }
            let line = source[lineStart..<end]
            if let name = codingName(in: line) { return (name, lineNumber) }
            // The second line counts only when the first is blank or a comment.
            let first = line.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0C }
            if let first, first != UInt8(ascii: "#") { return nil }
            lineStart = end
            if lineStart < source.count && source[lineStart] == 0x0D { lineStart += 1 }
            if lineStart < source.count && source[lineStart] == 0x0A { lineStart += 1 }
        }
        return nil
    }

    /// `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`, as in PEP 263.
    private static func codingName(in line: ArraySlice<UInt8>) -> String? {
        var i = line.startIndex
        while i < line.endIndex && (line[i] == 0x20 || line[i] == 0x09 || line[i] == 0x0C) { i += 1 }
        guard i < line.endIndex, line[i] == UInt8(ascii: "#") else { return nil }
        let marker = Array("coding".utf8)
        while i + marker.count < line.endIndex {
            if Array(line[i..<i + marker.count]) == marker,
                line[i + marker.count] == UInt8(ascii: ":") || line[i + marker.count] == UInt8(ascii: "=")
            {
                var j = i + marker.count + 1
                while j < line.endIndex && (line[j] == 0x20 || line[j] == 0x09) { j += 1 }
                var name: [UInt8] = []
                while j < line.endIndex {
                    let c = line[j]
                    let isNameByte =
                        (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c == 0x2D || c == 0x5F
                        || c == 0x2E
                    guard isNameByte else { break }
                    name.append(c)
                    j += 1
                }
                if !name.isEmpty { return String(decoding: name, as: UTF8.self).lowercased() }
            }
            i += 1
        }
        return nil
    }

    /// The source as UTF-8, or an error for an encoding Retort cannot convert.
    static func utf8(_ source: [UInt8], path: String) throws -> [UInt8] {
        guard let (name, line) = declared(in: source) else { return source }
        let canonical = String(name.map { $0 == "_" ? "-" : $0 })
        if canonical.hasPrefix("utf-8") || canonical == "utf8" { return source }
        switch canonical {
        case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "cp819", "iso-latin-1":
            return transcode(source) { Unicode.Scalar(UInt32($0)) }
        case "cp1252", "windows-1252":
            return transcode(source) { byte in
                if byte >= 0x80 && byte < 0xA0 {
                    let scalar = windows1252High[Int(byte - 0x80)]
                    return scalar == 0 ? nil : Unicode.Scalar(scalar)
                }
                return Unicode.Scalar(UInt32(byte))
            }
        case "ascii", "us-ascii":
            return source
        default:
            throw PythonSyntaxError(
                path: path, line: line, column: 1,
                message: "not supported yet: source encoding '\(name)' (Retort reads UTF-8, Latin-1 and Windows-1252)",
                lineText: String(decoding: source.prefix { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self))
        }
    }

    private static func transcode(_ source: [UInt8], _ map: (UInt8) -> Unicode.Scalar?) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(source.count + source.count / 8)
        for byte in source {
            if byte < 0x80 {
                output.append(byte)
            } else if let scalar = map(byte) {
                output.append(contentsOf: String(Character(scalar)).utf8)
            } else {
                output.append(byte)  // Undefined in the code page: left invalid, reported as such.
            }
        }
        return output
    }

    /// Windows-1252 bytes 0x80...0x9F (0 where undefined).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]
}
