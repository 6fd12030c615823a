import XCTest
@testable import MigrationCore

/// The tokenizer on its own: kinds, positions, indentation and line joining.
final class TokenizerTests: XCTestCase {
    func tokens(_ source: String) throws -> [Token] {
        let bytes = Array(source.utf8)
        return try bytes.withUnsafeBufferPointer { buffer in
            var tokenizer = Tokenizer(source: buffer, path: "t.py")
            return try tokenizer.tokenize()
        }
    }

    func kinds(_ source: String) throws -> [TokenKind] { try tokens(source).map(\.kind) }

    func testOperators() throws {
        XCTAssertEqual(try kinds("a **= b //= c @= d -> e := f ... != <= >>= <<= ** // < > @ ~ ^ | & % ;"), [
            .name, .doubleStarEqual, .name, .doubleSlashEqual, .name, .atEqual, .name, .rarrow, .name, .colonEqual,
            .name, .ellipsis, .notEqual, .lessEqual, .rightShiftEqual, .leftShiftEqual, .doubleStar, .doubleSlash,
            .less, .greater, .at, .tilde, .circumflex, .vbar, .amper, .percent, .semi, .newline, .endMarker,
        ])
    }

    func testIndentationAndJoining() throws {
        let source = "if a:\n    b = (1,\n  2)\n    c = 1 + \\\n 2\n\n    # comment\nd\n"
        XCTAssertEqual(try kinds(source), [
            .kwIf, .name, .colon, .newline,
            .indent, .name, .equal, .lpar, .number, .comma, .number, .rpar, .newline,
            .name, .equal, .number, .plus, .number, .newline,
            .dedent, .name, .newline, .endMarker,
        ])
    }

    func testStringsNumbersAndPositions() throws {
        let list = try tokens("x = rb'a' F\"\"\"b\nc\"\"\" 0x_1F 1_000.5e-3j é\n")
        XCTAssertEqual(list.map(\.kind), [.name, .equal, .string, .string, .number, .number, .name, .newline, .endMarker])
        XCTAssertEqual(list.map { "\($0.line):\($0.column)" },
                       ["1:1", "1:3", "1:5", "1:11", "2:6", "2:12", "2:24", "2:25", "3:1"])
    }

    func testSoftKeywordsStayNames() throws {
        XCTAssertEqual(try kinds("match case _ type\n"), [.name, .name, .name, .name, .newline, .endMarker])
        XCTAssertEqual(try kinds("async await\n"), [.kwAsync, .kwAwait, .newline, .endMarker])
    }
}
