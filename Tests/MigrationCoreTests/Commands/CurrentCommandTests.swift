import Foundation
import XCTest

@testable import MigrationCore

/// `current` on the sample project's graph, from given version-table rows (no database).
final class CurrentCommandTests: XCTestCase {
    private static let sample: String = {
        do {
            return try DemoProject.writeTemporary(prefix: "retort-sample") + "/alembic.ini"
        } catch {
            fatalError("cannot write the sample project: \(error)")
        }
    }()

    private func graph() throws -> RevisionGraph {
        var options = ProjectOptions()
        options.configFiles = [Self.sample]
        return try LoadedProject.load(options).graph()
    }

    private func current(_ rows: [String], _ options: CurrentCommand.Options = .init()) throws -> String {
        let database = DatabaseRows(
            url: try DatabaseURL("postgresql://app:secret@db/shop"), table: VersionTable(), rows: rows)
        var out = ""
        try CurrentCommand.run(try graph(), database, options, to: &out)
        return out
    }

    func testNoRowsPrintNothing() throws {
        XCTAssertEqual(try current([]), "")
        XCTAssertEqual(try current([], .init(verbose: true)), "Current revision(s) for postgresql://app:***@db/shop:\n")
    }

    /// A revision that depends on another branch brings that branch's tip along, as
    /// Alembic's `get_all_current` does; the lines come in script order.
    func testDependencyTipIsListed() throws {
        XCTAssertEqual(try current(["6a4f2c8e0b95"]), "1f3a9c2b7d40\n6a4f2c8e0b95 (head)\n")
        XCTAssertEqual(
            try current(["e2b4f6a8c0d1", "58d0c3e7a9f1"]), "58d0c3e7a9f1\ne2b4f6a8c0d1 (branchpoint) (mergepoint)\n")
    }

    func testCheckHeads() throws {
        XCTAssertThrowsError(try current(["3d6c8b1e5f27", "b7f2e9d4a613"], .init(checkHeads: true))) { error in
            XCTAssertEqual(error as? CommandFailure, CommandFailure(.database, "Database is not on all head revisions"))
        }
        let heads = ["3d6c8b1e5f27", "b7f2e9d4a613", "6a4f2c8e0b95"]
        XCTAssertEqual(
            try current(heads, .init(checkHeads: true)), "3d6c8b1e5f27 (head)\n6a4f2c8e0b95 (head)\nb7f2e9d4a613 (head)\n")
    }

    func testUnknownRowIsNamed() throws {
        XCTAssertThrowsError(try current(["3d6c8b1e5f27", "0000deadbeef", "feedface0000"])) { error in
            XCTAssertEqual(
                "\(error)",
                "Can't locate revisions identified by '0000deadbeef', 'feedface0000': the version table "
                    + "'alembic_version' holds them, but no revision script has these ids")
            XCTAssertEqual((error as? CommandFailure)?.status, .project)
        }
    }

    func testVerboseEntries() throws {
        let text = try current(["a93f0b4c6e12"], .init(verbose: true))
        XCTAssertTrue(text.hasPrefix("Current revision(s) for postgresql://app:***@db/shop:\nRev: a93f0b4c6e12\nParent: 7c2d5e8f1a64\n"))
        XCTAssertTrue(text.hasSuffix("\n\n"), "each entry ends with a blank line")
    }
}
