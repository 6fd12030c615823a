import XCTest
@testable import MigrationCore

/// Errors: exact messages, lines and columns for invalid input of every kind.
final class PythonErrorTests: XCTestCase {
    /// Parses `source` expecting a `PythonSyntaxError` with this message, line and column.
    func assertError(_ source: [UInt8], _ message: String, _ line: Int, _ column: Int,
                     file: StaticString = #filePath, lineNumber: UInt = #line) {
        do {
            _ = try PythonParser.parse(source, path: "v.py")
            XCTFail("expected \"\(message)\" but the source parsed", file: file, line: lineNumber)
        } catch let error as PythonSyntaxError {
            XCTAssertEqual(error.message, message, file: file, line: lineNumber)
            XCTAssertEqual(error.line, line, "line of \(message)", file: file, line: lineNumber)
            XCTAssertEqual(error.column, column, "column of \(message)", file: file, line: lineNumber)
            XCTAssertEqual(error.path, "v.py", file: file, line: lineNumber)
        } catch {
            XCTFail("unexpected error type \(error)", file: file, line: lineNumber)
        }
    }

    func assertError(_ source: String, _ message: String, _ line: Int, _ column: Int,
                     file: StaticString = #filePath, lineNumber: UInt = #line) {
        assertError(Array(source.utf8), message, line, column, file: file, lineNumber: lineNumber)
    }

    func testSyntaxErrors() {
        assertError("x = = 1\n", "invalid syntax", 1, 5)
        assertError("x = 1 +\n", "invalid syntax", 1, 8)
        assertError("x = $\n", "invalid syntax", 1, 5)
        assertError("for x in y\n    pass\n", "expected ':'", 1, 11)
        assertError("f() = 1\n", "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 1)
        assertError("del f()\n", "cannot delete function call", 1, 5)
        assertError("(1, 2) += 3\n", "'tuple' is an illegal expression for augmented assignment", 1, 1)
        assertError("def f(a=1, b): pass\n", "non-default argument follows default argument", 1, 12)
        assertError("f(a=1, b)\n", "positional argument follows keyword argument", 1, 8)
        assertError("try:\n    pass\nx = 1\n", "expected 'except' or 'finally' block", 3, 1)
        assertError("'a' b'b'\n", "cannot mix bytes and nonbytes literals", 1, 1)
        assertError("x = 1 if y\n", "expected 'else' after 'if' expression", 1, 11)
        assertError("f(x for x in y, 1)\n", "Generator expression must be parenthesized", 1, 2)
        assertError("x = *a\n", "can't use starred expression here", 1, 5)
        assertError("def f(*): pass\n", "named arguments must follow bare *", 1, 7)
        assertError("import\n", "invalid syntax", 1, 7)
        assertError("x = 1 2\n", "invalid syntax", 1, 7)
    }

    func testBracketErrors() {
        assertError("x = (1,\ny = 2\n", "'(' was never closed", 1, 5)
        assertError("x = 1)\n", "unmatched ')'", 1, 6)
        assertError("x = [1, 2)\n", "closing parenthesis ')' does not match opening parenthesis '['", 1, 10)
        assertError("x = [1,\n 2)\n", "closing parenthesis ')' does not match opening parenthesis '[' on line 1", 2, 3)
        let deep = "x = " + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "\n"
        assertError(deep, "too many nested parentheses", 1, 205)
    }

    func testIndentationErrors() {
        assertError("if x:\npass\n", "expected an indented block after 'if' statement on line 1", 2, 1)
        assertError("def f():\nreturn\n", "expected an indented block after function definition on line 1", 2, 1)
        assertError("class A:\n\nx = 1\n", "expected an indented block after class definition on line 1", 3, 1)
        assertError("if a:\n  pass\nelif b:\nx\n", "expected an indented block after 'elif' statement on line 3", 4, 1)
        assertError("x = 1\n    y = 2\n", "unexpected indent", 2, 5)
        assertError("if x:\n        a\n    b\n", "unindent does not match any outer indentation level", 3, 5)
        assertError("if x:\n\ta\n        b\n", "inconsistent use of tabs and spaces in indentation", 3, 9)
        var deep = ""
        for level in 0..<101 { deep += String(repeating: " ", count: level) + "if x:\n" }
        deep += String(repeating: " ", count: 101) + "pass\n"
        assertError(deep, "too many levels of indentation", 102, 102)
    }

    func testStringAndNumberErrors() {
        assertError("x = 'abc\n", "unterminated string literal (detected at line 1)", 1, 5)
        assertError("x = 'abc", "unterminated string literal (detected at line 1)", 1, 5)
        assertError("x = '''abc\n\ny\n", "unterminated triple-quoted string literal (detected at line 4)", 1, 5)
        assertError("s = rb'abc\n", "unterminated string literal (detected at line 1)", 1, 5)
        assertError("x = 012\n", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 5)
        assertError("x = 1__0\n", "invalid decimal literal", 1, 6)
        assertError("x = 0x\n", "invalid hexadecimal literal", 1, 7)
        assertError("x = 0o8\n", "invalid digit '8' in octal literal", 1, 7)
        assertError("x = 1abc\n", "invalid decimal literal", 1, 6)
        assertError("x = '\\x4'\n", "(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\xXX escape", 1, 5)
        assertError("x = b'é'\n", "bytes can only contain ASCII literal characters", 1, 5)
        assertError("a €= 1\n", "invalid character '€' (U+20AC)", 1, 3)
        assertError("x = \\ 1\n", "unexpected character after line continuation character", 1, 5)
        assertError("x = 1\\", "unexpected character after line continuation character", 1, 6)
        assertError("x = 1 + \\\n", "unexpected EOF while parsing", 2, 1)
        assertError([0x78, 0x20, 0x3D, 0x20, 0x00, 0x0A], "source code cannot contain null bytes", 1, 5)
    }

    func testFStringErrors() {
        assertError("f'{}'\n", "f-string: empty expression not allowed", 1, 3)
        assertError("f'{x!z}'\n", "f-string: invalid conversion character: expected 's', 'r', or 'a'", 1, 5)
        assertError("f'}'\n", "f-string: single '}' is not allowed", 1, 3)
        assertError("f'{x'\n", "f-string: expecting '}'", 1, 3)
        assertError("f'{x:{y:{z}}}'\n", "f-string: expressions nested too deeply", 1, 9)
        assertError("f'{a b}'\n", "invalid syntax", 1, 6)
        assertError("x = 1\ny = f'''\n{a +}'''\n", "invalid syntax", 3, 5)
    }

    func testInvalidUTF8() {
        assertError([0x78, 0x20, 0x3D, 0x20, 0x27, 0xFF, 0x27, 0x0A], "file is not valid UTF-8: invalid byte 0xff", 1, 6)
        // A truncated sequence on line 2, after a valid two-byte character.
        assertError(Array("x = 1\ny = 'é".utf8) + [0xE2, 0x82, 0x27, 0x0A], "file is not valid UTF-8: invalid byte 0xe2", 2, 7)
        // An overlong encoding and a UTF-16 surrogate are not UTF-8 either.
        assertError([0xC0, 0xAF], "file is not valid UTF-8: invalid byte 0xc0", 1, 1)
        assertError([0x78, 0xED, 0xA0, 0x80, 0x3D, 0x31], "file is not valid UTF-8: invalid byte 0xed", 1, 2)
    }

    /// CPython 3.11 reads comments as bytes: what is not UTF-8 there is accepted.
    func testInvalidUTF8InCommentsIsAccepted() throws {
        for source: [UInt8] in [
            Array("x = 1\n# é".utf8) + [0xE2, 0x82, 0x0A], [0x23, 0xED, 0xA0, 0x80, 0x0A, 0x79, 0x3D, 0x32],
            Array("x = 1  # ".utf8) + [0xFF, 0x0A],
        ] {
            let module = try PythonParser.parse(source, path: "c.py")
            XCTAssertEqual(module.body.count, 1)
        }
    }

    func testEmptyFiles() {
        assertError("", "file is empty", 1, 1)
        assertError("\n\n   \n\t\n", "file is empty", 1, 1)
        assertError("# only a comment\n\n    # another\n", "file is empty", 1, 1)
        assertError("\u{FEFF}", "file is empty", 1, 1)
        assertError("\r\n\r\n", "file is empty", 1, 1)
    }

    func testErrorCarriesLineTextAndDescription() {
        do {
            _ = try PythonParser.parse(Array("a = 1\nb = (2 +\n".utf8), path: "versions/x.py")
            XCTFail("expected an error")
        } catch let error as PythonSyntaxError {
            XCTAssertEqual(error.lineText, "b = (2 +")
            XCTAssertEqual(error.description, "versions/x.py:2:5: '(' was never closed\n    b = (2 +\n        ^")
        } catch {
            XCTFail("\(error)")
        }
    }
}

/// PEP 263 declarations: the script is read in the encoding it declares.
final class SourceEncodingTests: XCTestCase {
    func docstring(_ bytes: [UInt8]) throws -> String? { try PythonParser.parse(bytes, path: "e.py").docstring }

    func testLatin1Declaration() throws {
        let source = Array("# -*- coding: latin-1 -*-\n\"\"\"caf".utf8) + [0xE9] + Array("\"\"\"\n".utf8)
        XCTAssertEqual(try docstring(source), "café")
    }

    func testWindows1252OnSecondLine() throws {
        let source = Array("#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n\"\"\"".utf8) + [0x80]
            + Array("5\"\"\"\n".utf8)
        XCTAssertEqual(try docstring(source), "€5")
    }

    func testUTF8DeclarationChangesNothing() throws {
        XCTAssertEqual(try docstring(Array("# coding: utf-8\n\"\"\"é\"\"\"\n".utf8)), "é")
    }

    func testDeclarationAfterCodeIsIgnored() throws {
        // A declaration on line 2 counts only after a comment or blank first line.
        let source = Array("x = 1\n# coding: latin-1\ny = '".utf8) + [0xE9] + Array("'\n".utf8)
        XCTAssertThrowsError(try PythonParser.parse(source, path: "e.py")) { error in
            XCTAssertEqual((error as? PythonSyntaxError)?.message, "file is not valid UTF-8: invalid byte 0xe9")
        }
    }

    func testUnsupportedEncodingIsNamed() {
        XCTAssertThrowsError(try PythonParser.parse(Array("# coding: shift_jis\nx = 1\n".utf8), path: "e.py")) { error in
            XCTAssertEqual(
                (error as? PythonSyntaxError)?.message,
                "not supported yet: source encoding 'shift_jis' (Retort reads UTF-8, Latin-1 and Windows-1252)")
        }
    }
}
