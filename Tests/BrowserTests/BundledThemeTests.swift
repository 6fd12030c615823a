import XCTest
@testable import Browser
import TerminalUI

/// Every theme shipped in `themes/` parses with the browser's roles and sets all of them.
final class BundledThemeTests: XCTestCase {
    static let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes")

    func testEveryBundledThemeIsCompleteAndValid() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themes.path).filter { $0.hasSuffix(".theme") }
        XCTAssertEqual(Set(files), ["default.theme", "light.theme", "high-contrast.theme", "mono.theme"])
        for file in files {
            let path = Self.themes.appendingPathComponent(file).path
            let theme = try Theme.parse(
                String(contentsOfFile: path, encoding: .utf8), path: path, name: String(file.dropLast(6)),
                roles: ThemeRoles.all)
            XCTAssertEqual(Set(theme.styles.keys), ThemeRoles.all, "\(file) must set every role")
        }
    }

    func testMonoHasNoColours() throws {
        let path = Self.themes.appendingPathComponent("mono.theme").path
        let theme = try Theme.parse(String(contentsOfFile: path, encoding: .utf8), path: path, name: "mono", roles: ThemeRoles.all)
        for (role, style) in theme.styles {
            XCTAssertEqual(style.foreground, .default, role)
            XCTAssertEqual(style.background, .default, role)
        }
    }
}
