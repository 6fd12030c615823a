/// Python source cut into lines of highlighted segments, for showing a script's code.
///
/// It runs the same tokenizer as the parser, so what is a string, a keyword or a comment
/// agrees with how the script is read; a file the tokenizer rejects is shown unhighlighted
/// rather than guessed at.
public struct PythonHighlighter: Sendable {
    public typealias Kind = HighlightKind
    public typealias Segment = HighlightSegment

    /// Every line of the file (1-based line `n` is `lines[n - 1]`), tabs expanded.
    public private(set) var lines: [[Segment]] = []
    /// The tokenizer's verdict: nil when the whole file tokenized.
    public private(set) var tokenizeError: String?
    /// Where each top-level statement starts (1-based lines), to find where a function ends.
    private var topLevelStarts: [Int] = []

    public init(_ bytes: [UInt8]) {
        var kinds = [Kind](repeating: .plain, count: bytes.count)
        bytes.withUnsafeBufferPointer { buffer in
            var tokenizer = Tokenizer(source: buffer, path: "")
            tokenizer.recordsComments = true
            do {
                let tokens = try tokenizer.tokenize()
                var previous: TokenKind = .newline
                for token in tokens {
                    let kind: Kind? =
                        token.kind.isKeyword
                        ? .keyword : token.kind == .string ? .string : token.kind == .number ? .number : nil
                    if let kind { for i in token.start..<token.end { kinds[i] = kind } }
                    // A statement at column 1 right after a logical line ended is top level.
                    if token.column == 1, previous == .newline || previous == .dedent,
                        token.kind != .newline, token.kind != .dedent, token.kind != .indent
                    {
                        topLevelStarts.append(token.line)
                    }
                    if token.kind != .dedent { previous = token.kind }
                }
                for span in tokenizer.commentSpans { for i in span { kinds[i] = .comment } }
            } catch {
                tokenizeError = "\(error)"
            }
            lines = Self.split(buffer, kinds)
        }
    }

    /// The lines of the top-level statement starting on `line` (a `def`, say): up to the
    /// next top-level statement, without the blank and column-1 comment lines before it.
    public func statementLines(startingAt line: Int) -> ClosedRange<Int> {
        let next = topLevelStarts.first(where: { $0 > line }) ?? lines.count + 1
        var last = max(line, next - 1)
        while last > line, last <= lines.count, Self.isBlankOrOuterComment(lines[last - 1]) { last -= 1 }
        return line...min(max(line, last), max(line, lines.count))
    }

    private static func isBlankOrOuterComment(_ segments: [Segment]) -> Bool {
        let text = segments.map(\.text).joined()
        return text.allSatisfy { $0 == " " } || (segments.first?.kind == .comment && text.first == "#")
    }

    /// Cuts the bytes into lines of same-kind runs; tabs become spaces to the next multiple of 8.
    private static func split(_ p: UnsafeBufferPointer<UInt8>, _ kinds: [Kind]) -> [[Segment]] {
        var result: [[Segment]] = []
        var start = SourceText.bomLength(p)
        while start <= p.count {
            var end = start
            while end < p.count, p[end] != 10, p[end] != 13 { end += 1 }
            if start == p.count && start > 0 { break }  // no empty line after a final newline
            result.append(segments(p, kinds, start..<end))
            if end < p.count, p[end] == 13, end + 1 < p.count, p[end + 1] == 10 { end += 1 }
            start = end + 1
        }
        return result
    }

    private static func segments(_ p: UnsafeBufferPointer<UInt8>, _ kinds: [Kind], _ range: Range<Int>) -> [Segment] {
        var segments: [Segment] = []
        var column = 0
        var i = range.lowerBound
        while i < range.upperBound {
            let kind = kinds[i]
            var bytes: [UInt8] = []
            while i < range.upperBound, kinds[i] == kind {
                if p[i] == 9 {
                    let spaces = 8 - column % 8
                    bytes.append(contentsOf: repeatElement(32, count: spaces))
                    column += spaces
                } else {
                    bytes.append(p[i])
                    if p[i] & 0xC0 != 0x80 { column += 1 }
                }
                i += 1
            }
            segments.append(Segment(String(decoding: bytes, as: UTF8.self), kind))
        }
        return segments
    }
}
