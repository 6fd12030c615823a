import XCTest
@testable import TerminalUI

final class ThemeTests: XCTestCase {
    let roles: Set<String> = ["normal", "head", "selected"]

    func parse(_ text: String) throws -> Theme { try Theme.parse(text, path: "t.theme", name: "t", roles: roles) }

    func error(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return "\(error)"
        }
    }

    func testRulesWithCommentsAndOptionalParts() throws {
        let theme = try parse(
            """
            # a comment
            normal   = default default
            head     = bright-yellow          # no background given
            selected = black cyan bold reverse

            """)
        XCTAssertEqual(theme.style("head"), Style(foreground: .named(11)))
        XCTAssertEqual(
            theme.style("selected"),
            Style(foreground: .named(0), background: .named(6), attributes: [.bold, .reverse]))
        XCTAssertEqual(theme.style("normal"), .plain)
    }

    func testPaletteIndexesAndGrey() throws {
        let theme = try parse("head = color208 grey\nselected = color3 default")
        XCTAssertEqual(theme.style("head"), Style(foreground: .indexed(208), background: .named(8)))
        XCTAssertEqual(theme.style("selected").foreground, .named(3))
    }

    func testMissingRoleFallsBackToNormal() throws {
        let theme = try parse("normal = white blue")
        XCTAssertEqual(theme.style("head"), Style(foreground: .named(7), background: .named(4)))
    }

    func testErrorsNameFileAndLine() {
        XCTAssertEqual(
            error("normal = default\nheader = red"), "t.theme:2: unknown role 'header'; known roles: head, normal, selected")
        XCTAssertEqual(error("\n\nhead = purple"), "t.theme:3: unknown colour or attribute 'purple'")
        XCTAssertEqual(
            error("head = red blue green"),
            "t.theme:1: unknown attribute 'green' (after two colours only attributes may follow)")
        XCTAssertEqual(error("head red"), "t.theme:1: expected 'role = foreground background attributes', found 'head red'")
        XCTAssertEqual(error("head ="), "t.theme:1: role 'head' has no colours")
        XCTAssertEqual(error("head = red\nhead = blue"), "t.theme:2: role 'head' is set twice")
        XCTAssertEqual(error("head = color256"), "t.theme:1: unknown colour or attribute 'color256'")
    }

    func testWithoutColorsKeepsAttributes() throws {
        let theme = try parse("selected = black cyan reverse").withoutColors
        XCTAssertEqual(theme.style("selected"), Style(attributes: [.reverse]))
    }
}
