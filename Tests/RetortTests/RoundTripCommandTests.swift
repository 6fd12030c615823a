import Foundation
import XCTest

/// `retort check --roundtrip`: a fixture with three downgrades that do not undo their
/// upgrades (a column left behind, an index not dropped, a type not restored) names
/// exactly those three, on SQLite and PostgreSQL, as the same round trip run through
/// Alembic does (Benchmarks/roundtrip_alembic.py); a generated project round-trips whole;
/// the real histories run as far as Retort can write them.
final class RoundTripCommandTests: XCTestCase {
    let fixture = Harness.packageRoot.appendingPathComponent("Tests/Fixtures/roundtrip")

    static let expected = """
        r2: the downgrade does not restore the schema:
            accounts: column nickname VARCHAR(30): left behind
        r3: the downgrade does not restore the schema:
            accounts: index ix_accounts_name (name): left behind
        r4: the downgrade does not restore the schema:
            accounts: column bio: VARCHAR(200) before the upgrade, VARCHAR(100) after the downgrade

        """

    func testFixtureOnSQLiteNamesTheThreeBrokenDowngrades() throws {
        let run = try Harness.retort(["check", "--roundtrip"], cwd: fixture)
        XCTAssertEqual(run.exit, 2, run.stderr)
        XCTAssertEqual(run.stdout, Self.expected + "FAILED: 3 of 5 revisions do not round-trip on a scratch SQLite file (removed after)\n")
        XCTAssertEqual(run.stderr, "FAILED: 3 revisions do not round-trip\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.appendingPathComponent("roundtrip.db").path))

        let json = try JSONSerialization.jsonObject(with: Data(try Harness.retort(["check", "--roundtrip", "--json"], cwd: fixture).stdout.utf8)) as? [String: Any]
        let revisions = (json?["revisions"] as? [[String: Any]]) ?? []
        XCTAssertEqual(revisions.map { "\($0["revision"]!) \($0["round_trips"]!)" }, ["r1 1", "r2 0", "r3 0", "r4 0", "r5 1"])

        let part = try Harness.retort(["check", "--roundtrip", "r4:r5"], cwd: fixture)
        XCTAssertEqual(part.exit, 2, part.stderr)
        XCTAssertTrue(part.stdout.hasPrefix("r4: the downgrade does not restore the schema:\n"), part.stdout)
        XCTAssertTrue(part.stdout.hasSuffix("FAILED: 1 of 2 revisions do not round-trip on a scratch SQLite file (removed after)\n"), part.stdout)
        let clean = try Harness.retort(["check", "--roundtrip", "r5:r5"], cwd: fixture)
        XCTAssertEqual(clean.exit, 0, clean.stdout + clean.stderr)
        XCTAssertEqual(clean.stdout, "OK: 1 revision round-trip on a scratch SQLite file (removed after)\n")
    }

    func testFixtureOnPostgreSQLUsesADatabaseItDrops() throws {
        guard let server = Harness.environment["RETORT_TEST_PG_URL"] else {
            print("SKIP: RETORT_TEST_PG_URL is not set")
            throw XCTSkip("no PostgreSQL server")
        }
        let run = try Harness.retort(["--url", server, "check", "--roundtrip"], cwd: fixture)
        XCTAssertEqual(run.exit, 2, run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix(Self.expected), run.stdout)
        XCTAssertTrue(run.stdout.contains("FAILED: 3 of 5 revisions do not round-trip on a scratch PostgreSQL database (retort_scratch_"), run.stdout)
        let names = try Harness.run(
            try Harness.oracle().python,
            ["-c", "import sys, psycopg2; c = psycopg2.connect(sys.argv[1]); cur = c.cursor(); "
                + "cur.execute(\"SELECT count(*) FROM pg_database WHERE datname LIKE 'retort_scratch_%'\"); print(cur.fetchone()[0])",
             server])
        XCTAssertEqual(names.stdout, "0\n", "the scratch database is dropped: \(names.stderr)")
    }

    /// The same round trip through Alembic names the same revisions.
    func testAlembicNamesTheSameRevisions() throws {
        let oracle = try Harness.oracle()
        let directory = try Harness.temporaryDirectory(self, "roundtrip-alembic")
        let run = try Harness.run(
            oracle.python,
            [Harness.packageRoot.appendingPathComponent("Benchmarks/roundtrip_alembic.py").path,
             fixture.appendingPathComponent("alembic.ini").path, "sqlite:///" + directory.appendingPathComponent("a.db").path])
        XCTAssertEqual(run.exit, 0, run.stderr)
        let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(document?["failed"] as? [String], ["r2", "r3", "r4"])
    }

    /// Generated downgrades undo their upgrades: every revision round-trips, branches and merges included.
    func testGeneratedProjectRoundTrips() throws {
        let oracle = try Harness.oracle()
        let project = try Harness.temporaryDirectory(self, "roundtrip-generated")
        try oracle.makeProject(project, shape: "mixed", count: 40, seed: 7)
        let run = try Harness.retort(["check", "--roundtrip"], cwd: project)
        XCTAssertEqual(run.exit, 0, run.stdout + run.stderr)
        XCTAssertEqual(run.stdout, "OK: 40 revisions round-trip on a scratch SQLite file (removed after)\n")
    }

    /// The real histories, on SQLite, up to the first upgrade Retort cannot write (their
    /// first revisions mostly import the application): at least `floors` revisions each.
    func testRealHistoriesRunAsFarAsRetortWritesThem() throws {
        let root = try Harness.histories()
        let floors = ["zenml": 2, "langflow": 1, "dagster": 6, "phoenix": 2, "jupyterhub": 1]
        for (name, floor) in floors.sorted(by: { $0.key < $1.key }) {
            let project = try Harness.temporaryDirectory(self, "roundtrip-\(name)")
            try FileManager.default.createDirectory(at: project.appendingPathComponent("migrations"), withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(
                at: project.appendingPathComponent("migrations/versions"), withDestinationURL: root.appendingPathComponent(name))
            try "[alembic]\nscript_location = %(here)s/migrations\n".write(
                to: project.appendingPathComponent("alembic.ini"), atomically: true, encoding: .utf8)
            let run = try Harness.retort(["check", "--roundtrip", "--json"], cwd: project)
            XCTAssertTrue([0, 2, 3].contains(run.exit), "\(name): \(run.stderr)")
            let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            let revisions = (document?["revisions"] as? [[String: Any]]) ?? []
            print("\(name): \(revisions.count) revisions checked; stopped: \(document?["stopped"] as? String ?? "no")")
            XCTAssertGreaterThanOrEqual(revisions.count, floor, "\(name): \(run.stdout)")
            if name == "dagster" {
                // Its first downgrade raises on purpose: the round trip says so.
                XCTAssertTrue((revisions.first?["downgrade_failure"] as? String)?.hasSuffix("raises an exception") == true, "\(revisions.first ?? [:])")
            }
        }
    }
}
