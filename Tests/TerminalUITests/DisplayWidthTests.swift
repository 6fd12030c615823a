import XCTest
@testable import TerminalUI

final class DisplayWidthTests: XCTestCase {
    func testASCIIIsOneCellPerCharacter() {
        XCTAssertEqual(DisplayWidth.of("add user table"), 14)
    }

    func testWideCharactersTakeTwoCells() {
        XCTAssertEqual(DisplayWidth.of("表"), 2)
        XCTAssertEqual(DisplayWidth.of("ユーザー"), 8)
    }

    func testCombiningMarksTakeNoCell() {
        // "e" followed by a combining acute accent is one cell.
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1)
    }
}

final class TerminalLocaleTests: XCTestCase {
    func testUTF8FromTheFirstLocaleVariableSet() {
        XCTAssertTrue(TerminalLocale.isUTF8(["LANG": "en_US.UTF-8"]))
        XCTAssertTrue(TerminalLocale.isUTF8(["LC_CTYPE": "C.utf8", "LANG": "C"]))
        XCTAssertFalse(TerminalLocale.isUTF8(["LC_ALL": "C", "LANG": "en_US.UTF-8"]))
        XCTAssertFalse(TerminalLocale.isUTF8([:]))
    }
}
