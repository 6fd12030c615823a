import Foundation
import XCTest
@testable import MigrationCore

/// The body cache gives back the function that was rendered: every operation field, the
/// SQL and the lines, for every script the tests have (the fixtures and the real
/// histories), and it is really read, and only under the stamp it was kept with.
final class RevisionBodyCacheTests: XCTestCase {
    /// Every body the cache would keep, written and read back: the same bytes when written
    /// again, the same statements, the same SQL rendered again from the decoded
    /// operations, and the same schema when they are applied.
    func testEveryKeptBodyComesBackWhole() throws {
        var paths = Self.fixtureScripts()
        do {
            paths += try RealHistories.files().filter { !$0.hasSuffix("/__init__.py") }
        } catch is XCTSkip {
            print("note: the real histories are not here; the fixtures alone are checked")
        }
        var kept = 0
        var failures: [String] = []
        for path in paths {
            for dialect in [Dialect.sqlite, .postgresql] {
                for body in RevisionBody.renderBoth(Revision(id: "r", path: path), dialect: dialect)
                where RevisionBodyCache.isKept(body) {
                    kept += 1
                    if let failure = Self.roundTripFailure(body) { failures.append("\(path) \(dialect) \(body.direction): \(failure)") }
                }
            }
        }
        XCTAssertEqual(failures, [])
        // Not a test that cannot fail: the fixtures alone keep hundreds of functions.
        XCTAssertGreaterThan(kept, 150)
        print("checked \(kept) kept functions of \(paths.count) scripts")
    }

    /// Kept under a stamp, a body is what the next read gets, without the script being
    /// read (the kept one here is not what the script says); another stamp reads it.
    func testKeptBodyIsReadUnderItsStampOnly() throws {
        let (directory, script) = try Self.project()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["RETORT_CACHE_DIR": directory.path]
        let graph = try RevisionGraph(revisions: [Revision(id: "a1", path: script)])
        let functions = RevisionFunctions(graph: graph, dialect: .sqlite, cacheKey: "k", environment: environment, loaded: nil)

        XCTAssertEqual(functions.upgrades(of: [0])[0].statements.first?.hasPrefix("CREATE TABLE accounts"), true)
        // What the first read kept is read back, and decoded whole.
        var cache = RevisionBodyCache(key: "k", dialect: .sqlite, environment: environment)
        let stamp = try XCTUnwrap(FileStamp(path: script))
        let saved = try XCTUnwrap(cache.lookup(graph.revisions[0], .upgrade, dialect: .sqlite, stamp, position: 0))
        XCTAssertEqual(saved.operations.count, 1)

        // A body kept under the script's stamp stands in for the script.
        var planted = saved
        planted.statements = ["SELECT 'kept'"]
        cache.store(planted, stamp)
        cache.save(leading: [(script, .upgrade)], paths: [script])
        XCTAssertEqual(functions.upgrades(of: [0])[0].statements, ["SELECT 'kept'"])
        XCTAssertEqual(
            RevisionFunctions(graph: graph, dialect: .sqlite).upgrades(of: [0])[0].statements.first?.hasPrefix("CREATE TABLE accounts"),
            true, "without a cache the script is read")

        // The script changes: its new stamp misses, and the script is read again.
        try Self.script(table: "ledgers").write(toFile: script, atomically: true, encoding: .utf8)
        try Self.settle(script)
        XCTAssertEqual(functions.upgrades(of: [0])[0].statements.first?.hasPrefix("CREATE TABLE ledgers"), true)
        let off = RevisionFunctions(
            graph: graph, dialect: .sqlite, cacheKey: "k", environment: environment.merging(["RETORT_NO_CACHE": "1"]) { $1 },
            loaded: nil)
        XCTAssertEqual(off.upgrades(of: [0])[0].statements.first?.hasPrefix("CREATE TABLE ledgers"), true)
    }

    /// A payload that does not decode (damaged, or laid out by another build) is a miss.
    func testDamagedPayloadIsAMiss() throws {
        let (directory, script) = try Self.project()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environment = ["RETORT_CACHE_DIR": directory.path]
        let stamp = try XCTUnwrap(FileStamp(path: script))
        let body = RevisionBody.render(Revision(id: "a1", path: script), .upgrade, dialect: .sqlite)
        var writer = CacheWriter()
        writer.body(body)
        let whole = writer.bytes
        for damaged in [Array(whole.dropLast()), whole + [0], [UInt8](repeating: 7, count: whole.count)] {
            var entries = StampedEntries(
                file: CacheFiles.file("bodies-offline-sqlite-" + CacheFiles.hash("k"), environment: environment),
                version: RevisionBodyCache.formatVersion)
            entries.store(StampedEntries.Key(path: script, variant: 1), stamp: stamp, payload: damaged)
            entries.save()
            let cache = RevisionBodyCache(key: "k", dialect: .sqlite, environment: environment)
            XCTAssertNil(cache.lookup(Revision(id: "a1", path: script), .upgrade, dialect: .sqlite, stamp, position: 0))
        }
    }

    /// Why `body` does not come back whole from its cache bytes, or nil when it does.
    static func roundTripFailure(_ body: RevisionBody) -> String? {
        var writer = CacheWriter()
        writer.body(body)
        let bytes = writer.bytes
        let decoded: RevisionBody? = bytes.withUnsafeBytes { raw in
            var decoder = OperationDecoder(CacheReader(raw))
            guard let body = try? decoder.body(Revision(id: body.revision, path: body.path), body.direction, dialect: body.dialect),
                decoder.reader.atEnd
            else { return nil }
            return body
        }
        guard let decoded else { return "does not decode" }
        var again = CacheWriter()
        again.body(decoded)
        if again.bytes != bytes { return "written again, the bytes differ" }
        if decoded.statements != body.statements || decoded.statementLines != body.statementLines { return "the statements differ" }
        if decoded.warnings != body.warnings || decoded.needsSchema != body.needsSchema { return "the warnings or flags differ" }
        // The operations render as the originals do, one by one.
        for (original, read) in zip(body.operations, decoded.operations) {
            var first = SQLRenderer(dialect: body.dialect)
            var second = SQLRenderer(dialect: body.dialect)
            if (try? first.statements(original)) != (try? second.statements(read)) { return "line \(original.line) renders differently" }
        }
        var before = SchemaModel()
        before.apply(body.operations, revision: "r")
        var after = SchemaModel()
        after.apply(decoded.operations, revision: "r")
        let ddl = { (model: SchemaModel) in (try? HistorySchema(model: model, dialect: body.dialect).ddl()) ?? "unwritable" }
        if ddl(before) != ddl(after) { return "the schema after it differs" }
        return nil
    }

    /// The revision scripts of the test fixtures.
    static func fixtureScripts() -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures").path
        let enumerator = FileManager.default.enumerator(atPath: root)
        var paths: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".py"), relative.contains("/versions/") { paths.append(root + "/" + relative) }
        }
        return paths.sorted()
    }

    /// A directory holding one settled script, `a1.py`, that creates `accounts`.
    static func project() throws -> (directory: URL, script: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bodycache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("a1.py").path
        try Self.script(table: "accounts").write(toFile: script, atomically: true, encoding: .utf8)
        try Self.settle(script)
        return (directory, script)
    }

    static func script(table: String) -> String {
        """
        import sqlalchemy as sa
        from alembic import op

        revision = "a1"
        down_revision = None


        def upgrade():
            op.create_table("\(table)", sa.Column("id", sa.Integer(), primary_key=True))


        def downgrade():
            op.drop_table("\(table)")

        """
    }

    /// Older than the two seconds a fresh file is distrusted for.
    static func settle(_ path: String) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: path)
    }
}
