import XCTest

@testable import MigrationCore

/// A function Retort cannot interpret leaves uncertain only what its code may touch: the
/// Inspector still answers about the other tables in the revisions after it.
final class SchemaFootprintTests: XCTestCase {
    /// A schema with tables `file` and `folder`.
    func twoTables() -> SchemaModel {
        var model = SchemaModel()
        for name in ["file", "folder"] {
            var table = TableSpec(name: name)
            table.columns = [ColumnSpec(name: "id")]
            model.apply(Operation(kind: .createTable(table), line: 1), revision: "r0")
        }
        return model
    }

    func question(_ method: String, _ arguments: [PyValue] = []) -> InspectorQuestion {
        InspectorQuestion(method: method, arguments: arguments, keywords: [], path: "t.py", line: 1)
    }

    func describe(_ answer: InspectorAnswer) -> String {
        switch answer {
        case .value(let value): return PythonFormat.repr(value)
        case .unknown(let reason): return "unknown: " + reason
        case .raises(let exception): return "raises \(exception.type)"
        }
    }

    /// A data migration that reads rows offline, renames some and rebuilds one table.
    static let readsRows = """
        import logging
        import re
        logger = logging.getLogger(__name__)

        def _rename(conn, file_id, name):
            base, ext = name.rsplit(".", 1)
            conn.execute(sa.text("UPDATE file SET name = :n WHERE id = :i"), {"n": base + "_2." + ext, "i": file_id})

        def upgrade():
            conn = op.get_bind()
            rows = conn.execute(sa.text("SELECT id, name FROM file -- every one")).fetchall()
            for file_id, name in rows:
                if re.match(r".*\\.txt$", name):
                    _rename(conn, file_id, name)
            logger.info("renamed %d", len(rows))
            with op.batch_alter_table("file", recreate="always") as batch_op:
                batch_op.create_unique_constraint("uq_file_name", ["name"])
        """

    func testAReadOfRowsLeavesOnlyTheTableItRebuildsUncertain() throws {
        let body = try ScriptRendering.render(Self.readsRows, dialect: .postgresql, test: self)
        XCTAssertFalse(body.isInterpretable)
        XCTAssertEqual(body.footprint?.unbounded, nil)
        XCTAssertEqual(body.footprint?.reshaped, [SchemaModel.Key("file", schema: nil)])
        XCTAssertEqual(body.footprint?.appearing, [])

        var model = twoTables()
        model.apply(body, reason: "revision a1 before it cannot be interpreted")
        let inspector = HistoryInspector(schema: model, dialect: .postgresql)
        XCTAssertEqual(describe(inspector.answer(question("get_table_names"))), "['alembic_version', 'file', 'folder']")
        XCTAssertEqual(describe(inspector.answer(question("has_table", [.string("folder")]))), "True")
        XCTAssertEqual(
            describe(inspector.answer(question("get_columns", [.string("file")]))),
            "unknown: table file is not known for sure: revision a1 before it cannot be interpreted")
        XCTAssertNoThrow(try model.table("folder", schema: nil).get())
    }

    func testACallIntoCodeRetortCannotReadLeavesEverythingUncertain() throws {
        let body = try ScriptRendering.render(
            """
            from myapp.maintenance import rebuild

            def upgrade():
                conn = op.get_bind()
                for row in conn.execute(sa.text("SELECT id FROM file")).fetchall():
                    rebuild(conn, row.id)
            """, dialect: .postgresql, test: self)
        XCTAssertFalse(body.isInterpretable)
        XCTAssertEqual(body.footprint?.unbounded, "calls myapp.maintenance.rebuild at line 11")
        var model = twoTables()
        model.apply(body, reason: "revision a1 before it cannot be interpreted")
        XCTAssertThrowsError(try model.table("folder", schema: nil).get())
        let inspector = HistoryInspector(schema: model, dialect: .postgresql)
        XCTAssertEqual(
            describe(inspector.answer(question("get_table_names"))),
            "unknown: the tables are not known for sure: revision a1 before it cannot be interpreted")
    }

    /// A helper the script imports from a module not on the path may be the project's
    /// own, using `op` without being handed it: even with only literal arguments, it is
    /// not assumed to leave the schema alone.
    func testAHelperNotOnThePathIsNotAssumedHarmless() throws {
        let body = try ScriptRendering.render(
            """
            from myapp.migration_utils import create_table_if_missing

            def upgrade():
                conn = op.get_bind()
                for row in conn.execute(sa.text("SELECT id FROM file")).fetchall():
                    pass
                create_table_if_missing("archive")
            """, dialect: .postgresql, test: self)
        XCTAssertFalse(body.isInterpretable)
        XCTAssertEqual(body.footprint?.unbounded, "calls myapp.migration_utils.create_table_if_missing at line 12")
    }

    /// A method of the script's own classes is read even when its name is one that is
    /// harmless elsewhere (`dict.update`).
    func testAMethodOfTheScriptIsReadWhateverItsName() throws {
        let body = try ScriptRendering.render(
            """
            class Cleanup:
                def update(self):
                    op.drop_table("folder")

            def upgrade():
                for row in op.get_bind().execute(sa.text("SELECT id FROM file")).fetchall():
                    Cleanup.update(row)
            """, dialect: .postgresql, test: self)
        XCTAssertFalse(body.isInterpretable)
        XCTAssertEqual(body.footprint?.unbounded, nil)
        XCTAssertEqual(body.footprint?.appearing, [SchemaModel.Key("folder", schema: nil)])
    }

    /// A name bound in one branch, or later in a loop, may hold either value where it is
    /// used: both tables are in the footprint.
    func testATableNameBoundInABranchCountsEveryValue() throws {
        let body = try ScriptRendering.render(
            """
            def upgrade():
                conn = op.get_bind()
                name = "file"
                for row in conn.execute(sa.text("SELECT id FROM file")).fetchall():
                    op.add_column(name, sa.Column("x", sa.Integer()))
                    name = "folder"
                target = "file"
                if conn.execute(sa.text("SELECT 1")).scalar():
                    target = "archive"
                op.drop_column(target, "y")
            """, dialect: .postgresql, test: self)
        XCTAssertFalse(body.isInterpretable)
        XCTAssertEqual(body.footprint?.unbounded, nil)
        XCTAssertEqual(
            body.footprint?.reshaped,
            [SchemaModel.Key("file", schema: nil), SchemaModel.Key("folder", schema: nil), SchemaModel.Key("archive", schema: nil)])
    }

    func testATableItMayCreateLeavesTheListOfTablesOpen() throws {
        let body = try ScriptRendering.render(
            """
            def upgrade():
                conn = op.get_bind()
                if conn.execute(sa.text("SELECT count(*) FROM file")).scalar() > 0:
                    op.create_table("archive", sa.Column("id", sa.Integer(), primary_key=True))
            """, dialect: .postgresql, test: self)
        XCTAssertFalse(body.isInterpretable)
        XCTAssertEqual(body.footprint?.appearing, [SchemaModel.Key("archive", schema: nil)])
        var model = twoTables()
        model.apply(body, reason: "revision a1 before it cannot be interpreted")
        let inspector = HistoryInspector(schema: model, dialect: .postgresql)
        XCTAssertEqual(
            describe(inspector.answer(question("get_table_names"))),
            "unknown: the tables are not known for sure: revision a1 before it cannot be interpreted")
        XCTAssertEqual(
            describe(inspector.answer(question("has_table", [.string("archive")]))),
            "unknown: table archive is not known for sure: revision a1 before it cannot be interpreted")
        XCTAssertEqual(describe(inspector.answer(question("has_table", [.string("folder")]))), "True")
    }

    func testSQLTextIsBoundedByItsLeadingWords() {
        let hole: Character = "\u{0}"
        XCTAssertEqual(SQLTextEffect.of("UPDATE t SET a = 1; SELECT 1; -- done", hole: hole), .rows)
        XCTAssertEqual(SQLTextEffect.of("ALTER TABLE t ADD COLUMN x INTEGER", hole: hole), .reshapes(["t"]))
        XCTAssertEqual(SQLTextEffect.of("ALTER TABLE \"T\" RENAME COLUMN a TO b", hole: hole), .reshapes(["T"]))
        XCTAssertEqual(SQLTextEffect.of("CREATE UNIQUE INDEX ix ON t (a)", hole: hole), .reshapes(["t"]))
        XCTAssertEqual(SQLTextEffect.of("ALTER TABLE t RENAME TO u", hole: hole), .unknown("ALTER TABLE t"))
        XCTAssertEqual(SQLTextEffect.of("DROP TABLE t", hole: hole), .unknown("DROP TABLE t"))
        XCTAssertEqual(SQLTextEffect.of("ALTER TABLE \(hole) ADD COLUMN x INTEGER", hole: hole), .unknown("ALTER TABLE \(hole)"))
        XCTAssertEqual(SQLTextEffect.of("UPDATE \(hole) SET a = 1", hole: hole), .rows)
    }
}
