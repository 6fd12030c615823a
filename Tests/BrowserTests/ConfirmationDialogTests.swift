import XCTest
@testable import Browser
import TerminalUI

/// The confirmation dialog: explicit keys, typed names for destructive plans, refusals.
final class ConfirmationDialogTests: XCTestCase {
    func dialog(word: String? = nil, refusal: String? = nil) -> ConfirmationDialog {
        ConfirmationDialog(
            title: "Upgrade sqlite:///app.db to 3d6c8b1e5f27", isDestructive: word != nil,
            planLines: [
                StyledLine("1. upgrade e2b4f6a8c0d1 -> 3d6c8b1e5f27  add last_login to users  (1 statement)", role: "normal"),
                StyledLine("   alembic_version: UPDATE e2b4f6a8c0d1 -> 3d6c8b1e5f27", role: "date"),
            ],
            warningLines: word == nil ? [] : [StyledLine("! drops table audit_log: 12,345 rows", role: "destructive")],
            sqlLines: (1...30).map { StyledLine("ALTER TABLE users ADD COLUMN c\($0) INTEGER;", role: "normal") },
            refusal: refusal, confirmationWord: word)
    }

    func testEnterNeverConfirmsAndYDoes() {
        var d = dialog()
        XCTAssertNil(d.handle(.enter, sqlHeight: 5))
        XCTAssertEqual(d.hint, "Enter does not confirm: press y (or n to cancel)")
        XCTAssertEqual(d.handle(.character("y"), sqlHeight: 5), .confirm)
        var e = dialog()
        XCTAssertEqual(e.handle(.character("n"), sqlHeight: 5), .cancel)
        XCTAssertEqual(e.handle(.escape, sqlHeight: 5), .cancel)
    }

    func testADestructivePlanWaitsForTheTypedName() {
        var d = dialog(word: "audit_log")
        XCTAssertNil(d.handle(.character("y"), sqlHeight: 5))  // not the word's start: refused
        XCTAssertEqual(d.hint, "type audit_log to confirm")
        for c in "audit_log" { XCTAssertNil(d.handle(.character(c), sqlHeight: 5)) }
        XCTAssertTrue(d.canConfirm)
        XCTAssertEqual(d.handle(.character("y"), sqlHeight: 5), .confirm)
    }

    func testARefusedActionOnlyCloses() {
        var d = dialog(refusal: "c0ffee000002 upgrade(): the result of a query steers it")
        XCTAssertNil(d.handle(.character("y"), sqlHeight: 5))
        XCTAssertEqual(d.handle(.character("n"), sqlHeight: 5), .cancel)
    }

    func testSQLScrollsWithinItsLength() {
        var d = dialog()
        _ = d.handle(.pageDown, sqlHeight: 10)
        XCTAssertEqual(d.sqlTop, 10)
        _ = d.handle(.pageDown, sqlHeight: 10)
        _ = d.handle(.pageDown, sqlHeight: 10)
        XCTAssertEqual(d.sqlTop, 20)
        _ = d.handle(.character("v"), sqlHeight: 10)
        XCTAssertTrue(d.showsSQLOnly)
    }

    func testRRehearsesAPlanUnlessItIsPartOfTheWord() {
        var d = dialog()
        XCTAssertNil(d.handle(.character("r"), sqlHeight: 5), "r rehearses only where it is offered")
        d.offersRehearsal = true
        XCTAssertEqual(d.handle(.character("r"), sqlHeight: 5), .rehearse)
        XCTAssertTrue(d.footer.contains("  r rehearse"), d.footer)
        var named = dialog(word: "reports")
        named.offersRehearsal = true
        XCTAssertNil(named.handle(.character("r"), sqlHeight: 5), "r starts the word reports")
        XCTAssertEqual(named.typed, "r")
        var word = dialog(word: "reports")
        word.offersRehearsal = true
        XCTAssertTrue(word.footer.hasSuffix("  R rehearse"), word.footer)
        XCTAssertEqual(word.handle(.character("R"), sqlHeight: 5), .rehearse)
        var refused = dialog(refusal: "cannot run")
        refused.offersRehearsal = true
        XCTAssertNil(refused.handle(.character("r"), sqlHeight: 5))
    }

    func testAReportOffersTheNextStepBothWays() {
        var report = dialog()
        report.isReport = true
        XCTAssertNil(report.handle(.character(">"), sqlHeight: 5), "a report that offers no steps")
        report.offersSteps = true
        XCTAssertEqual(report.handle(.character(">"), sqlHeight: 5), .stepForward)
        XCTAssertEqual(report.handle(.character("<"), sqlHeight: 5), .stepBack)
        XCTAssertTrue(report.footer.contains("> next step  < step back"), report.footer)
    }
}
