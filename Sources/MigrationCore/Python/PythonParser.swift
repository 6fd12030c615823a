/// Reads Python 3 source into a syntax tree without running Python.
public enum PythonParser {
    /// Parses a whole module; `path` is only used in errors.
    ///
    /// Throws `PythonSyntaxError` for invalid Python, for bytes that are not UTF-8 and for a
    /// file holding nothing but whitespace and comments.
    public static func parse(_ source: [UInt8], path: String) throws -> Module {
        try source.withUnsafeBufferPointer { buffer in
            if let bad = SourceText.firstInvalidUTF8(buffer) {
                let (line, column) = SourceText.position(buffer, of: bad)
                let hex = String(buffer[bad], radix: 16)
                throw PythonSyntaxError(
                    path: path, line: line, column: column,
                    message: "file is not valid UTF-8: invalid byte 0x\(hex.count < 2 ? "0" + hex : hex)",
                    lineText: SourceText.lineText(buffer, line: line))
            }
            var tokenizer = Tokenizer(source: buffer, path: path)
            let tokens = try tokenizer.tokenize()
            if tokens.first?.kind == .endMarker {
                throw PythonSyntaxError(path: path, line: 1, column: 1, message: "file is empty", lineText: "")
            }
            var parser = Parser(src: buffer, path: path, tokens: tokens, depth: 0)
            return Module(body: try parser.parseFile())
        }
    }
}
