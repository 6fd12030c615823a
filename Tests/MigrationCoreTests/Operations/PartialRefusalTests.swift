import Foundation
import XCTest

@testable import MigrationCore

/// A function refused part way: the output is what comes before the refused operation,
/// never the operations after it as if they ran alone.
final class PartialRefusalTests: XCTestCase {
    func testNothingAfterAnOperationThatCannotBeBuilt() throws {
        let body = try ScriptRendering.render(
            """
            def upgrade():
                op.create_table('a', sa.Column('id', sa.Integer, primary_key=True))
                op.add_column('a', sa.Column('x', sa.NoSuchType()))
                op.drop_table('b')
            """, test: self)
        XCTAssertFalse(body.isInterpretable)
        XCTAssertEqual(body.operations.count, 1)
        XCTAssertEqual(body.statements.count, 1)
        XCTAssertTrue(body.statements[0].hasPrefix("CREATE TABLE a"), body.statements[0])
        XCTAssertFalse(body.statements.contains { $0.contains("DROP TABLE b") })
    }
}
