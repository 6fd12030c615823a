import XCTest
@testable import MigrationCore

final class RevisionLoaderTests: XCTestCase {
    var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "retort-loader-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/cache", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func write(_ name: String, _ text: String, age: TimeInterval = 60) throws -> String {
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        // Old enough that the cache trusts the file's stamp.
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: path)
        return path
    }

    func testDuplicateIdWarnsAndKeepsBoth() throws {
        let a = try write("a.py", "revision = 'x1'\n")
        let b = try write("b.py", "revision = 'x1'\n")
        let result = RevisionLoader.load(paths: [a, b])
        XCTAssertEqual(result.revisions.map(\.path), [a, b])
        XCTAssertEqual(
            result.problems.map(\.message), ["Revision x1 is present more than once (also in \(a)); this later file is used"])
    }

    func testBrokenScriptDoesNotStopOthers() throws {
        let good = try write("good.py", "revision = 'g1'\n")
        let bad = try write("bad.py", "revision = 'b1'\nx = (\n")
        let result = RevisionLoader.load(paths: [bad, good])
        XCTAssertEqual(result.revisions.map(\.id), ["g1"])
        XCTAssertEqual(result.problems.map(\.path), [bad])
    }

    func testCacheIsUsedUntilTheFileChanges() throws {
        let environment = ["RETORT_CACHE_DIR": directory + "/cache"]
        let path = try write("r.py", "revision = 'r1'\n")
        XCTAssertEqual(RevisionLoader.load(paths: [path], cacheKey: "k", environment: environment).revisions.map(\.id), ["r1"])
        let cacheFiles = try FileManager.default.contentsOfDirectory(atPath: directory + "/cache")
        XCTAssertEqual(cacheFiles.count, 1)
        XCTAssertEqual(RevisionLoader.load(paths: [path], cacheKey: "k", environment: environment).revisions.map(\.id), ["r1"])

        // Same size, different content and stamp: the cache must not answer.
        _ = try write("r.py", "revision = 'r2'\n", age: 30)
        XCTAssertEqual(RevisionLoader.load(paths: [path], cacheKey: "k", environment: environment).revisions.map(\.id), ["r2"])
    }

    func testCachedEntriesRoundTripEveryField() throws {
        let environment = ["RETORT_CACHE_DIR": directory + "/cache"]
        let path = try write(
            "full.py",
            "\"\"\"msg\n\nCreate Date: 2020-01-01\n\"\"\"\nfrom x import Y\nrevision = 'f1'\ndown_revision = ('a', 'b')\n"
                + "branch_labels = ('l',)\ndepends_on = Y\ndef upgrade():\n    pass\n")
        let fresh = RevisionLoader.load(paths: [path], cacheKey: "k2", environment: environment)
        let cached = RevisionLoader.load(paths: [path], cacheKey: "k2", environment: environment)
        XCTAssertEqual(fresh.revisions, cached.revisions)
        XCTAssertEqual(fresh.problems, cached.problems)
        XCTAssertEqual(cached.revisions.first?.upgradeLine, 10)
    }

    func testDamagedCacheIsIgnored() throws {
        let environment = ["RETORT_CACHE_DIR": directory + "/cache"]
        let path = try write("d.py", "revision = 'd1'\n")
        _ = RevisionLoader.load(paths: [path], cacheKey: "k3", environment: environment)
        let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: directory + "/cache").first)
        let cacheFile = directory + "/cache/" + name
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: cacheFile))
        bytes = bytes.prefix(bytes.count / 2)
        try bytes.write(to: URL(fileURLWithPath: cacheFile))
        XCTAssertEqual(RevisionLoader.load(paths: [path], cacheKey: "k3", environment: environment).revisions.map(\.id), ["d1"])
    }
}

extension RevisionLoaderTests {
    /// An entry stored for a file's current stamp is what the loader returns: proof that
    /// lookups really use the cache rather than parse again.
    func testLoaderAnswersFromTheCacheForAnUnchangedFile() throws {
        let environment = ["RETORT_CACHE_DIR": directory + "/cache"]
        let path = try write("c.py", "revision = 'on-disk'\n")
        var cache = ScriptCache(key: "k4", environment: environment)
        let stamp = try XCTUnwrap(FileStamp(path: path))
        cache.store(path, stamp, .init(revision: Revision(id: "from-cache", path: path), problems: []))
        cache.save(paths: [path])
        XCTAssertEqual(
            RevisionLoader.load(paths: [path], cacheKey: "k4", environment: environment).revisions.map(\.id), ["from-cache"])
        XCTAssertEqual(
            RevisionLoader.load(paths: [path], cacheKey: "k4", environment: ["RETORT_NO_CACHE": "1"]).revisions.map(\.id),
            ["on-disk"])
    }
}

extension RevisionLoaderTests {
    /// The functions rendered from the loader's own parse are the ones rendering the
    /// script again gives; a script taken from the cache has none.
    func testBodiesRenderedWhileLoadingAreThoseRenderedLater() throws {
        let environment = ["RETORT_CACHE_DIR": directory + "/cache"]
        let path = try write(
            "b.py",
            "import sqlalchemy as sa\nfrom alembic import op\nrevision = 'b1'\ndown_revision = None\n"
                + "def upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True))\n"
                + "    op.create_index('ix_t_id', 't', ['id'])\n"
                + "def downgrade():\n    op.drop_table('t')\n")
        let request = RevisionLoader.BodyRequest(dialect: .postgresql, directions: [.upgrade])
        let loaded = RevisionLoader.load(paths: [path], cacheKey: "k5", environment: environment, bodies: request)
        let revision = try XCTUnwrap(loaded.revisions.first)
        let early = try XCTUnwrap(loaded.bodies.first ?? nil)
        XCTAssertEqual(early.map(\.direction), [.upgrade])
        let later = RevisionBody.render(revision, .upgrade, dialect: .postgresql)
        XCTAssertEqual(early[0].statements, later.statements)
        XCTAssertEqual(early[0].statements.count, 2)
        XCTAssertEqual(early[0].isInterpretable, later.isInterpretable)
        // From the cache: nothing was parsed, so nothing was rendered.
        let cached = RevisionLoader.load(paths: [path], cacheKey: "k5", environment: environment, bodies: request)
        XCTAssertEqual(cached.revisions, loaded.revisions)
        XCTAssertNil(cached.bodies.first ?? nil)
    }
}
