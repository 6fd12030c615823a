import Foundation
import XCTest

/// `retort demo` without a terminal: the project written, its database at the main
/// line's merge (as Alembic reads it too), the graph and the heads printed; a second
/// run into the same directory is refused, leaving it as it was.
final class DemoCommandTests: XCTestCase {
    func testDemoWithoutATerminalWritesTheProjectAndPrintsTheGraph() throws {
        let dir = try Harness.temporaryDirectory(self, "demo").appendingPathComponent("shop")
        let run = try Harness.retort(["demo", "--dir", dir.path])
        XCTAssertEqual(run.exit, 0, run.stderr)
        let ini = dir.appendingPathComponent("alembic.ini").path
        let graph = try Harness.retort(["-c", ini, "graph"])
        let heads = try Harness.retort(["-c", ini, "heads"])
        XCTAssertEqual(
            run.stdout,
            "Wrote the sample project to \(dir.path), its SQLite database upgraded to e2b4f6a8c0d1.\n\n"
                + "$ retort -c \(ini) graph\n" + graph.stdout + "\n$ retort -c \(ini) heads\n" + heads.stdout
                + "\n(No terminal here: run `retort demo` in a terminal to open the interactive browser.)\n")
        XCTAssertEqual(try Harness.retort(["-c", ini, "current"]).stdout, "e2b4f6a8c0d1 (branchpoint) (mergepoint)\n")
        // What the demo is there to show: a lint finding and a downgrade that leaves a column.
        let lint = try Harness.retort(["-c", ini, "lint", "--json"])
        XCTAssertEqual(lint.exit, 7, lint.stderr)
        XCTAssertTrue(lint.stdout.contains(#""rule": "require-concurrent-index-creation""#), lint.stdout)
        let roundTrip = try Harness.retort(["-c", ini, "check", "--roundtrip"])
        XCTAssertEqual(
            roundTrip.stdout,
            """
            6a4f2c8e0b95: the downgrade does not restore the schema:
                posts: column comment_count INTEGER NOT NULL DEFAULT 0: left behind
            FAILED: 1 of 11 revisions do not round-trip on a scratch SQLite file (removed after)

            """)
        XCTAssertEqual(roundTrip.exit, 2, roundTrip.stderr)
        XCTAssertEqual(try Harness.retort(["-c", ini, "drift"]).exit, 0)
        // The schema at the database's revisions is the schema at the merge.
        let current = try Harness.retort(["-c", ini, "schema", "current", "--json"])
        XCTAssertEqual(current.exit, 0, current.stderr)
        XCTAssertEqual(current.stdout, try Harness.retort(["-c", ini, "schema", "e2b4f6a8c0d1", "--json"]).stdout)

        let again = try Harness.retort(["demo", "--dir", dir.path])
        XCTAssertEqual(again.exit, 2)
        XCTAssertEqual(again.stderr, "FAILED: \(dir.path) already holds alembic.ini: the demo writes its project into an empty or new directory\n")
        XCTAssertEqual(try Harness.retort(["-c", ini, "current"]).stdout, "e2b4f6a8c0d1 (branchpoint) (mergepoint)\n")
        // Alembic reads the database the demo made as Retort does.
        let alembic = try Harness.oracle().alembic(["-c", ini, "current"], cwd: dir)
        XCTAssertEqual(alembic.stdout, "e2b4f6a8c0d1 (branchpoint) (mergepoint)\n", alembic.stderr)
    }
}

/// `retort demo` in a real terminal: the browser opens on the fresh project with its
/// database read, shows lint's finding under the index that c5e71d9a2b08 builds, the
/// Schema tab, and no drift.
final class DemoTmuxTests: TmuxTestCase {
    func testDemoOpensTheBrowser() throws {
        let binary = try Harness.retortBinary().path
        let dir = try Harness.temporaryDirectory(self, "demo-tmux").appendingPathComponent("shop").path
        try tmux(["new-session", "-d", "-x", "140", "-y", "40", "-s", "t", "bash --norc --noprofile"])
        try keys(
            "export LANG=C.UTF-8 TERM=xterm-256color PS1='ready$ '; RETORT_NO_CACHE=1 '\(binary)' demo --dir '\(dir)';"
                + " echo \"exit status $?\"", "Enter")
        try waitFor("11 revisions, 3 heads")
        try waitFor("5 pending, at e2b4f6a8c0d1 · no drift")
        try keys("/", "i", "n", "d", "e", "x", "Space", "p", "r", "o", "d", "Enter")
        try waitFor("Revision   c5e71d9a2b08")
        try keys("]", "]")
        try waitFor("! lint: require-concurrent-index-creation")
        try keys("]", "]")
        try waitFor("-- the schema after c5e71d9a2b08 for sqlite")
        try waitFor("+     index ix_products_title (title)")
        try keys("D")
        try waitFor("-- no drift: 4 tables as the history says")
        try keys("q")
        try waitFor("exit status 0")
        try waitFor("The demo project is in \(dir)")
    }
}
