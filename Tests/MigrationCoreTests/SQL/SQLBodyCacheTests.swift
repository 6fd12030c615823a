import Foundation
import XCTest
@testable import MigrationCore

/// The SQL cache keeps a function's statements per script stamp, and is really read.
final class SQLBodyCacheTests: XCTestCase {
    func testStatementsComeBackForTheSameStampOnly() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sqlcache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("a.py").path
        try "x = 1\n".write(toFile: script, atomically: true, encoding: .utf8)
        // Older than the two seconds a fresh file is distrusted for.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: script)
        let environment = ["RETORT_CACHE_DIR": directory.path]
        let stamp = try XCTUnwrap(FileStamp(path: script))

        var cache = SQLBodyCache(key: "k", dialect: .sqlite, environment: environment)
        cache.store(script, upgrade: true, stamp, ["CREATE TABLE t (id INTEGER)"])
        cache.save()

        let reread = SQLBodyCache(key: "k", dialect: .sqlite, environment: environment)
        XCTAssertEqual(reread.lookup(script, upgrade: true, stamp), ["CREATE TABLE t (id INTEGER)"])
        XCTAssertNil(reread.lookup(script, upgrade: false, stamp))
        XCTAssertNil(SQLBodyCache(key: "k", dialect: .postgresql, environment: environment).lookup(script, upgrade: true, stamp))
        var changed = stamp
        changed.size += 1
        XCTAssertNil(reread.lookup(script, upgrade: true, changed))
        let off = SQLBodyCache(key: "k", dialect: .sqlite, environment: environment.merging(["RETORT_NO_CACHE": "1"]) { $1 })
        XCTAssertNil(off.lookup(script, upgrade: true, stamp))
    }
}
