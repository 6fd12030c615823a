import XCTest
@testable import Browser
import TerminalUI

final class KeyTableTests: XCTestCase {
    func testEveryCommandHasAKeyAndNoKeyIsBoundTwice() {
        XCTAssertEqual(Set(KeyTable.bindings.map(\.command)), Set(BrowserCommand.allCases))
        for showingCode in [false, true] {
            let keys = KeyTable.bindings.filter { $0.context.holds(showingCode: showingCode) }.flatMap(\.keys)
            XCTAssertEqual(keys.count, Set(keys).count, "a key is bound to two commands in the same tabs")
        }
    }

    func testLookup() {
        XCTAssertEqual(KeyTable.command(for: .character("j")), .moveDown)
        XCTAssertEqual(KeyTable.command(for: .down), .moveDown)
        XCTAssertEqual(KeyTable.command(for: .control("d")), .halfPageDown)
        XCTAssertNil(KeyTable.command(for: .character("z")))
        // `s` switches the dialect where the SQL is shown, and steps forward elsewhere.
        XCTAssertEqual(KeyTable.command(for: .character("s"), showingCode: true), .toggleDialect)
        XCTAssertEqual(KeyTable.command(for: .character("s"), showingCode: false), .stepForward)
        XCTAssertEqual(KeyTable.command(for: .character(">"), showingCode: true), .stepForward)
        XCTAssertTrue(KeyTable.helpLines.contains { $0.hasPrefix("s ") && $0.hasSuffix("(other tabs) the same as >") })
    }

    func testHelpAndFooterAreGeneratedFromTheTable() {
        XCTAssertEqual(KeyTable.helpLines.count, KeyTable.bindings.count + KeyTable.otherHelp.count)
        XCTAssertEqual(KeyTable.helpLines.last, "        with the details focused, the movement keys scroll them")
        XCTAssertEqual(KeyTable.helpLines[0], "j ↓     next revision (older)")
        XCTAssertEqual(KeyTable.helpLines[4], "Ctrl-D  half a page down")
        XCTAssertEqual(KeyTable.footer, "Tab pane  ] tab  / search  h head  ? help  q quit")
    }
}
