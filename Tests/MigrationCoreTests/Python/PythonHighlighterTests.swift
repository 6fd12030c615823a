import XCTest
@testable import MigrationCore

/// Highlighting follows the tokenizer, and a function's lines end where the next
/// top-level statement begins.
final class PythonHighlighterTests: XCTestCase {
    /// Each line as `kind:text` runs, plain text bare, to compare whole files at once.
    func describe(_ highlighter: PythonHighlighter) -> String {
        highlighter.lines.map { line in
            line.map { $0.kind == .plain ? $0.text : "<\($0.kind):\($0.text)>" }.joined()
        }.joined(separator: "\n")
    }

    func testKindsFollowTheTokenizer() {
        let source = """
            # top
            x = 10 if True else 0x1F  # why
            s = '''a # not a comment
            b'''
            def f():
            \treturn f"{x}" + "#"

            """
        let highlighter = PythonHighlighter(Array(source.utf8))
        XCTAssertNil(highlighter.tokenizeError)
        XCTAssertEqual(
            describe(highlighter),
            """
            <comment:# top>
            x = <number:10> <keyword:if> <keyword:True> <keyword:else> <number:0x1F>  <comment:# why>
            s = <string:'''a # not a comment>
            <string:b'''>
            <keyword:def> f():
                    <keyword:return> <string:f"{x}"> + <string:"#">
            """)
    }

    func testFunctionEndsAtTheNextTopLevelStatement() {
        let source = """
            import sqlalchemy as sa


            def upgrade():
                op.execute(
            \"\"\"
            UPDATE t SET a = 1
            \"\"\"
                )
                # still inside

            # about downgrade
            def downgrade():
                pass
            """
        let highlighter = PythonHighlighter(Array(source.utf8))
        XCTAssertEqual(highlighter.statementLines(startingAt: 4), 4...10)
        XCTAssertEqual(highlighter.statementLines(startingAt: 13), 13...14)
    }

    func testAFileTheTokenizerRejectsIsShownPlain() {
        let highlighter = PythonHighlighter(Array("x = 'open\ny = 1\n".utf8))
        XCTAssertNotNil(highlighter.tokenizeError)
        XCTAssertEqual(describe(highlighter), "x = 'open\ny = 1")
        XCTAssertEqual(highlighter.statementLines(startingAt: 1), 1...2)
    }

    func testLineEndingsAndEmptyFiles() {
        XCTAssertEqual(describe(PythonHighlighter(Array("a\r\nb\rc".utf8))), "a\nb\nc")
        XCTAssertEqual(PythonHighlighter([]).lines.count, 1)
    }
}
