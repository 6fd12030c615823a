import XCTest
@testable import MigrationCore

/// The pieces of the offline script that the end-to-end tests cannot reach yet: body
/// statements (no renderer produces them so far) and the row-count errors of a live run.
final class OfflineScriptTests: XCTestCase {
    /// Gives each upgrade the statements listed for its revision, and fails on "boom".
    struct ListedBodies: RevisionBodyProvider {
        var statements: [String: [String]]

        func statements(for step: MigrationStep, dialect: Dialect) throws -> [String] {
            guard let id = step.revision?.id else { return [] }
            if id == "boom" { throw CommandFailure(.uninterpretable, "cannot render boom") }
            return statements[id, default: []].map { $0.replacingOccurrences(of: "DIALECT", with: dialect.rawValue) }
        }
    }

    func graph(_ ids: [String]) throws -> RevisionGraph {
        var revisions: [Revision] = []
        for (index, id) in ids.enumerated() {
            revisions.append(Revision(id: id, downRevisions: index == 0 ? [] : [ids[index - 1]]))
        }
        return try RevisionGraph(revisions: revisions)
    }

    /// Alembic strips each statement and turns tabs into four spaces, then adds `;` and a
    /// blank line; the body comes between the comment and the version row.
    func testBodyStatementsAreStrippedAndTerminated() throws {
        let g = try graph(["a", "b"])
        let plan = try MigrationPlan.upgrade(g, to: "b", from: ["a"])
        let bodies = ListedBodies(statements: ["b": ["\nCREATE TABLE t (\n\tid INTEGER\n)\n\n", "DROP TABLE u_DIALECT"]])
        XCTAssertEqual(
            try OfflineScript.render(plan, .init(dialect: .postgresql, transactionPerMigration: true), bodies: bodies),
            """
            BEGIN;

            -- Running upgrade a -> b

            CREATE TABLE t (
                id INTEGER
            );

            DROP TABLE u_postgresql;

            UPDATE alembic_version SET version_num='b' WHERE alembic_version.version_num = 'a';

            COMMIT;


            """)
    }

    func testAFailingBodyStopsTheWholeScript() throws {
        let g = try graph(["a", "boom", "c"])
        let plan = try MigrationPlan.upgrade(g, to: "c", from: [])
        XCTAssertThrowsError(try OfflineScript.render(plan, .init(dialect: .sqlite), bodies: ListedBodies(statements: [:]))) {
            XCTAssertEqual(($0 as? CommandFailure)?.message, "cannot render boom")
        }
    }

    func testEmptyBodyProviderNamesTheRevisionFileAndLine() throws {
        let revision = Revision(
            id: "r1", path: "/p/versions/r1.py", upgradeLine: 20, downgradeLine: 24, upgradeIsEmpty: true)
        let g = try RevisionGraph(revisions: [revision])
        let up = try MigrationPlan.upgrade(g, to: "r1", from: [])
        XCTAssertEqual(try EmptyBodyProvider().statements(for: up.steps[0], dialect: .sqlite), [])
        let down = try MigrationPlan.downgrade(g, to: "base", from: ["r1"])
        XCTAssertThrowsError(try EmptyBodyProvider().statements(for: down.steps[0], dialect: .sqlite)) {
            XCTAssertEqual(
                $0 as? CommandFailure,
                CommandFailure(.uninterpretable, "not supported yet: rendering the SQL of r1 (/p/versions/r1.py:24)"))
        }
    }

    /// The errors a live run reports when an UPDATE or DELETE does not touch one row.
    func testRowCountErrorsUseAlembicsWording() {
        XCTAssertNil(VersionChange.update(from: "a", to: "b").rowCountError(found: 1, table: "alembic_version"))
        XCTAssertNil(VersionChange.insert("a").rowCountError(found: 0, table: "alembic_version"))
        XCTAssertEqual(
            VersionChange.update(from: "a", to: "b").rowCountError(found: 0, table: "alembic_version")?.message,
            "Online migration expected to match one row when updating 'a' to 'b' in 'alembic_version'; 0 found")
        XCTAssertEqual(
            VersionChange.delete("a").rowCountError(found: 2, table: "versions")?.message,
            "Online migration expected to match one row when deleting 'a' in 'versions'; 2 found")
    }
}
