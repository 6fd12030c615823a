import XCTest
@testable import TerminalUI

final class ScreenBufferTests: XCTestCase {
    func testWritesClipAtTheEdgeAndAtALimit() {
        var screen = ScreenBuffer(width: 10, height: 2)
        XCTAssertEqual(screen.write("history of revisions", row: 0, column: 2, role: "title"), 8)
        XCTAssertEqual(screen.write("abcdef", row: 1, column: 0, role: "id", limit: 4), 4)
        XCTAssertEqual(screen.text, "  history\nabcd")
        XCTAssertEqual(screen.roles, "0-2 normal, 2-10 title\n0-4 id, 4-10 normal")
    }

    func testWideCharactersTakeTwoCellsAndNeverHalfFit() {
        var screen = ScreenBuffer(width: 5, height: 1)
        XCTAssertEqual(screen.write("表表表", row: 0, column: 0, role: "message"), 4)
        XCTAssertEqual(screen.text, "表表")
        XCTAssertTrue(screen[0, 1].isContinuation)
    }

    func testCombiningMarksJoinTheirCharacter() {
        var screen = ScreenBuffer(width: 6, height: 1)
        XCTAssertEqual(screen.write("cafe\u{301}!", row: 0, column: 0, role: "normal"), 5)
        XCTAssertEqual(screen.text, "café!")
    }

    func testOutOfRangeWritesAreIgnored() {
        var screen = ScreenBuffer(width: 3, height: 1)
        XCTAssertEqual(screen.write("x", row: 5, column: 0, role: "normal"), 0)
        XCTAssertEqual(screen.write("x", row: 0, column: 7, role: "normal"), 0)
        screen.fill(row: 0, column: 1, width: 9, role: "selected")
        XCTAssertEqual(screen.roles, "0-1 normal, 1-3 selected")
    }

    func testTruncateAndPadByDisplayWidth() {
        XCTAssertEqual(TextFit.truncate("add users table", to: 8), "add use…")
        XCTAssertEqual(TextFit.truncate("ユーザー表", to: 6), "ユー…")
        XCTAssertEqual(TextFit.truncate("short", to: 8), "short")
        XCTAssertEqual(TextFit.truncate("abcdef", to: 4, ellipsis: "~"), "abc~")
        XCTAssertEqual(TextFit.pad("ab", to: 4), "ab  ")
        XCTAssertEqual(TextFit.pad("ユーザー", to: 5), "ユー…")
        XCTAssertEqual(TextFit.pad("ユーザー", to: 6), "ユー… ")  // the next wide character would not fit
    }

    func testStylesResolveRolesThroughATheme() throws {
        let theme = try Theme.parse(
            "normal = default\nheader = bright-white blue bold\nhead = default default bold\nlabel = default default bold\nid = color208",
            path: "t.theme", name: "t", roles: ["normal", "header", "head", "label", "id"])
        var screen = ScreenBuffer(width: 12, height: 2)
        screen.fill(row: 0, role: "header")
        screen.write("ab", row: 1, column: 0, role: "id")
        screen.write("(x)", row: 1, column: 3, role: "label")
        screen.write("[h]", row: 1, column: 6, role: "head")
        XCTAssertEqual(
            screen.styles(in: theme),
            """
            0-12 bright-white on blue bold
            0-2 color208, 2-3 plain, 3-9 bold, 9-12 plain
            """)
        XCTAssertEqual(ScreenBuffer(width: 0, height: 1).styles(in: theme), "")
    }
}
