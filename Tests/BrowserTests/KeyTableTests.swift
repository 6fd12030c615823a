import XCTest
@testable import Browser
import TerminalUI

final class KeyTableTests: XCTestCase {
    func testEveryCommandHasAKeyAndNoKeyIsBoundTwice() {
        XCTAssertEqual(Set(KeyTable.bindings.map(\.command)), Set(BrowserCommand.allCases))
        let keys = KeyTable.bindings.flatMap(\.keys)
        XCTAssertEqual(keys.count, Set(keys).count, "a key is bound to two commands")
    }

    func testLookup() {
        XCTAssertEqual(KeyTable.command(for: .character("j")), .moveDown)
        XCTAssertEqual(KeyTable.command(for: .down), .moveDown)
        XCTAssertEqual(KeyTable.command(for: .control("d")), .halfPageDown)
        XCTAssertNil(KeyTable.command(for: .character("z")))
    }

    func testHelpAndFooterAreGeneratedFromTheTable() {
        XCTAssertEqual(KeyTable.helpLines.count, KeyTable.bindings.count + KeyTable.otherHelp.count)
        XCTAssertEqual(KeyTable.helpLines.last, "        with the details focused, the movement keys scroll them")
        XCTAssertEqual(KeyTable.helpLines[0], "j ↓     next revision (older)")
        XCTAssertEqual(KeyTable.helpLines[4], "Ctrl-D  half a page down")
        XCTAssertEqual(KeyTable.footer, "Tab pane  ] tab  / search  h head  ? help  q quit")
    }
}
