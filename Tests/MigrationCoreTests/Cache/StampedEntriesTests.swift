import XCTest
@testable import MigrationCore

/// The cache storage: entries found in the saved order and out of it, stale stamps
/// missing, and what a save keeps.
final class StampedEntriesTests: XCTestCase {
    var directory = ""
    var file: String { directory + "/entries.bin" }

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "retort-entries-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private let old = FileStamp(size: 1, modified: 1_000_000_000, changed: 2, inode: 3, device: 4)

    private func key(_ path: String, _ variant: UInt8 = 0) -> StampedEntries.Key {
        StampedEntries.Key(path: path, variant: variant)
    }

    private func payload(_ text: String) -> [UInt8] {
        var writer = CacheWriter()
        writer.string(text)
        return writer.bytes
    }

    private func read(_ entries: StampedEntries, _ key: StampedEntries.Key, at position: Int, stamp: FileStamp? = nil)
        -> String?
    {
        entries.lookup(key, stamp: stamp ?? old, position: position) { $0.string() }
    }

    private func saved(_ pairs: [(StampedEntries.Key, String)]) {
        var entries = StampedEntries(file: file, version: 9)
        for (key, text) in pairs { entries.store(key, stamp: old, payload: payload(text)) }
        entries.save()
    }

    func testEntriesAreFoundInOrderAndOutOfOrder() {
        saved([(key("/a"), "A"), (key("/b"), "B"), (key("/b", 1), "B1")])
        let entries = StampedEntries(file: file, version: 9)
        XCTAssertEqual(entries.savedCount, 3)
        XCTAssertEqual(read(entries, key("/a"), at: 0), "A")
        XCTAssertEqual(read(entries, key("/b", 1), at: 2), "B1")
        // A wrong position hint falls back to the table.
        XCTAssertEqual(read(entries, key("/b"), at: 0), "B")
        XCTAssertEqual(read(entries, key("/a"), at: 7), "A")
        XCTAssertNil(read(entries, key("/c"), at: 0))
        XCTAssertNil(read(entries, key("/a", 1), at: 0))
    }

    func testAChangedStampMisses() {
        saved([(key("/a"), "A")])
        let entries = StampedEntries(file: file, version: 9)
        var changed = old
        changed.changed += 1
        XCTAssertNil(read(entries, key("/a"), at: 0, stamp: changed))
    }

    func testAnotherVersionOrADamagedFileIsIgnored() throws {
        saved([(key("/a"), "A")])
        XCTAssertEqual(StampedEntries(file: file, version: 8).savedCount, 0)
        var bytes = try XCTUnwrap(FileManager.default.contents(atPath: file))
        bytes.removeLast()
        try bytes.write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(StampedEntries(file: file, version: 9).savedCount, 0)
    }

    func testSaveKeepingWritesExactlyTheListedKeysInOrder() {
        saved([(key("/a"), "A"), (key("/b"), "B"), (key("/c"), "C")])
        var entries = StampedEntries(file: file, version: 9)
        entries.store(key("/d"), stamp: old, payload: payload("D"))
        entries.save(keeping: [key("/c"), key("/d"), key("/a"), key("/gone")])
        let reopened = StampedEntries(file: file, version: 9)
        XCTAssertEqual(reopened.savedCount, 3)
        XCTAssertEqual(read(reopened, key("/c"), at: 0), "C")
        XCTAssertEqual(read(reopened, key("/d"), at: 1), "D")
        XCTAssertEqual(read(reopened, key("/a"), at: 2), "A")
        XCTAssertNil(read(reopened, key("/b"), at: 0))
    }

    func testSaveWithoutAListAddsFreshEntriesAfterTheSavedOnes() {
        saved([(key("/a"), "A")])
        var entries = StampedEntries(file: file, version: 9)
        entries.store(key("/z"), stamp: old, payload: payload("Z"))
        entries.store(key("/a"), stamp: old, payload: payload("A2"))
        entries.save()
        let reopened = StampedEntries(file: file, version: 9)
        XCTAssertEqual(read(reopened, key("/z"), at: 0), "Z")
        XCTAssertEqual(read(reopened, key("/a"), at: 1), "A2")
    }

    func testANewFileIsNotStored() {
        var entries = StampedEntries(file: file, version: 9)
        var now = old
        now.modified = Int64(PhaseTimer.wallClock() * 1e9)
        entries.store(key("/a"), stamp: now, payload: payload("A"))
        XCTAssertFalse(entries.hasFreshEntries)
    }
}
