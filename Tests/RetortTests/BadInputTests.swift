import XCTest

/// Each fixture under Tests/Fixtures/bad is a small project with one thing wrong; the
/// test pins Retort's whole standard output, standard error and exit status for it.
/// Paths are shown relative to the fixtures folder as `<fixtures>`.
final class BadInputTests: XCTestCase {
    static let fixtures = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/bad")

    func run(_ fixture: String, _ args: [String]) throws -> (stdout: String, stderr: String, exit: Int32) {
        let dir = Self.fixtures.appendingPathComponent(fixture)
        let result = try Harness.retort(args, cwd: dir)
        let root = Self.fixtures.path
        return (
            result.stdout.replacingOccurrences(of: root, with: "<fixtures>"),
            result.stderr.replacingOccurrences(of: root, with: "<fixtures>"), result.exit
        )
    }

    func expect(
        _ fixture: String, _ args: [String] = ["history"], stdout: String = "", stderr: String, exit: Int32,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let r = try run(fixture, args)
        XCTAssertEqual(r.stdout, stdout, "stdout of \(fixture)", file: file, line: line)
        XCTAssertEqual(r.stderr, stderr, "stderr of \(fixture)", file: file, line: line)
        XCTAssertEqual(r.exit, exit, "exit status of \(fixture)", file: file, line: line)
    }

    func testSyntaxError() throws {
        try expect(
            "syntax-error", stdout: "<base> -> aaaa1111 (head), base\n",
            stderr: """
                <fixtures>/syntax-error/versions/b.py:4:13: error: invalid syntax
                    def upgrade(:
                                ^
                FAILED: 1 script could not be read; the output above leaves it out

                """, exit: 2)
    }

    func testNonUTF8File() throws {
        try expect(
            "non-utf8", stdout: "<base> -> aaaa1111 (head), base\n",
            stderr: """
                <fixtures>/non-utf8/versions/b.py:3:12: error: file is not valid UTF-8: invalid byte 0xe9
                    NAME = "caf\u{FFFD}"
                               ^
                FAILED: 1 script could not be read; the output above leaves it out

                """, exit: 2)
    }

    func testNonUTF8InACommentIsAcceptedLikeCPython() throws {
        try expect(
            "non-utf8-comment",
            stdout: "aaaa1111 -> bbbb2222 (head), latin-1 in a comment\n<base> -> aaaa1111, base\n", stderr: "",
            exit: 0)
    }

    func testEmptyFile() throws {
        try expect(
            "empty-file", stdout: "<base> -> aaaa1111 (head), base\n",
            stderr: """
                <fixtures>/empty-file/versions/b.py:1:1: error: file is empty
                FAILED: 1 script could not be read; the output above leaves it out

                """, exit: 2)
    }

    func testBOMAndCRLFReadLikeAnyFile() throws {
        try expect(
            "bom-crlf", stdout: "aaaa1111 -> bbbb2222 (head), crlf only\n<base> -> aaaa1111, with a BOM\n",
            stderr: "", exit: 0)
    }

    func testMissingAlembicSection() throws {
        try expect(
            "missing-section",
            stderr: "FAILED: No 'script_location' key found in configuration: <fixtures>/missing-section/alembic.ini "
                + "has no [alembic] section. Use --script-location to give the migrations directory.\n", exit: 2)
    }

    func testMissingScriptLocation() throws {
        try expect(
            "missing-script-location",
            stderr: "FAILED: No 'script_location' key found in configuration: no script_location in section "
                + "[alembic] of <fixtures>/missing-script-location/alembic.ini. Use --script-location to give the "
                + "migrations directory.\n", exit: 2)
    }

    func testBadInterpolation() throws {
        try expect(
            "bad-interpolation",
            stderr: "FAILED: Bad value substitution: option 'script_location' in section 'alembic' contains an "
                + "interpolation key 'nowhere' which is not a valid option name. Raw value: '%(nowhere)s/migrations' "
                + "(in <fixtures>/bad-interpolation/alembic.ini)\n", exit: 2)
    }

    func testMissingVersionsDirectory() throws {
        try expect(
            "missing-versions",
            stderr: "warning: version location <fixtures>/missing-versions/versions does not exist; Alembic skips "
                + "it, so no scripts are read from it\n", exit: 0)
    }

    func testCycle() throws {
        try expect("cycle", stderr: "FAILED: Cycle is detected in revisions (aaaa1111, bbbb2222)\n", exit: 2)
    }

    func testSelfLoop() throws {
        try expect("self-loop", stderr: "FAILED: Self-loop is detected in revisions (bbbb2222)\n", exit: 2)
    }

    func testMissingParentNamesTheFileThatRefersToIt() throws {
        try expect(
            "missing-parent",
            stderr: "FAILED: Revision cccc3333 referenced from bbbb2222 (<fixtures>/missing-parent/versions/b.py) "
                + "is not present\n", exit: 2)
    }

    func testDuplicateIdNamesBothFilesAndKeepsTheLater() throws {
        try expect(
            "duplicate-id", stdout: "<base> -> aaaa1111 (head), second copy\n",
            stderr: "<fixtures>/duplicate-id/versions/b.py:1:1: warning: Revision aaaa1111 is present more than "
                + "once (also in <fixtures>/duplicate-id/versions/a.py); this later file is used\n", exit: 0)
    }

    func testAmbiguousPartialIdListsTheCandidates() throws {
        try expect(
            "ambiguous", ["show", "abcd"],
            stderr: "FAILED: Can't locate revision identified by 'abcd': Multiple revisions start with 'abcd': "
                + "'abcd1111', 'abcd2222'...\n", exit: 2)
    }

    func testUnknownRevision() throws {
        try expect("ambiguous", ["show", "ffff"], stderr: "FAILED: Can't locate revision identified by 'ffff'\n", exit: 2)
        try expect(
            "ambiguous", ["history", "-r", "ffff:"],
            stderr: "FAILED: Can't locate revision identified by 'ffff'\n", exit: 2)
    }

    func testCheckReportsEveryProblemAndFails() throws {
        try expect(
            "syntax-error", ["check"],
            stdout: """
                <fixtures>/syntax-error/versions/b.py:4:13: error: invalid syntax
                    def upgrade(:
                                ^
                FAILED: 1 revision, 1 head, 1 base, 1 unreadable script

                """, stderr: "", exit: 2)
        try expect("cycle", ["check"], stdout: "FAILED: Cycle is detected in revisions (aaaa1111, bbbb2222)\n", stderr: "", exit: 2)
        try expect("bom-crlf", ["check"], stdout: "OK: 2 revisions, 1 head, 1 base\n", stderr: "", exit: 0)
    }
}
