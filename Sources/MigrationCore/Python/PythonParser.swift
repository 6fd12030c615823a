/// Reads Python 3 source into a syntax tree without running Python.
public enum PythonParser {
    /// Parses a whole module; `path` is only used in errors.
    ///
    /// Throws `PythonSyntaxError` for invalid Python, for bytes that are not UTF-8 and for a
    /// file holding nothing but whitespace and comments.
    public static func parse(_ source: [UInt8], path: String) throws -> Module {
        try source.withUnsafeBufferPointer { buffer in
            var tokenizer = Tokenizer(source: buffer, path: path)
            let tokens: [Token]
            if let firstBad = SourceText.firstInvalidUTF8(buffer) {
                // CPython 3.11 reads comments as bytes: only bytes outside them must be UTF-8.
                tokenizer.recordsComments = true
                let attempt = Result { try tokenizer.tokenize() }
                let comments = tokenizer.commentSpans
                var bad: Int? = firstBad
                while let offset = bad, comments.contains(where: { $0.contains(offset) }) {
                    bad = nextInvalidUTF8(buffer, after: offset)
                }
                if let offset = bad { throw invalidUTF8(buffer, at: offset, path: path) }
                tokens = try firstError(attempt, tokenizer: tokenizer, buffer: buffer, path: path)
            } else {
                let attempt = Result { try tokenizer.tokenize() }
                tokens = try firstError(attempt, tokenizer: tokenizer, buffer: buffer, path: path)
            }
            if tokens.first?.kind == .endMarker {
                throw PythonSyntaxError(path: path, line: 1, column: 1, message: "file is empty", lineText: "")
            }
            var parser = Parser(src: buffer, path: path, tokens: tokens, depth: 0)
            return Module(body: try parser.parseFile())
        }
    }

    /// The tokens, or the error CPython would report first.
    ///
    /// CPython tokenizes lazily, so a grammar error before the point where tokenizing
    /// fails (say `def f(:` in a file whose bracket is never closed) is the one it reports.
    /// Here the file is tokenized first; on failure, the tokens read so far are parsed,
    /// and a parse error that comes before the failure point wins.
    private static func firstError(
        _ attempt: Result<[Token], Error>, tokenizer: Tokenizer, buffer: UnsafeBufferPointer<UInt8>, path: String
    ) throws -> [Token] {
        guard case .failure(let tokenError) = attempt else { return try attempt.get() }
        var partial = tokenizer.tokens
        let stopLine = partial.last?.line ?? 1
        let stopColumn = partial.last?.column ?? 1
        partial.append(Token(kind: .endMarker, start: tokenizer.pos, end: tokenizer.pos, line: stopLine, column: stopColumn))
        var parser = Parser(src: buffer, path: path, tokens: partial, depth: 0)
        do {
            _ = try parser.parseFile()
        } catch let parseError as PythonSyntaxError
            where (parseError.line, parseError.column) < (stopLine, stopColumn)
        {
            throw parseError
        } catch {}
        throw tokenError
    }

    /// The next offset after `offset` where UTF-8 breaks, skipping the rest of the bad sequence.
    private static func nextInvalidUTF8(_ buffer: UnsafeBufferPointer<UInt8>, after offset: Int) -> Int? {
        var start = offset + 1
        // Continue from the next byte that could start a character.
        while start < buffer.count && buffer[start] & 0xC0 == 0x80 { start += 1 }
        guard start < buffer.count else { return nil }
        let rest = UnsafeBufferPointer(rebasing: buffer[start...])
        return SourceText.firstInvalidUTF8(rest).map { $0 + start }
    }

    private static func invalidUTF8(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int, path: String) -> PythonSyntaxError {
        let (line, column) = SourceText.position(buffer, of: offset)
        let hex = String(buffer[offset], radix: 16)
        return PythonSyntaxError(
            path: path, line: line, column: column,
            message: "file is not valid UTF-8: invalid byte 0x\(hex.count < 2 ? "0" + hex : hex)",
            lineText: SourceText.lineText(buffer, line: line))
    }
}
