/// String atoms: adjacent literals joined, and f-strings split into constants and fields.
extension Parser {
    /// The parts of one string token: prefix, and where its body starts and ends.
    struct StringToken {
        var prefix: StringPrefix
        var bodyStart: Int
        var bodyEnd: Int
    }

    func stringToken(_ t: Token) throws -> StringToken {
        var q = t.start
        while q < t.end && src[q] != UInt8(ascii: "'") && src[q] != UInt8(ascii: "\"") { q += 1 }
        guard let prefix = StringPrefix(src, t.start, q), q < t.end else { throw error("invalid string prefix", at: t) }
        let quote = src[q]
        let triple = q + 5 < t.end && src[q + 1] == quote && src[q + 2] == quote
        let width = triple ? 3 : 1
        return StringToken(prefix: prefix, bodyStart: q + width, bodyEnd: max(q + width, t.end - width))
    }

    /// One or more adjacent string tokens as a single constant or joined string.
    mutating func parseStrings() throws -> Expression {
        let first = tok
        // The common case: one plain literal without escapes or carriage returns.
        if peek(1).kind != .string {
            let s = try stringToken(first)
            if !s.prefix.isFormatted && !s.prefix.isBytes {
                var plain = true
                for i in s.bodyStart..<s.bodyEnd where src[i] == UInt8(ascii: "\\") || src[i] == 0x0D {
                    plain = false
                    break
                }
                if plain {
                    advance()
                    let text = String(decoding: UnsafeBufferPointer(rebasing: src[s.bodyStart..<s.bodyEnd]), as: UTF8.self)
                    return Expression(.constant(.string(text)), at: first.location)
                }
            }
        }
        var pending: [UInt8] = []
        var parts: [Expression] = []
        var sawFormatted = false
        var sawBytes = false
        var sawText = false
        while tok.kind == .string {
            let t = tok
            let s = try stringToken(t)
            if s.prefix.isBytes { sawBytes = true } else { sawText = true }
            if sawBytes && sawText { throw error("cannot mix bytes and nonbytes literals", at: first) }
            if s.prefix.isFormatted {
                sawFormatted = true
                try parseFStringBody(t, s, from: s.bodyStart, inSpec: false, nesting: 0, stringStart: first,
                                     pending: &pending, parts: &parts)
            } else {
                try decodeLiteral(t, s, s.bodyStart, s.bodyEnd, into: &pending)
            }
            advance()
        }
        if sawBytes { return Expression(.constant(.bytes(pending)), at: first.location) }
        if !sawFormatted {
            return Expression(.constant(.string(String(decoding: pending, as: UTF8.self))), at: first.location)
        }
        flush(&pending, into: &parts, at: first.location)
        return Expression(.joinedStr(parts), at: first.location)
    }

    /// Decodes part of a literal's body into `out`, reporting escape errors at the token.
    func decodeLiteral(_ t: Token, _ s: StringToken, _ start: Int, _ end: Int, into out: inout [UInt8]) throws {
        do {
            try StringLiteral.decode(src, start, end, raw: s.prefix.isRaw, bytes: s.prefix.isBytes, into: &out)
        } catch {
            throw self.error(error.message, at: t)
        }
    }

    /// Moves pending literal text into `parts` as one constant.
    func flush(_ pending: inout [UInt8], into parts: inout [Expression], at location: SourceLocation) {
        guard !pending.isEmpty else { return }
        parts.append(Expression(.constant(.string(String(decoding: pending, as: UTF8.self))), at: location))
        pending.removeAll(keepingCapacity: true)
    }

    /// Parses f-string text from `start`: literal runs and `{...}` fields. In a format
    /// spec (`inSpec`) it stops at the closing `}` and returns its offset; otherwise it
    /// runs to the end of the body.
    @discardableResult
    mutating func parseFStringBody(_ t: Token, _ s: StringToken, from start: Int, inSpec: Bool, nesting: Int, stringStart: Token,
                                   pending: inout [UInt8], parts: inout [Expression]) throws -> Int {
        let end = s.bodyEnd
        var i = start
        var literalStart = i
        while i < end {
            let c = src[i]
            if c == UInt8(ascii: "\\") && !s.prefix.isRaw {
                // `\N{...}` braces belong to the escape, not to a field.
                if i + 2 < end && src[i + 1] == UInt8(ascii: "N") && src[i + 2] == UInt8(ascii: "{") {
                    var close = i + 3
                    while close < end && src[close] != UInt8(ascii: "}") { close += 1 }
                    i = min(close + 1, end)
                } else {
                    i = min(i + 2, end)
                }
                continue
            }
            if c == UInt8(ascii: "{") {
                if !inSpec && i + 1 < end && src[i + 1] == UInt8(ascii: "{") {
                    try decodeLiteral(t, s, literalStart, i + 1, into: &pending)
                    i += 2
                    literalStart = i
                    continue
                }
                try decodeLiteral(t, s, literalStart, i, into: &pending)
                i = try parseFStringField(t, s, at: i, nesting: nesting, stringStart: stringStart, pending: &pending, parts: &parts)
                literalStart = i
                continue
            }
            if c == UInt8(ascii: "}") {
                if inSpec {
                    try decodeLiteral(t, s, literalStart, i, into: &pending)
                    return i
                }
                if i + 1 < end && src[i + 1] == UInt8(ascii: "}") {
                    try decodeLiteral(t, s, literalStart, i + 1, into: &pending)
                    i += 2
                    literalStart = i
                    continue
                }
                throw fieldError("f-string: single '}' is not allowed", t, at: i)
            }
            i += 1
        }
        if inSpec { throw fieldError("f-string: expecting '}'", t, at: start) }
        try decodeLiteral(t, s, literalStart, end, into: &pending)
        return end
    }

    /// An error inside an f-string at byte `offset` of the source.
    func fieldError(_ message: String, _ t: Token, at offset: Int) -> PythonSyntaxError {
        let (line, column) = position(of: offset, from: t)
        return error(message, line: line, column: column)
    }

    /// Line and column of a byte offset inside token `t`, counted from the token's start.
    func position(of offset: Int, from t: Token) -> (line: Int, column: Int) {
        var line = t.line
        var lineStart = SourceText.lineStart(src, containing: t.start)
        var i = t.start
        while i < offset {
            let b = src[i]
            if b == 0x0A || (b == 0x0D && !(i + 1 < src.count && src[i + 1] == 0x0A)) {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        return (line, SourceText.column(src, lineStart: lineStart, offset: offset))
    }

    /// Parses the field whose `{` is at `open`; returns the offset after its `}`.
    mutating func parseFStringField(_ t: Token, _ s: StringToken, at open: Int, nesting: Int, stringStart: Token,
                                    pending: inout [UInt8], parts: inout [Expression]) throws -> Int {
        if nesting >= 2 { throw fieldError("f-string: expressions nested too deeply", t, at: open) }
        // CPython 3.11 places every part of a joined string at the start of the whole literal.
        let location = SourceLocation(line: stringStart.line, column: stringStart.column)
        let end = s.bodyEnd
        let exprStart = open + 1
        var j = exprStart
        var brackets = 0
        var selfDocumenting = false
        scan: while j < end {
            let c = src[j]
            switch c {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                // Skip a nested string literal of the other quote kind.
                let triple = j + 2 < end && src[j + 1] == c && src[j + 2] == c
                var k = j + (triple ? 3 : 1)
                while k < end {
                    if src[k] == UInt8(ascii: "\\") { k += 2; continue }
                    if src[k] == c && (!triple || (k + 2 < end && src[k + 1] == c && src[k + 2] == c)) { break }
                    k += 1
                }
                if k >= end { throw fieldError("f-string: unterminated string", t, at: j) }
                j = k + (triple ? 3 : 1)
                continue
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                brackets += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"):
                if brackets == 0 { throw fieldError("f-string: unmatched '\(Character(Unicode.Scalar(c)))'", t, at: j) }
                brackets -= 1
            case UInt8(ascii: "}"):
                if brackets == 0 { break scan }
                brackets -= 1
            case UInt8(ascii: "#"):
                throw fieldError("f-string expression part cannot include '#'", t, at: j)
            case UInt8(ascii: "!") where brackets == 0:
                if j + 1 < end && src[j + 1] == UInt8(ascii: "=") { j += 2; continue }
                break scan
            case UInt8(ascii: ":") where brackets == 0:
                break scan
            case UInt8(ascii: "=") where brackets == 0:
                if j + 1 < end && src[j + 1] == UInt8(ascii: "=") { j += 2; continue }
                let previous = j > exprStart ? src[j - 1] : 0
                if previous == UInt8(ascii: "<") || previous == UInt8(ascii: ">") || previous == UInt8(ascii: "!")
                    || previous == UInt8(ascii: "=") { break }
                selfDocumenting = true
                break scan
            default:
                break
            }
            j += 1
        }
        if j >= end { throw fieldError("f-string: expecting '}'", t, at: open) }
        let exprEnd = j
        var blank = true
        for k in exprStart..<exprEnd where !(src[k] == 0x20 || src[k] == 0x09 || src[k] == 0x0A || src[k] == 0x0D || src[k] == 0x0C) {
            blank = false
            break
        }
        if blank { throw fieldError("f-string: empty expression not allowed", t, at: open) }
        let value = try parseFieldExpression(t, exprStart, exprEnd)

        if selfDocumenting {
            j += 1
            while j < end && (src[j] == 0x20 || src[j] == 0x09) { j += 1 }
            try decodeLiteral(t, StringToken(prefix: StringPrefix(raw: true), bodyStart: 0, bodyEnd: 0), exprStart, j, into: &pending)
        }
        var conversion: Character?
        if j < end && src[j] == UInt8(ascii: "!") {
            guard j + 1 < end, "sra".utf8.contains(src[j + 1]) else {
                throw fieldError("f-string: invalid conversion character: expected 's', 'r', or 'a'", t, at: j)
            }
            conversion = Character(Unicode.Scalar(src[j + 1]))
            j += 2
        }
        var formatSpec: Expression?
        if j < end && src[j] == UInt8(ascii: ":") {
            var specPending: [UInt8] = []
            var specParts: [Expression] = []
            j = try parseFStringBody(t, s, from: j + 1, inSpec: true, nesting: nesting + 1, stringStart: stringStart,
                                     pending: &specPending, parts: &specParts)
            flush(&specPending, into: &specParts, at: location)
            formatSpec = Expression(.joinedStr(specParts), at: location)
        }
        guard j < end, src[j] == UInt8(ascii: "}") else { throw fieldError("f-string: expecting '}'", t, at: j) }
        if selfDocumenting && conversion == nil && formatSpec == nil { conversion = "r" }
        flush(&pending, into: &parts, at: location)
        parts.append(Expression(.formattedValue(value: value, conversion: conversion, formatSpec: formatSpec), at: location))
        return j + 1
    }

    /// Tokenizes and parses the expression of a field from the same source buffer, so its
    /// nodes get real lines and columns.
    mutating func parseFieldExpression(_ t: Token, _ start: Int, _ end: Int) throws -> Expression {
        let (line, _) = position(of: start, from: t)
        let lineStart = SourceText.lineStart(src, containing: start)
        var tokenizer = Tokenizer(source: src, path: path, range: start..<end, line: line, lineStart: lineStart)
        let fieldTokens = try tokenizer.tokenize()
        var parser = Parser(src: src, path: path, tokens: fieldTokens, depth: depth + 1)
        if parser.depth > Parser.maxDepth { throw error("too many nested parentheses/blocks", at: t) }
        let e = parser.tok.kind == .kwYield ? try parser.parseYield() : try parser.parseStarExpressions()
        if parser.tok.kind != .endMarker { throw parser.unexpected(parser.tok) }
        return e
    }
}

extension StringPrefix {
    /// A prefix with only the raw flag, for copying source text as it is.
    init(raw: Bool) {
        self.isRaw = raw
    }
}
