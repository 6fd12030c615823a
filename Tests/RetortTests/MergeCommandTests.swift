import Foundation
import XCTest

/// `retort merge` writes the file `alembic merge` writes: same name, same text (but for
/// the creation time), and Alembic reads it back as the one head.
final class MergeCommandTests: XCTestCase {
    /// A copy of the sample project (three heads) in a temporary directory.
    func sampleCopy(_ name: String) throws -> URL {
        let directory = try Harness.temporaryDirectory(self, name)
        let copy = directory.appendingPathComponent("sample")
        try FileManager.default.copyItem(at: Harness.sampleProject, to: copy)
        return copy
    }

    func versions(_ project: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: project.appendingPathComponent("migrations/versions").path)
            .filter { $0.hasSuffix(".py") }.sorted()
    }

    /// The text with its `Create Date:` value blanked: the two tools ran at different times.
    func withoutDate(_ text: String) -> String {
        text.components(separatedBy: "\n").map { $0.hasPrefix("Create Date: ") ? "Create Date: <date>" : $0 }
            .joined(separator: "\n")
    }

    func testMergeOfHeadsIsAlembicsFile() throws {
        let oracle = try Harness.oracle()
        let a = try sampleCopy("merge-alembic")
        let b = try sampleCopy("merge-retort")
        let args = ["merge", "3d6c8b1e5f27", "b7f2e9d4a613", "6a4f2c8e0b95", "-m", "Merge the three heads!", "--rev-id", "0a1b2c3d4e5f"]
        let alembic = try oracle.alembic(["-c", a.appendingPathComponent("alembic.ini").path] + args)
        XCTAssertEqual(alembic.exit, 0, alembic.stderr)
        let retort = try Harness.retort(["-c", b.appendingPathComponent("alembic.ini").path] + args + ["--yes"])
        XCTAssertEqual(retort.exit, 0, retort.stderr)
        let name = "0a1b2c3d4e5f_merge_the_three_heads.py"
        XCTAssertEqual(try versions(a), try versions(b))
        XCTAssertTrue(try versions(b).contains(name))
        let path = b.appendingPathComponent("migrations/versions/\(name)").path
        XCTAssertEqual(retort.stdout, "Generating \(path) ... done\n")
        let expected = try String(contentsOf: a.appendingPathComponent("migrations/versions/\(name)"), encoding: .utf8)
        let actual = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(withoutDate(actual), withoutDate(expected))
        // The date is now, as Python prints a datetime.
        let date = actual.components(separatedBy: "\n").first { $0.hasPrefix("Create Date: ") } ?? ""
        XCTAssertNotNil(date.range(of: #"^Create Date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$"#, options: .regularExpression), date)
        // Alembic reads Retort's file: one head now.
        let heads = try oracle.alembic(["-c", b.appendingPathComponent("alembic.ini").path, "heads"])
        XCTAssertEqual(heads.stdout, "0a1b2c3d4e5f (reporting, blog) (head)\n")
    }

    func testTimezoneFileTemplateAndGeneratedID() throws {
        let b = try sampleCopy("merge-template")
        let ini = b.appendingPathComponent("alembic.ini")
        var text = try String(contentsOf: ini, encoding: .utf8).components(separatedBy: "\n")
            .filter { !$0.hasPrefix("file_template") && !$0.hasPrefix("timezone") && !$0.hasPrefix("truncate_slug_length") }
            .joined(separator: "\n")
        text = text.replacingOccurrences(of: "[alembic]\n", with: "[alembic]\ntimezone = UTC\nfile_template = %%(year)d_%%(month).2d_%%(rev)s_%%(slug)s\ntruncate_slug_length = 8\n")
        try text.write(to: ini, atomically: true, encoding: .utf8)
        let run = try Harness.retort(["-c", ini.path, "merge", "heads", "-m", "merge everything now", "--yes"])
        XCTAssertEqual(run.exit, 0, run.stderr)
        let all = try versions(b)
        let made = all.filter { !$0.contains("_create_") && !$0.contains("_add_") && !$0.contains("_index_") && !$0.contains("_merge_order") }
        XCTAssertEqual(made.count, 1, "\(all)")
        let name = made.first ?? ""
        XCTAssertNotNil(name.range(of: #"^\d{4}_\d\d_[0-9a-f]{12}_merge_\.py$"#, options: .regularExpression), name)
        let written = try String(contentsOfFile: b.appendingPathComponent("migrations/versions/\(name)").path, encoding: .utf8)
        XCTAssertTrue(written.contains("+00:00\n"), written)
    }

    func testATemplateThatCannotBeRenderedWritesNothing() throws {
        let b = try sampleCopy("merge-bad-template")
        let template = b.appendingPathComponent("migrations/script.py.mako")
        try "\"\"\"${message}\"\"\"\n% while True:\nx\n".write(to: template, atomically: true, encoding: .utf8)
        let before = try versions(b)
        let run = try Harness.retort(["-c", b.appendingPathComponent("alembic.ini").path, "merge", "heads", "-m", "m", "--yes"])
        XCTAssertEqual(run.exit, 2)
        XCTAssertEqual(run.stderr, "FAILED: \(template.path):2: cannot render the template: the control line '% while True:' is not supported\n")
        XCTAssertEqual(try versions(b), before)
    }

    func testNotAHeadNeedsSplice() throws {
        let b = try sampleCopy("merge-splice")
        let run = try Harness.retort(["-c", b.appendingPathComponent("alembic.ini").path, "merge", "1f3a9c2b7d40", "3d6c8b1e5f27", "-m", "m", "--yes"])
        XCTAssertEqual(run.exit, 2)
        XCTAssertEqual(
            run.stderr,
            "FAILED: Revision 1f3a9c2b7d40 is not a head revision; please specify --splice to create a new branch from this revision\n")
    }

    func testWithoutATerminalMergeNeedsYes() throws {
        let b = try sampleCopy("merge-no-terminal")
        let before = try versions(b)
        let run = try Harness.retort(["-c", b.appendingPathComponent("alembic.ini").path, "merge", "heads", "-m", "m"])
        XCTAssertEqual(run.exit, 5)
        XCTAssertEqual(
            run.stderr, "FAILED: not written: merge asks for confirmation on a terminal; pass --yes to write without one\n")
        XCTAssertEqual(try versions(b), before)
    }
}
