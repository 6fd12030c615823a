import XCTest

/// A test that drives the real binary in a real terminal: tmux runs a shell on a socket
/// of the test's own, the test types into it and reads the screen back.
class TmuxTestCase: XCTestCase {
    var socket = ""

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            throw XCTSkip("tmux is not installed (scripts/install-deps.sh installs it)")
        }
        socket = "retort-test-\(getpid())-\(Int.random(in: 0..<1_000_000))"
    }

    override func tearDown() {
        _ = try? tmux(["kill-server"])
    }

    /// Runs tmux through the shell with plain redirections. (Foundation's Process waits
    /// forever here: the tmux server that `new-session` starts inherits the descriptor
    /// Process watches, so the finished client is never reaped.)
    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let quoted = (["/usr/bin/tmux", "-L", socket] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let status = system(quoted.joined(separator: " ") + " </dev/null >'\(output)' 2>/dev/null")
        guard status != -1 else { throw CocoaError(.executableLoad) }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    func screen() throws -> String { try tmux(["capture-pane", "-t", "t", "-p"]) }

    /// Waits until the screen contains `text` (up to 10 s), then returns it.
    @discardableResult
    func waitFor(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        var last = ""
        for _ in 0..<100 {
            last = try screen()
            if last.contains(text) { return last }
            usleep(100_000)
        }
        XCTFail("the screen never showed '\(text)':\n\(last)", file: file, line: line)
        return last
    }

    func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", "t"] + keys) }

    /// A 120×40 shell in tmux running Retort's browser in `directory`, which prints the
    /// browser's exit status when it ends.
    func openBrowser(_ binary: String, in directory: String, environment: [String: String] = [:]) throws {
        try tmux(["new-session", "-d", "-x", "120", "-y", "40", "-s", "t", "bash --norc --noprofile"])
        let exports = environment.keys.sorted().map { " \($0)='\(environment[$0] ?? "")'" }.joined()
        try keys(
            "export LANG=C.UTF-8 TERM=xterm-256color PS1='ready$ '\(exports); cd '\(directory)'; "
                + "RETORT_NO_CACHE=1 '\(binary)'; echo \"exit status $?\"", "Enter")
    }
}
