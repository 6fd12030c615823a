/// Byte-level helpers over a source file: UTF-8 checking, columns and line texts.
///
/// Only error paths and f-string fields use the slower lookups here; the tokenizer keeps
/// its own running line and column while it scans.
enum SourceText {
    /// The offset of the first byte that breaks UTF-8 (strictly: no overlong forms, no
    /// surrogates, nothing above U+10FFFF), or nil when all of `p` is valid.
    static func firstInvalidUTF8(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = p.count
        var i = 0
        while i < n {
            // Eight ASCII bytes at a time: most source is ASCII throughout.
            if i + 8 <= n, UnsafeRawBufferPointer(p).loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            @inline(__always) func cont(_ k: Int) -> Bool { i + k < n && p[i + k] & 0xC0 == 0x80 }
            if b >= 0xC2 && b <= 0xDF {
                guard cont(1) else { return i }
                i += 2
            } else if b >= 0xE0 && b <= 0xEF {
                guard cont(1) else { return i }
                let b1 = p[i + 1]
                if (b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 >= 0xA0) { return i }
                guard cont(2) else { return i }
                i += 3
            } else if b >= 0xF0 && b <= 0xF4 {
                guard cont(1) else { return i }
                let b1 = p[i + 1]
                if (b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 >= 0x90) { return i }
                guard cont(2), cont(3) else { return i }
                i += 4
            } else {
                return i
            }
        }
        return nil
    }

    /// Length of a leading UTF-8 byte order mark (3), or 0.
    static func bomLength(_ p: UnsafeBufferPointer<UInt8>) -> Int {
        p.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0
    }

    /// The offset where the line holding `offset` starts (after a BOM on the first line).
    static func lineStart(_ p: UnsafeBufferPointer<UInt8>, containing offset: Int) -> Int {
        var i = min(offset, p.count)
        while i > 0 {
            let b = p[i - 1]
            if b == 0x0A || b == 0x0D { return i }
            i -= 1
        }
        return bomLength(p)
    }

    /// 1-based column of `offset` on the line that starts at `lineStart`, in Unicode scalars.
    static func column(_ p: UnsafeBufferPointer<UInt8>, lineStart: Int, offset: Int) -> Int {
        var column = 1
        var i = lineStart
        let end = min(offset, p.count)
        while i < end {
            if p[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return column
    }

    /// Line and column of a byte offset, counting `\n`, `\r\n` and `\r` as line ends.
    static func position(_ p: UnsafeBufferPointer<UInt8>, of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var start = bomLength(p)
        var i = start
        let end = min(offset, p.count)
        while i < end {
            let b = p[i]
            if b == 0x0A || (b == 0x0D && !(i + 1 < p.count && p[i + 1] == 0x0A)) {
                line += 1
                start = i + 1
            }
            i += 1
        }
        return (line, column(p, lineStart: start, offset: offset))
    }

    /// The text of 1-based `line`, without its line ending; invalid UTF-8 is replaced.
    static func lineText(_ p: UnsafeBufferPointer<UInt8>, line: Int) -> String {
        var current = 1
        var i = bomLength(p)
        let n = p.count
        while current < line && i < n {
            let b = p[i]
            i += 1
            if b == 0x0A {
                current += 1
            } else if b == 0x0D {
                if i < n && p[i] == 0x0A { i += 1 }
                current += 1
            }
        }
        guard current == line else { return "" }
        var end = i
        while end < n && p[end] != 0x0A && p[end] != 0x0D { end += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: p[i..<end]), as: UTF8.self)
    }

    /// Decodes the scalar starting at `i` in valid UTF-8, with its length in bytes.
    @inline(__always)
    static func scalar(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
        let b = UInt32(p[i])
        if b < 0x80 { return (b, 1) }
        let n = p.count
        @inline(__always) func c(_ k: Int) -> UInt32 { i + k < n ? UInt32(p[i + k] & 0x3F) : 0 }
        if b < 0xE0 { return ((b & 0x1F) << 6 | c(1), 2) }
        if b < 0xF0 { return ((b & 0x0F) << 12 | c(1) << 6 | c(2), 3) }
        return ((b & 0x07) << 18 | c(1) << 12 | c(2) << 6 | c(3), 4)
    }
}
