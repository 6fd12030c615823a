import XCTest

/// The real binary in a real terminal: tmux runs a shell, the test types into it and
/// reads the screen back.
final class BrowserTmuxTests: TmuxTestCase {
    func testBrowseSearchHelpResizeAndQuit() throws {
        let binary = try Harness.retortBinary().path
        let sample = Harness.sampleProject.path
        let state = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: state) }
        let before = state.appendingPathComponent("before").path
        let after = state.appendingPathComponent("after").path

        try tmux(["new-session", "-d", "-x", "120", "-y", "40", "-s", "t", "bash --norc --noprofile"])
        try keys(
            "export LANG=C.UTF-8 TERM=xterm-256color PS1='ready$ '; cd '\(sample)'; stty -g > '\(before)'; "
                + "RETORT_NO_CACHE=1 '\(binary)'; echo \"exit status $?\"; stty -g > '\(after)'", "Enter")
        var text = try waitFor("11 revisions, 3 heads")
        // The sample's SQLite file does not exist: nothing is applied, all is pending.
        try waitFor("11 pending, empty")
        XCTAssertTrue(text.contains("◉   · 3d6c8b1e5f27 [head] add last_login to users"), text)
        XCTAssertTrue(text.contains("Revision   3d6c8b1e5f27"))

        try keys("j", "j")
        try waitFor("Revision   9e1a7c3f5b82")
        try keys("/", "o", "r", "d", "e", "r", "s")
        text = try waitFor("/orders")
        try keys("Enter")
        try waitFor("Revision   a93f0b4c6e12")
        try keys("n")
        try waitFor("Revision   7c2d5e8f1a64")

        // The Source tab, then back to the details.
        try keys("]")
        try waitFor("42 def downgrade() -> None:")
        try keys("]", "]")
        try waitFor("-- upgrade() for sqlite")
        try waitFor("CREATE TABLE orders (")
        try keys("s")
        try waitFor("id SERIAL NOT NULL")
        try keys("]", "]")
        try waitFor("Revision   7c2d5e8f1a64")

        // The mouse, as xterm reports it (SGR 1006, 1-based cells): a click on the fifth
        // list line selects it, a wheel turn down moves three rows further.
        try tmux(["send-keys", "-t", "t", "-l", "\u{1B}[<0;10;6M"])
        try tmux(["send-keys", "-t", "t", "-l", "\u{1B}[<0;10;6m"])
        try waitFor("Revision   58d0c3e7a9f1")
        try tmux(["send-keys", "-t", "t", "-l", "\u{1B}[<65;10;6M"])
        try waitFor("Revision   c5e71d9a2b08")

        try keys("?")
        try waitFor("switch between box drawing and ASCII")
        try keys("Escape")

        try tmux(["resize-window", "-t", "t", "-x", "50", "-y", "12"])
        try waitFor("Retort needs 60×15 or more (now 50×12).")
        try tmux(["resize-window", "-t", "t", "-x", "100", "-y", "30"])
        text = try waitFor("11 revisions, 3 heads")
        XCTAssertTrue(text.contains("Revision   c5e71d9a2b08"), "the selection survives a resize:\n\(text)")

        try keys("q")
        text = try waitFor("exit status 0")
        // The shell writes the settings after the status line (the prompt on screen may be
        // the first one): wait for the whole line in the file (`>` makes it empty first).
        let deadline = Date().addingTimeInterval(10)
        while (try? String(contentsOfFile: after, encoding: .utf8))?.hasSuffix("\n") != true, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        XCTAssertEqual(
            try String(contentsOfFile: before, encoding: .utf8), try String(contentsOfFile: after, encoding: .utf8),
            "the terminal settings are not restored")
    }

    func testCtrlCGivesTheTerminalBack() throws {
        let binary = try Harness.retortBinary().path
        try tmux(["new-session", "-d", "-x", "100", "-y", "30", "-s", "t", "bash --norc --noprofile"])
        try keys(
            "export LANG=C.UTF-8 PS1='ready$ '; cd '\(Harness.sampleProject.path)'; RETORT_NO_CACHE=1 '\(binary)'",
            "Enter")
        try waitFor("11 revisions")
        try keys("C-c")
        try waitFor("ready$")
        // A sane terminal echoes what is typed again.
        try keys("echo typed-after", "Enter")
        try waitFor("typed-after")
    }
}
