import Foundation
import XCTest

/// `retort graph` on a terminal: colours from the theme's roles, `--theme` before or
/// after the command or `RETORT_THEME`, none with NO_COLOR or into a pipe. `script` gives
/// the binary a pseudo-terminal.
final class GraphCommandTests: XCTestCase {
    var ini: String { Harness.sampleProject.appendingPathComponent("alembic.ini").path }
    let range = ["-r", "7c2d5e8f1a64:e2b4f6a8c0d1"]
    /// A locale with UTF-8 and nothing that turns colour off, whatever the tests run in.
    let terminalEnvironment = ["LANG": "C.UTF-8", "LC_ALL": "", "LC_CTYPE": "", "NO_COLOR": "", "RETORT_THEME": ""]

    func writeTheme() throws -> String {
        let url = try Harness.temporaryDirectory(self, "theme").appendingPathComponent("test.theme")
        try """
        graph-1 = red
        graph-2 = color34
        id      = yellow default bold
        branch  = cyan default reverse
        merge   = magenta
        """.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// Runs retort on a pseudo-terminal; its output with CR LF as LF and ESC as `⎋`.
    func onTerminal(_ args: [String], environment: [String: String] = [:]) throws -> RunResult {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            throw XCTSkip("script (util-linux) is not installed")
        }
        let command = ([try Harness.retortBinary().path] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        var result = try Harness.run(
            "/usr/bin/script", ["-qec", command.joined(separator: " "), "/dev/null"],
            extraEnvironment: terminalEnvironment.merging(environment) { $1 }, timeout: 60)
        result.stdout = result.stdout.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\u{1B}", with: "⎋")
        return result
    }

    static let coloured = """
        ⎋[31m◆⎋[0m⎋[38;5;34m╮⎋[0m  ⎋[1;33me2b4f6a8c0d1⎋[0m ⎋[7;36m(branchpoint)⎋[0m ⎋[35m(mergepoint)⎋[0m merge order status and product search
        ⎋[31m●⎋[0m⎋[38;5;34m│⎋[0m  ⎋[1;33ma93f0b4c6e12⎋[0m add status to orders
        ⎋[31m│⎋[0m⎋[38;5;34m●⎋[0m  ⎋[1;33mc5e71d9a2b08⎋[0m index product titles for search
        ⎋[31m◈⎋[0m⎋[38;5;34m╯⎋[0m  ⎋[1;33m7c2d5e8f1a64⎋[0m ⎋[7;36m(branchpoint)⎋[0m create orders and order lines

        """

    static let plain = """
        ◆╮  e2b4f6a8c0d1 (branchpoint) (mergepoint) merge order status and product search
        ●│  a93f0b4c6e12 add status to orders
        │●  c5e71d9a2b08 index product titles for search
        ◈╯  7c2d5e8f1a64 (branchpoint) create orders and order lines

        """

    func testThemeAfterTheCommandBeforeItOrFromTheEnvironment() throws {
        let theme = try writeTheme()
        for (args, environment) in [
            (["-c", ini, "graph", "--theme", theme] + range, [:]),
            (["--theme", theme, "-c", ini, "graph"] + range, [:]),
            (["-c", ini, "graph"] + range, ["RETORT_THEME": theme]),
        ] {
            let result = try onTerminal(args, environment: environment)
            XCTAssertEqual(result.exit, 0, "\(args) \(environment)")
            XCTAssertEqual(result.stdout, Self.coloured, "\(args) \(environment)")
        }
    }

    func testNoColourWithNoColorOrIntoAPipe() throws {
        let theme = try writeTheme()
        let noColor = try onTerminal(["-c", ini, "graph", "--theme", theme] + range, environment: ["NO_COLOR": "1"])
        XCTAssertEqual(noColor.stdout, Self.plain)
        let piped = try Harness.run(
            try Harness.retortBinary().path, ["-c", ini, "graph", "--theme", theme] + range,
            extraEnvironment: terminalEnvironment)
        XCTAssertEqual(piped.stdout, Self.plain)
    }

    func testUnknownThemeOnATerminal() throws {
        let result = try onTerminal(["-c", ini, "graph", "--theme", "no-such-theme"] + range)
        XCTAssertEqual(result.exit, 2)
        XCTAssertTrue(
            result.stdout.hasPrefix("FAILED: unknown theme 'no-such-theme': looked for "), result.stdout)
    }
}
