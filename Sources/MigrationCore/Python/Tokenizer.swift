/// Splits Python 3 source bytes into tokens, the way CPython's tokenizer does.
///
/// It works on raw UTF-8 bytes (already validated) and keeps a running line and column,
/// so producing a token costs no allocation. Indentation becomes INDENT and DEDENT tokens;
/// line breaks inside brackets, after a backslash and on blank lines produce nothing.
struct Tokenizer {
    /// The deepest bracket nesting accepted, so the parser's recursion stays bounded.
    static let maxBracketDepth = 200
    /// The deepest indentation accepted, as in CPython.
    static let maxIndentDepth = 100

    let src: UnsafeBufferPointer<UInt8>
    let path: String
    let limit: Int
    /// Inside an f-string field: line breaks are ignored as if inside brackets and no
    /// NEWLINE, INDENT or DEDENT is ever produced.
    let isFieldExpression: Bool

    var pos: Int
    var line: Int
    var lineStart: Int
    /// Column cache: the scalar count from `lineStart` up to `columnOffset`.
    var columnOffset: Int
    var columnValue: Int
    var brackets: [(byte: UInt8, line: Int, column: Int)] = []
    var indents: [Int] = [0]
    /// Indentation measured with tabs as one column, to catch inconsistent tab use.
    var altIndents: [Int] = [0]
    var atLineStart = true
    var lineHasContent = false
    var tokens: [Token] = []
    /// Byte ranges of comments, recorded only when asked: CPython 3.11 accepts bytes that
    /// are not UTF-8 inside a comment, so such bytes are checked against these.
    var recordsComments = false
    var commentSpans: [Range<Int>] = []

    /// A tokenizer for a whole file (a leading BOM is skipped).
    init(source: UnsafeBufferPointer<UInt8>, path: String) {
        self.src = source
        self.path = path
        self.limit = source.count
        self.isFieldExpression = false
        let bom = SourceText.bomLength(source)
        self.pos = bom
        self.line = 1
        self.lineStart = bom
        self.columnOffset = bom
        self.columnValue = 1
        tokens.reserveCapacity(source.count / 4 + 16)
    }

    /// A tokenizer for the expression of an f-string field: `range` of the same buffer,
    /// starting on `line` whose first byte is at `lineStart`.
    init(source: UnsafeBufferPointer<UInt8>, path: String, range: Range<Int>, line: Int, lineStart: Int) {
        self.src = source
        self.path = path
        self.limit = range.upperBound
        self.isFieldExpression = true
        self.pos = range.lowerBound
        self.line = line
        self.lineStart = lineStart
        self.columnOffset = lineStart
        self.columnValue = 1
        self.atLineStart = false
    }

    // MARK: - Positions and errors

    /// The 1-based scalar column of `offset` on the current line; offsets must not go back.
    @inline(__always)
    mutating func column(at offset: Int) -> Int {
        if offset < columnOffset {
            return SourceText.column(src, lineStart: lineStart, offset: offset)
        }
        var i = columnOffset
        var value = columnValue
        while i < offset {
            if src[i] & 0xC0 != 0x80 { value += 1 }
            i += 1
        }
        columnOffset = offset
        columnValue = value
        return value
    }

    /// Records that a line ends just before `next`.
    @inline(__always)
    mutating func startLine(at next: Int) {
        line += 1
        lineStart = next
        columnOffset = next
        columnValue = 1
    }

    func error(_ message: String, line: Int, column: Int) -> PythonSyntaxError {
        PythonSyntaxError(path: path, line: line, column: column, message: message,
                          lineText: SourceText.lineText(src, line: line))
    }

    mutating func errorHere(_ message: String, at offset: Int) -> PythonSyntaxError {
        error(message, line: line, column: column(at: offset))
    }

    @inline(__always)
    mutating func emit(_ kind: TokenKind, _ start: Int, _ end: Int) {
        tokens.append(Token(kind: kind, start: start, end: end, line: line, column: column(at: start)))
        lineHasContent = true
    }

    // MARK: - Main loop

    /// Tokenizes everything up to the limit; the last token is always ENDMARKER.
    mutating func tokenize() throws -> [Token] {
        while true {
            if atLineStart {
                atLineStart = false
                if try !handleIndentation() { break }
            }
            // Skip blanks between tokens.
            while pos < limit {
                let c = src[pos]
                if c == 0x20 || c == 0x09 || c == 0x0C { pos += 1 } else { break }
            }
            if pos >= limit { break }
            let c = src[pos]
            switch c {
            case UInt8(ascii: "#"):
                let start = pos
                while pos < limit && src[pos] != 0x0A && src[pos] != 0x0D { pos += 1 }
                if recordsComments { commentSpans.append(start..<pos) }
            case 0x0A, 0x0D:
                let start = pos
                pos += (c == 0x0D && pos + 1 < limit && src[pos + 1] == 0x0A) ? 2 : 1
                if brackets.isEmpty && !isFieldExpression {
                    if lineHasContent {
                        emit(.newline, start, pos)
                        lineHasContent = false
                    }
                    atLineStart = true
                }
                startLine(at: pos)
            case UInt8(ascii: "\\"):
                let next = pos + 1
                if next < limit && (src[next] == 0x0A || src[next] == 0x0D) {
                    pos = next + ((src[next] == 0x0D && next + 1 < limit && src[next + 1] == 0x0A) ? 2 : 1)
                    startLine(at: pos)
                    if pos >= limit { throw errorHere("unexpected EOF while parsing", at: pos) }
                } else {
                    throw errorHere("unexpected character after line continuation character", at: pos)
                }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                try scanNumber()
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                try scanString(tokenStart: pos, quote: pos)
            case UInt8(ascii: "."):
                if pos + 1 < limit && src[pos + 1] >= 0x30 && src[pos + 1] <= 0x39 {
                    try scanNumber()
                } else if pos + 2 < limit && src[pos + 1] == c && src[pos + 2] == c {
                    emit(.ellipsis, pos, pos + 3)
                    pos += 3
                } else {
                    emit(.dot, pos, pos + 1)
                    pos += 1
                }
            default:
                if c == UInt8(ascii: "_") || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) || c >= 0x80 {
                    try scanNameOrPrefixedString()
                } else {
                    try scanOperator(c)
                }
            }
        }
        return try finish()
    }

    /// Emits what the end of input implies: a final NEWLINE, DEDENTs and ENDMARKER.
    mutating func finish() throws -> [Token] {
        if let open = brackets.last {
            if isFieldExpression {
                throw error("f-string: expecting '}'", line: open.line, column: open.column)
            }
            throw error("'\(Character(Unicode.Scalar(open.byte)))' was never closed", line: open.line, column: open.column)
        }
        if lineHasContent && !isFieldExpression {
            emit(.newline, pos, pos)
        }
        let column = self.column(at: pos)
        for _ in 1..<indents.count {
            tokens.append(Token(kind: .dedent, start: pos, end: pos, line: line, column: column))
        }
        indents = [0]
        tokens.append(Token(kind: .endMarker, start: pos, end: pos, line: line, column: column))
        return tokens
    }

    /// Measures the indentation of a new line and emits INDENT or DEDENTs.
    /// Returns false at end of input.
    mutating func handleIndentation() throws -> Bool {
        var col = 0
        var alt = 0
        while pos < limit {
            let c = src[pos]
            if c == 0x20 {
                col += 1; alt += 1
            } else if c == 0x09 {
                col = (col / 8 + 1) * 8; alt += 1
            } else if c == 0x0C {
                col = 0; alt = 0
            } else {
                break
            }
            pos += 1
        }
        if pos >= limit { return false }
        let c = src[pos]
        // Blank lines and comment-only lines do not count for indentation.
        if c == UInt8(ascii: "#") || c == 0x0A || c == 0x0D { return true }
        if c == UInt8(ascii: "\\") { return true }
        guard let top = indents.last, let altTop = altIndents.last else { return true }
        if col > top {
            if alt <= altTop { throw errorHere("inconsistent use of tabs and spaces in indentation", at: pos) }
            if indents.count > Tokenizer.maxIndentDepth {
                throw errorHere("too many levels of indentation", at: pos)
            }
            indents.append(col)
            altIndents.append(alt)
            tokens.append(Token(kind: .indent, start: pos, end: pos, line: line, column: column(at: pos)))
        } else if col < top {
            while let last = indents.last, col < last {
                indents.removeLast()
                altIndents.removeLast()
                tokens.append(Token(kind: .dedent, start: pos, end: pos, line: line, column: column(at: pos)))
            }
            if indents.last != col {
                throw errorHere("unindent does not match any outer indentation level", at: pos)
            }
            if altIndents.last != alt { throw errorHere("inconsistent use of tabs and spaces in indentation", at: pos) }
        } else if alt != altTop {
            throw errorHere("inconsistent use of tabs and spaces in indentation", at: pos)
        }
        return true
    }

    // MARK: - Names

    /// True when `c` (ASCII) may continue an identifier.
    @inline(__always)
    static func isNameByte(_ c: UInt8) -> Bool {
        (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "z")) || c == UInt8(ascii: "_")
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }

    /// Scans past an identifier starting at `p`; throws on characters no identifier may hold.
    mutating func scanIdentifier(from p: Int) throws -> Int {
        var i = p
        while i < limit {
            let c = src[i]
            if c < 0x80 {
                if Tokenizer.isNameByte(c) { i += 1 } else { break }
            } else {
                let (value, length) = SourceText.scalar(src, at: i)
                guard let scalar = Unicode.Scalar(value) else { break }
                let ok = i == p ? scalar.properties.isXIDStart : scalar.properties.isXIDContinue
                if !ok {
                    if i == p { throw invalidCharacter(scalar, at: i) }
                    break
                }
                i += length
            }
        }
        return i
    }

    mutating func invalidCharacter(_ scalar: Unicode.Scalar, at offset: Int) -> PythonSyntaxError {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
            || scalar.properties.generalCategory == .spaceSeparator {
            return errorHere("invalid non-printable character U+\(code)", at: offset)
        }
        return errorHere("invalid character '\(Character(scalar))' (U+\(code))", at: offset)
    }

    /// Scans a name, a keyword, or a string with a prefix such as `rb'...'`.
    mutating func scanNameOrPrefixedString() throws {
        let start = pos
        let end = try scanIdentifier(from: start)
        if end < limit && (src[end] == UInt8(ascii: "'") || src[end] == UInt8(ascii: "\"")) && end - start <= 2
            && StringPrefix(src, start, end) != nil {
            try scanString(tokenStart: start, quote: end)
            return
        }
        emit(Keywords.kind(src, start, end), start, end)
        pos = end
    }

    // MARK: - Strings

    /// Scans a string literal whose opening quote is at `quote`.
    mutating func scanString(tokenStart: Int, quote: Int) throws {
        let q = src[quote]
        let firstLine = line
        let startColumn = column(at: tokenStart)
        let triple = quote + 2 < limit && src[quote + 1] == q && src[quote + 2] == q
        var p = quote + (triple ? 3 : 1)
        while true {
            guard p < limit else {
                if triple {
                    throw error("unterminated triple-quoted string literal (detected at line \(line))", line: firstLine, column: startColumn)
                }
                throw error("unterminated string literal (detected at line \(line))", line: firstLine, column: startColumn)
            }
            let c = src[p]
            if c == q {
                if !triple { p += 1; break }
                if p + 2 < limit && src[p + 1] == q && src[p + 2] == q { p += 3; break }
                p += 1
            } else if c == UInt8(ascii: "\\") {
                p += 1
                if p < limit {
                    let e = src[p]
                    if e == 0x0A || e == 0x0D {
                        p += (e == 0x0D && p + 1 < limit && src[p + 1] == 0x0A) ? 2 : 1
                        startLine(at: p)
                    } else {
                        p += 1
                    }
                }
            } else if c == 0x0A || c == 0x0D {
                if !triple {
                    throw error("unterminated string literal (detected at line \(line))", line: firstLine, column: startColumn)
                }
                p += (c == 0x0D && p + 1 < limit && src[p + 1] == 0x0A) ? 2 : 1
                startLine(at: p)
            } else {
                p += 1
            }
        }
        tokens.append(Token(kind: .string, start: tokenStart, end: p, line: firstLine, column: startColumn))
        lineHasContent = true
        pos = p
    }

    // MARK: - Numbers

    @inline(__always)
    static func isDigit(_ c: UInt8, radix: Int) -> Bool {
        switch radix {
        case 16: return (c >= 0x30 && c <= 0x39) || (c | 0x20 >= UInt8(ascii: "a") && c | 0x20 <= UInt8(ascii: "f"))
        case 8: return c >= 0x30 && c <= 0x37
        case 2: return c == 0x30 || c == 0x31
        default: return c >= 0x30 && c <= 0x39
        }
    }

    /// Scans digits of `radix` with single underscores between them; returns the end and
    /// whether any digit was seen. A misplaced underscore is an error.
    mutating func scanDigits(from p: Int, radix: Int, kind: String) throws -> (end: Int, count: Int) {
        var i = p
        var count = 0
        while i < limit {
            let c = src[i]
            if Tokenizer.isDigit(c, radix: radix) {
                i += 1; count += 1
            } else if c == UInt8(ascii: "_") {
                guard count > 0, i + 1 < limit, Tokenizer.isDigit(src[i + 1], radix: radix) else {
                    throw errorHere("invalid \(kind) literal", at: i)
                }
                i += 1
            } else {
                break
            }
        }
        return (i, count)
    }

    /// Scans a number; a name glued to it is an error unless it is a keyword (`1if x else y`).
    mutating func scanNumber() throws {
        let start = pos
        var p = pos
        var kind = "decimal"
        if src[p] == UInt8(ascii: "0") && p + 1 < limit && "xXoObB".utf8.contains(src[p + 1]) {
            let letter = src[p + 1] | 0x20
            let radix = letter == UInt8(ascii: "x") ? 16 : letter == UInt8(ascii: "o") ? 8 : 2
            kind = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary"
            p += 2
            if p < limit && src[p] == UInt8(ascii: "_") { p += 1 }
            let (end, count) = try scanDigits(from: p, radix: radix, kind: kind)
            p = end
            if p < limit && src[p] >= 0x30 && src[p] <= 0x39 {
                throw errorHere("invalid digit '\(Character(Unicode.Scalar(src[p])))' in \(kind) literal", at: p)
            }
            if count == 0 { throw errorHere("invalid \(kind) literal", at: end) }
        } else {
            var isInteger = true
            if src[p] != UInt8(ascii: ".") {
                p = try scanDigits(from: p, radix: 10, kind: kind).end
            }
            if p < limit && src[p] == UInt8(ascii: ".") {
                isInteger = false
                p += 1
                if p < limit && src[p] >= 0x30 && src[p] <= 0x39 {
                    p = try scanDigits(from: p, radix: 10, kind: kind).end
                }
            }
            if p < limit && src[p] | 0x20 == UInt8(ascii: "e") {
                var q = p + 1
                if q < limit && (src[q] == UInt8(ascii: "+") || src[q] == UInt8(ascii: "-")) { q += 1 }
                if q < limit && src[q] >= 0x30 && src[q] <= 0x39 {
                    isInteger = false
                    p = try scanDigits(from: q, radix: 10, kind: kind).end
                } else if q > p + 1 || !isKeywordAhead(p) {
                    throw errorHere("invalid decimal literal", at: p)
                }
            }
            if p < limit && src[p] | 0x20 == UInt8(ascii: "j") {
                isInteger = false
                p += 1
            }
            if isInteger && src[start] == UInt8(ascii: "0") {
                // `00` is fine, `012` is not.
                var i = start
                while i < p {
                    if src[i] != UInt8(ascii: "0") && src[i] != UInt8(ascii: "_") {
                        throw error("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                                    line: line, column: column(at: start))
                    }
                    i += 1
                }
            }
        }
        if p < limit && (Tokenizer.isNameByte(src[p]) || src[p] >= 0x80) && !isKeywordAhead(p) {
            throw errorHere("invalid \(kind) literal", at: p)
        }
        emit(.number, start, p)
        pos = p
    }

    /// True when a keyword such as `if` or `else` starts at `p` (CPython still allows `1if`).
    func isKeywordAhead(_ p: Int) -> Bool {
        var e = p
        while e < limit && src[e] < 0x80 && Tokenizer.isNameByte(src[e]) { e += 1 }
        switch Keywords.kind(src, p, e) {
        case .kwAnd, .kwElse, .kwFor, .kwIf, .kwIn, .kwIs, .kwNot, .kwOr: return true
        default: return false
        }
    }

    // MARK: - Operators

    mutating func scanOperator(_ c: UInt8) throws {
        let start = pos
        @inline(__always) func peek(_ k: Int) -> UInt8 { start + k < limit ? src[start + k] : 0 }
        let c1 = peek(1)
        let c2 = peek(2)
        var kind: TokenKind
        var length = 1
        switch c {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
            if brackets.count >= Tokenizer.maxBracketDepth {
                throw errorHere("too many nested parentheses", at: start)
            }
            brackets.append((c, line, column(at: start)))
            kind = c == UInt8(ascii: "(") ? .lpar : c == UInt8(ascii: "[") ? .lsqb : .lbrace
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
            let open: UInt8 = c == UInt8(ascii: ")") ? UInt8(ascii: "(") : c == UInt8(ascii: "]") ? UInt8(ascii: "[") : UInt8(ascii: "{")
            // Made only for an error: a Character per closing bracket is measurable.
            var closeText: String { String(Character(Unicode.Scalar(c))) }
            guard let top = brackets.last else {
                throw errorHere(isFieldExpression ? "f-string: unmatched '\(closeText)'" : "unmatched '\(closeText)'", at: start)
            }
            if top.byte != open {
                let openText = String(Character(Unicode.Scalar(top.byte)))
                var message = "closing parenthesis '\(closeText)' does not match opening parenthesis '\(openText)'"
                if top.line != line { message += " on line \(top.line)" }
                throw errorHere(isFieldExpression ? "f-string: " + message : message, at: start)
            }
            brackets.removeLast()
            kind = c == UInt8(ascii: ")") ? .rpar : c == UInt8(ascii: "]") ? .rsqb : .rbrace
        case UInt8(ascii: ":"):
            if c1 == UInt8(ascii: "=") { kind = .colonEqual; length = 2 } else { kind = .colon }
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: ";"): kind = .semi
        case UInt8(ascii: "+"):
            if c1 == UInt8(ascii: "=") { kind = .plusEqual; length = 2 } else { kind = .plus }
        case UInt8(ascii: "-"):
            if c1 == UInt8(ascii: "=") { kind = .minusEqual; length = 2 }
            else if c1 == UInt8(ascii: ">") { kind = .rarrow; length = 2 }
            else { kind = .minus }
        case UInt8(ascii: "*"):
            if c1 == UInt8(ascii: "*") {
                if c2 == UInt8(ascii: "=") { kind = .doubleStarEqual; length = 3 } else { kind = .doubleStar; length = 2 }
            } else if c1 == UInt8(ascii: "=") { kind = .starEqual; length = 2 } else { kind = .star }
        case UInt8(ascii: "/"):
            if c1 == UInt8(ascii: "/") {
                if c2 == UInt8(ascii: "=") { kind = .doubleSlashEqual; length = 3 } else { kind = .doubleSlash; length = 2 }
            } else if c1 == UInt8(ascii: "=") { kind = .slashEqual; length = 2 } else { kind = .slash }
        case UInt8(ascii: "|"):
            if c1 == UInt8(ascii: "=") { kind = .vbarEqual; length = 2 } else { kind = .vbar }
        case UInt8(ascii: "&"):
            if c1 == UInt8(ascii: "=") { kind = .amperEqual; length = 2 } else { kind = .amper }
        case UInt8(ascii: "^"):
            if c1 == UInt8(ascii: "=") { kind = .circumflexEqual; length = 2 } else { kind = .circumflex }
        case UInt8(ascii: "%"):
            if c1 == UInt8(ascii: "=") { kind = .percentEqual; length = 2 } else { kind = .percent }
        case UInt8(ascii: "@"):
            if c1 == UInt8(ascii: "=") { kind = .atEqual; length = 2 } else { kind = .at }
        case UInt8(ascii: "~"): kind = .tilde
        case UInt8(ascii: "="):
            if c1 == UInt8(ascii: "=") { kind = .equalEqual; length = 2 } else { kind = .equal }
        case UInt8(ascii: "!"):
            if c1 == UInt8(ascii: "=") { kind = .notEqual; length = 2 } else { kind = .exclamation }
        case UInt8(ascii: "<"):
            if c1 == UInt8(ascii: "<") {
                if c2 == UInt8(ascii: "=") { kind = .leftShiftEqual; length = 3 } else { kind = .leftShift; length = 2 }
            } else if c1 == UInt8(ascii: "=") { kind = .lessEqual; length = 2 }
            else if c1 == UInt8(ascii: ">") { throw errorHere("invalid syntax", at: start) }
            else { kind = .less }
        case UInt8(ascii: ">"):
            if c1 == UInt8(ascii: ">") {
                if c2 == UInt8(ascii: "=") { kind = .rightShiftEqual; length = 3 } else { kind = .rightShift; length = 2 }
            } else if c1 == UInt8(ascii: "=") { kind = .greaterEqual; length = 2 } else { kind = .greater }
        case 0:
            throw errorHere("source code cannot contain null bytes", at: start)
        default:
            if c < 0x20 || c == 0x7F {
                throw invalidCharacter(Unicode.Scalar(c), at: start)
            }
            throw errorHere("invalid syntax", at: start)
        }
        emit(kind, start, start + length)
        pos = start + length
    }
}

/// The prefix letters of a string literal, such as `rb` or `F`.
struct StringPrefix {
    var isRaw = false
    var isBytes = false
    var isFormatted = false

    /// Reads the prefix in `p[start..<end]`; nil when it is not a valid prefix.
    init?(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        var hasU = false
        for i in start..<end {
            switch p[i] | 0x20 {
            case UInt8(ascii: "r"): if isRaw { return nil }; isRaw = true
            case UInt8(ascii: "b"): if isBytes { return nil }; isBytes = true
            case UInt8(ascii: "f"): if isFormatted { return nil }; isFormatted = true
            case UInt8(ascii: "u"): if hasU { return nil }; hasU = true
            default: return nil
            }
        }
        if hasU && (end - start) > 1 { return nil }
        if isBytes && isFormatted { return nil }
    }
}
