import XCTest
@testable import MigrationCore

/// Replaying operations gives the tables as the database would have them.
final class SchemaModelTests: XCTestCase {
    /// The typed operations of `upgrade()` in a script made of `body`.
    func operations(_ body: String, dialect: String = "sqlite") throws -> [MigrationCore.Operation] {
        let source = "from alembic import op\nimport sqlalchemy as sa\n\ndef upgrade():\n" + body
        let evaluation = try Evaluator.evaluate(source: Array(source.utf8), path: "t.py", function: "upgrade", dialect: dialect)
        XCTAssertEqual(evaluation.unsupported, [])
        let built = OperationBuilder(path: "t.py", dialect: dialect).build(evaluation.calls)
        XCTAssertEqual(built.unsupported, [])
        return built.operations
    }

    func testReplayFollowsEveryChange() throws {
        var model = SchemaModel()
        model.apply(
            try operations(
                """
                    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True),
                        sa.Column("name", sa.String(50), nullable=False, index=True))
                    op.add_column("users", sa.Column("email", sa.String(100)))
                    op.alter_column("users", "email", new_column_name="mail", nullable=False)
                    op.create_index("ix_users_mail", "users", ["mail"], unique=True)
                    op.rename_table("users", "people")
                    op.drop_column("people", "name")

                """), revision: "r1")
        let people = try model.table("people", schema: nil).get()
        XCTAssertEqual(people.columns.map(\.name), ["id", "mail"])
        XCTAssertEqual(people.columns[1].nullable, false)
        XCTAssertEqual(people.indexes.map(\.name), ["ix_users_mail"])  // ix_users_name went with its column
        XCTAssertThrowsError(try model.table("users", schema: nil).get())
    }

    func testRawDDLMakesATableUncertain() throws {
        var model = SchemaModel()
        model.apply(
            try operations(
                """
                    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True))
                    op.create_table("u", sa.Column("id", sa.Integer(), primary_key=True))
                    op.execute("ALTER TABLE t ADD COLUMN x INTEGER")
                    op.execute("UPDATE u SET id = 1")

                """), revision: "r2")
        XCTAssertThrowsError(try model.table("t", schema: nil).get()) { error in
            XCTAssertEqual("\(error)", "the shape of table t is not known: revision r2 changes it with raw SQL at line 7")
        }
        XCTAssertNoThrow(try model.table("u", schema: nil).get())
    }
}
