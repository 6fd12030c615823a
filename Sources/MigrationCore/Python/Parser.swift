/// A recursive-descent parser over a token array, producing the `AST.swift` tree.
///
/// The grammar follows CPython 3.11's. The few places where the PEG grammar needs to look
/// far ahead (`match` as a soft keyword, parenthesized `with` items) save the token index
/// and try again from there. Recursion is bounded by `maxDepth`.
struct Parser {
    /// The deepest nesting of expressions accepted.
    static let maxDepth = 200

    let src: UnsafeBufferPointer<UInt8>
    let path: String
    let tokens: [Token]
    var index = 0
    var depth: Int

    init(src: UnsafeBufferPointer<UInt8>, path: String, tokens: [Token], depth: Int) {
        self.src = src
        self.path = path
        self.tokens = tokens
        self.depth = depth
    }

    // MARK: - Token access

    /// The current token; the array always ends with ENDMARKER, which is never passed.
    var tok: Token {
        @inline(__always) get { tokens[index] }
    }

    @inline(__always)
    func peek(_ k: Int) -> Token { tokens[min(index + k, tokens.count - 1)] }

    @inline(__always)
    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    @inline(__always)
    mutating func accept(_ kind: TokenKind) -> Bool {
        if tokens[index].kind == kind { advance(); return true }
        return false
    }

    /// Consumes a token of `kind` or fails with "invalid syntax" (or `message`).
    @discardableResult
    mutating func expect(_ kind: TokenKind, _ message: String? = nil) throws -> Token {
        let t = tok
        guard t.kind == kind else { throw error(message ?? "invalid syntax", at: t) }
        advance()
        return t
    }

    /// The text of a token, such as a name.
    @inline(__always)
    func text(_ t: Token) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: src[t.start..<t.end]), as: UTF8.self)
    }

    /// True when `t` is the name spelled `word` (for soft keywords).
    func isName(_ t: Token, _ word: StaticString) -> Bool {
        guard t.kind == .name, t.end - t.start == word.utf8CodeUnitCount else { return false }
        let q = word.utf8Start
        for i in 0..<(t.end - t.start) where src[t.start + i] != q[i] { return false }
        return true
    }

    // MARK: - Errors

    func error(_ message: String, at t: Token) -> PythonSyntaxError {
        error(message, line: t.line, column: t.column)
    }

    func error(_ message: String, at location: SourceLocation) -> PythonSyntaxError {
        error(message, line: location.line, column: location.column)
    }

    func error(_ message: String, line: Int, column: Int) -> PythonSyntaxError {
        PythonSyntaxError(path: path, line: line, column: column, message: message,
                          lineText: SourceText.lineText(src, line: line))
    }

    /// The error for a token that cannot continue the construct being parsed.
    func unexpected(_ t: Token) -> PythonSyntaxError {
        switch t.kind {
        case .indent: return error("unexpected indent", at: t)
        case .dedent: return error("unindent does not match any outer indentation level", at: t)
        default: return error("invalid syntax", at: t)
        }
    }

    /// Enters one level of nesting; fails when the input nests too deeply.
    @inline(__always)
    mutating func enter() throws {
        depth += 1
        if depth > Parser.maxDepth {
            throw error("too many nested parentheses/blocks", at: tok)
        }
    }

    // MARK: - Module and blocks

    /// Parses statements up to ENDMARKER.
    mutating func parseFile() throws -> [Statement] {
        var body: [Statement] = []
        while tok.kind != .endMarker {
            try parseStatement(into: &body)
        }
        return body
    }

    /// Parses the body after a compound statement's colon: an indented block, or simple
    /// statements on the same line. `owner` describes the header for the error message.
    mutating func parseBlock(owner: @autoclosure () -> String, line: Int) throws -> [Statement] {
        guard tok.kind == .newline else {
            var body: [Statement] = []
            try parseSimpleStatements(into: &body)
            return body
        }
        advance()
        guard tok.kind == .indent else {
            throw error("expected an indented block after \(owner()) on line \(line)", at: tok)
        }
        advance()
        try enter()
        var body: [Statement] = []
        while tok.kind != .dedent && tok.kind != .endMarker {
            try parseStatement(into: &body)
        }
        _ = accept(.dedent)
        depth -= 1
        return body
    }
}
