import XCTest
@testable import Browser
import MigrationCore

/// `S` on rows a plain stamp cannot move (ids no script has, a row held twice) offers
/// `--purge`; rows it can move are stamped without it.
final class StampPurgeTests: XCTestCase {
    func testRowsNoScriptHasAreStampedWithPurge() throws {
        let graph = try HeadsPickerTests.sampleGraph()
        let target = try XCTUnwrap(graph.indexByID["e2b4f6a8c0d1"])
        for rows in [["deadbeef0000", "3d6c8b1e5f27"], ["3d6c8b1e5f27", "3d6c8b1e5f27"]] {
            let (request, plan) = try BrowserAction.stamp.plan(node: target, graph: graph, rows: rows)
            guard case .stamp(let targets, let purge) = request else { return XCTFail("not a stamp: \(request)") }
            XCTAssertEqual(targets, ["e2b4f6a8c0d1"])
            XCTAssertTrue(purge, "\(rows)")
            XCTAssertTrue(plan.purge)
        }
        let (request, _) = try BrowserAction.stamp.plan(node: target, graph: graph, rows: ["3d6c8b1e5f27"])
        guard case .stamp(_, let purge) = request else { return XCTFail("not a stamp") }
        XCTAssertFalse(purge)
    }
}
