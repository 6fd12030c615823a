/// Reads Python 3 source into a syntax tree without running Python.
public enum PythonParser {
    /// Parses a whole module; `path` is only used in errors.
    ///
    /// Throws `PythonSyntaxError` for invalid Python, for bytes that are not UTF-8 and for a
    /// file holding nothing but whitespace and comments.
    public static func parse(_ original: [UInt8], path: String) throws -> Module {
        let source = try SourceEncoding.utf8(original, path: path)
        let invalid = source.withUnsafeBufferPointer(invalidUTF8Sequences)
        if invalid.isEmpty { return try parseValidUTF8(source, path: path) }
        // CPython 3.11 reads comments as bytes, so only bytes outside comments must be
        // UTF-8. The tokenizer needs valid UTF-8, so it reads a copy with each bad
        // sequence blanked out (offsets unchanged) to find where the comments are.
        var blanked = source
        for range in invalid { for i in range { blanked[i] = 0x20 } }
        let comments: [Range<Int>] = blanked.withUnsafeBufferPointer { buffer in
            var tokenizer = Tokenizer(source: buffer, path: path)
            tokenizer.recordsComments = true
            _ = try? tokenizer.tokenize()
            return tokenizer.commentSpans
        }
        if let outside = invalid.first(where: { bad in !comments.contains { $0.contains(bad.lowerBound) } }) {
            throw source.withUnsafeBufferPointer { invalidUTF8($0, at: outside.lowerBound, path: path) }
        }
        return try parseValidUTF8(blanked, path: path)
    }

    /// Parses source already known to be UTF-8.
    private static func parseValidUTF8(_ source: [UInt8], path: String) throws -> Module {
        try source.withUnsafeBufferPointer { buffer in
            var tokenizer = Tokenizer(source: buffer, path: path)
            let attempt = Result { try tokenizer.tokenize() }
            let tokens = try firstError(attempt, tokenizer: tokenizer, buffer: buffer, path: path)
            if tokens.first?.kind == .endMarker {
                throw PythonSyntaxError(path: path, line: 1, column: 1, message: "file is empty", lineText: "")
            }
            var parser = Parser(src: buffer, path: path, tokens: tokens, depth: 0)
            return Module(body: try parser.parseFile())
        }
    }

    /// Every run of bytes that breaks UTF-8: a bad byte and the continuation bytes after it.
    private static func invalidUTF8Sequences(_ buffer: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var from = 0
        while from < buffer.count,
            let offset = SourceText.firstInvalidUTF8(UnsafeBufferPointer(rebasing: buffer[from...])).map({ $0 + from })
        {
            var end = offset + 1
            while end < buffer.count && buffer[end] & 0xC0 == 0x80 { end += 1 }
            ranges.append(offset..<end)
            from = end
        }
        return ranges
    }

    /// The tokens, or the error CPython would report.
    ///
    /// CPython tokenizes lazily: a grammar error before the point where tokenizing fails
    /// is found first. A *generic* "invalid syntax" is then checked against the rest of
    /// the file: a tokenizer error anywhere replaces it, and an unclosed bracket replaces
    /// it only when the error lies on a later line than the bracket. Specific messages
    /// (say "expected an indented block") stand.
    private static func firstError(
        _ attempt: Result<[Token], Error>, tokenizer: Tokenizer, buffer: UnsafeBufferPointer<UInt8>, path: String
    ) throws -> [Token] {
        guard case .failure(let failure) = attempt else { return try attempt.get() }
        guard let tokenError = failure as? PythonSyntaxError else { throw failure }
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
            let generic = parseError.message == "invalid syntax" || parseError.message.hasPrefix("too many nested")
            guard generic else { throw parseError }
            if tokenError.message.hasSuffix("was never closed") && parseError.line <= tokenError.line {
                throw parseError
            }
        } catch {}
        throw tokenError
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
