import XCTest
@testable import TerminalUI

/// Styles as escape sequences: every colour form and attribute, and plain text.
final class SGRTests: XCTestCase {
    /// ESC shown as `⎋`, so that the expected text can be read.
    func visible(_ text: String) -> String { text.replacingOccurrences(of: "\u{1B}", with: "⎋") }

    func testSequences() {
        let styles: [(String, Style)] = [
            ("plain", .plain),
            ("red", Style(foreground: .named(1))),
            ("white on black", Style(foreground: .named(7), background: .named(0))),
            ("bright-black", Style(foreground: .named(8))),
            ("bright-white on bright-blue", Style(foreground: .named(15), background: .named(12))),
            ("color208 on color236", Style(foreground: .indexed(208), background: .indexed(236))),
            ("default on cyan", Style(background: .named(6))),
            ("bold", Style(attributes: [.bold])),
            (
                "every attribute", Style(attributes: [.blink, .reverse, .underline, .italic, .dim, .bold])
            ),
            ("yellow on blue, bold underline", Style(foreground: .named(3), background: .named(4), attributes: [.underline, .bold])),
        ]
        XCTAssertEqual(
            styles.map { "\($0.0): \(visible(SGR.sequence($0.1)))" }.joined(separator: "\n"),
            """
            plain: 
            red: ⎋[31m
            white on black: ⎋[37;40m
            bright-black: ⎋[90m
            bright-white on bright-blue: ⎋[97;104m
            color208 on color236: ⎋[38;5;208;48;5;236m
            default on cyan: ⎋[46m
            bold: ⎋[1m
            every attribute: ⎋[1;2;3;4;5;7m
            yellow on blue, bold underline: ⎋[1;4;33;44m
            """)
    }

    func testPaintResetsAfterTheTextAndLeavesPlainTextAlone() {
        XCTAssertEqual(visible(SGR.paint("head", Style(foreground: .named(11), attributes: [.bold]))), "⎋[1;93mhead⎋[0m")
        XCTAssertEqual(SGR.paint("message", .plain), "message")
        XCTAssertEqual(SGR.paint("", Style(foreground: .named(1))), "")
    }
}
