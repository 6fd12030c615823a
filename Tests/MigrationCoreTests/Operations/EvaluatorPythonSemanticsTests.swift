import Foundation
import XCTest

@testable import MigrationCore

/// Python that real histories write and Alembic follows: sets (each item once, in an
/// order Python picks), `next()` over a generator, `with a, b:`, the environment,
/// `MigrationContext.as_sql`, consecutive autocommit blocks, and an Inspector asked
/// offline inside a `try` (Alembic's connection raises there, and the script decides).
final class EvaluatorPythonSemanticsTests: XCTestCase {
    func testASetHoldsEachItemOnceAndItsLineIsKept() throws {
        let body = try ScriptRendering.render(
            """
            NAMES = {"a", "b", "a"}

            def upgrade():
                for name in NAMES:
                    op.drop_table(name)
                for name in sorted(set(["c", "c"])):
                    op.drop_table(name)
            """, test: self)
        XCTAssertEqual(ScriptRendering.reasons(body), [])
        XCTAssertEqual(body.statements.sorted(), ["DROP TABLE a", "DROP TABLE b", "DROP TABLE c"])
        XCTAssertEqual(body.unorderedSets.map { $0 - ScriptRendering.header }, [1], "the set of two names; set([c, c]) has one")
    }

    func testNextTakesTheFirstItemOrTheDefault() throws {
        let body = try ScriptRendering.render(
            """
            COLUMNS = [{"name": "id"}, {"name": "title"}]

            def upgrade():
                found = next((c for c in COLUMNS if c["name"] == "title"), None)
                missing = next((c for c in COLUMNS if c["name"] == "body"), None)
                if found is not None and missing is None:
                    op.drop_column("post", found["name"])
                next(c for c in COLUMNS if c["name"] == "nothing")
            """, test: self)
        XCTAssertEqual(body.statements, ["ALTER TABLE post DROP COLUMN title"])
        XCTAssertEqual(ScriptRendering.reasons(body), ["8: next() of an empty iterator raises StopIteration"])
    }

    /// `while` reads its test before every turn; `else` runs unless a `break` ended it;
    /// a test that rests on rows offline stops the function after the turns before it.
    func testWhileLoopsTestEachTurn() throws {
        let body = try ScriptRendering.render(
            """
            def upgrade():
                i = 0
                while i < 3:
                    i += 1
                    if i == 2:
                        continue
                    op.add_column("t", sa.Column("c%d" % i, sa.Integer()))
                else:
                    op.drop_column("t", "old")
                while True:
                    op.execute("SELECT 1")
                    break
                else:
                    op.execute("SELECT 2")
            """, test: self)
        XCTAssertEqual(ScriptRendering.reasons(body), [])
        XCTAssertEqual(
            body.statements,
            ["ALTER TABLE t ADD COLUMN c1 INTEGER", "ALTER TABLE t ADD COLUMN c3 INTEGER", "ALTER TABLE t DROP COLUMN old", "SELECT 1"])

        let rows = try ScriptRendering.render(
            """
            def upgrade():
                conn = op.get_bind()
                op.execute("UPDATE t SET a = 1")
                while conn.execute(sa.text("SELECT count(*) FROM t WHERE a IS NULL")).scalar():
                    op.execute("UPDATE t SET a = 2")
            """, test: self)
        // Offline, Alembic's mock connection writes the query into the script too.
        XCTAssertEqual(rows.statements, ["UPDATE t SET a = 1", "SELECT count(*) FROM t WHERE a IS NULL"])
        XCTAssertEqual(
            ScriptRendering.reasons(rows),
            ["4: the result of the query at line 4 (known only when the migration runs); the `while` at line 4 depends on it"])
    }

    /// airflow's UtcDateTime and ExtendedJSON: a `load_dialect_impl` that falls back on
    /// `super().load_dialect_impl(dialect)` (the impl) or asks `dialect.type_descriptor`,
    /// and the classes given to a Column uncalled, which SQLAlchemy instantiates.
    func testTypeDecoratorLoadersWithSuperAndUncalledClasses() throws {
        let source = """
            from sqlalchemy.dialects import mysql, postgresql

            class UtcDateTime(sa.types.TypeDecorator):
                impl = sa.TIMESTAMP(timezone=True)

                def load_dialect_impl(self, dialect):
                    if dialect.name == "mysql":
                        return mysql.TIMESTAMP(fsp=6)
                    return super().load_dialect_impl(dialect)

            class ExtendedJSON(sa.types.TypeDecorator):
                impl = sa.Text

                def load_dialect_impl(self, dialect):
                    if dialect.name == "postgresql":
                        return dialect.type_descriptor(postgresql.JSONB)
                    return dialect.type_descriptor(sa.JSON)

            def upgrade():
                op.add_column("t", sa.Column("at", UtcDateTime))
                op.add_column("t", sa.Column("data", ExtendedJSON, nullable=False))
                op.add_column("t", sa.Column("seen", UtcDateTime(), nullable=True))
            """
        let postgres = try ScriptRendering.render(source, dialect: .postgresql, test: self)
        XCTAssertEqual(ScriptRendering.reasons(postgres), [])
        XCTAssertEqual(
            postgres.statements,
            ["ALTER TABLE t ADD COLUMN at TIMESTAMP WITH TIME ZONE", "ALTER TABLE t ADD COLUMN data JSONB NOT NULL",
             "ALTER TABLE t ADD COLUMN seen TIMESTAMP WITH TIME ZONE"])
        let sqlite = try ScriptRendering.render(source, dialect: .sqlite, test: self)
        XCTAssertEqual(ScriptRendering.reasons(sqlite), [])
        XCTAssertEqual(
            sqlite.statements,
            ["ALTER TABLE t ADD COLUMN at TIMESTAMP", "ALTER TABLE t ADD COLUMN data JSON NOT NULL",
             "ALTER TABLE t ADD COLUMN seen TIMESTAMP"])
    }

    /// prefect's Pydantic type: a generic base (`TypeDecorator[T]`), an impl that is
    /// another TypeDecorator class of the module, and an `__init__` of its own that calls
    /// `super().__init__()` and may replace `self.impl`.
    func testATypeDecoratorWithItsOwnInitAndAnImplClassOfTheModule() throws {
        let source = """
            from typing import Any, TypeVar
            from sqlalchemy.dialects import postgresql, sqlite

            T = TypeVar("T")

            class JSON(sa.types.TypeDecorator[Any]):
                impl = postgresql.JSONB

                def load_dialect_impl(self, dialect):
                    if dialect.name == "postgresql":
                        return dialect.type_descriptor(postgresql.JSONB(none_as_null=True))
                    return dialect.type_descriptor(sqlite.JSON(none_as_null=True))

            class Pydantic(sa.types.TypeDecorator[T]):
                impl = JSON

                def __init__(self, pydantic_type, sa_column_type=None):
                    super().__init__()
                    self._pydantic_type = pydantic_type
                    if sa_column_type is not None:
                        self.impl = sa_column_type

            def upgrade():
                op.add_column("flow", sa.Column("settings", Pydantic(dict), nullable=False))
                op.add_column("flow", sa.Column("tags", Pydantic(list, sa.Text()), nullable=True))
            """
        let postgres = try ScriptRendering.render(source, dialect: .postgresql, test: self)
        XCTAssertEqual(ScriptRendering.reasons(postgres), [])
        XCTAssertEqual(
            postgres.statements, ["ALTER TABLE flow ADD COLUMN settings JSONB NOT NULL", "ALTER TABLE flow ADD COLUMN tags TEXT"])
        let sqlite = try ScriptRendering.render(source, dialect: .sqlite, test: self)
        XCTAssertEqual(ScriptRendering.reasons(sqlite), [])
        XCTAssertEqual(
            sqlite.statements, ["ALTER TABLE flow ADD COLUMN settings JSON NOT NULL", "ALTER TABLE flow ADD COLUMN tags TEXT"])
    }

    func testWithSeveralContextManagersNests() throws {
        let body = try ScriptRendering.render(
            """
            import contextlib
            import warnings

            @contextlib.contextmanager
            def noted():
                op.execute("SELECT 1")
                yield
                op.execute("SELECT 2")

            def upgrade():
                with warnings.catch_warnings(), noted(), op.batch_alter_table("t") as batch_op:
                    warnings.warn("changing t")
                    batch_op.drop_column("x")
            """, dialect: .postgresql, test: self)
        XCTAssertEqual(ScriptRendering.reasons(body), [])
        XCTAssertEqual(body.statements, ["SELECT 1", "ALTER TABLE t DROP COLUMN x", "SELECT 2"])
    }

    func testTheEnvironmentIsReadAndTheBodyIsNotCachedByTheScriptAlone() throws {
        setenv("RETORT_TEST_INDEX_MODE", "concurrently", 1)
        defer { unsetenv("RETORT_TEST_INDEX_MODE") }
        let body = try ScriptRendering.render(
            """
            import os

            def upgrade():
                concurrently = os.environ.get("RETORT_TEST_INDEX_MODE", "") == "concurrently"
                unset = os.getenv("RETORT_TEST_SURELY_UNSET", "fallback")
                op.create_index("ix_" + unset, "t", ["a"], postgresql_concurrently=concurrently)
            """, dialect: .postgresql, test: self)
        XCTAssertEqual(body.statements, ["CREATE INDEX CONCURRENTLY ix_fallback ON t (a)"])
        XCTAssertTrue(body.readsOutsideScript)
    }

    func testAsSqlIsTrueOfflineAndEachAutocommitBlockEndsTheTransaction() throws {
        let body = try ScriptRendering.render(
            """
            def upgrade():
                context = op.get_context()
                with context.autocommit_block():
                    if not context.as_sql:
                        op.get_bind().execute(sa.text("SELECT 1")).scalar()
                    op.execute("CREATE INDEX CONCURRENTLY ix_a ON t (a)")
                with context.autocommit_block():
                    op.execute("CREATE INDEX CONCURRENTLY ix_b ON t (b)")
                op.execute("ANALYZE t")
            """, dialect: .postgresql, test: self)
        XCTAssertEqual(ScriptRendering.reasons(body), [])
        XCTAssertEqual(
            body.statements,
            ["COMMIT", "CREATE INDEX CONCURRENTLY ix_a ON t (a)", "BEGIN", "COMMIT", "CREATE INDEX CONCURRENTLY ix_b ON t (b)",
             "BEGIN", "ANALYZE t"])
    }

    func testAnInspectorMadeOfflineInsideATryRaisesAsAlembicsConnectionDoes() throws {
        let caught = try ScriptRendering.render(
            """
            def upgrade():
                try:
                    inspector = sa.inspect(op.get_bind())
                    if "user" in inspector.get_table_names():
                        op.add_column("user", sa.Column("avatar", sa.String()))
                except Exception as error:
                    print(error)
                op.execute("SELECT 1")
            """, test: self)
        XCTAssertEqual(ScriptRendering.reasons(caught), [])
        XCTAssertEqual(caught.statements, ["SELECT 1"])

        let uncaught = try ScriptRendering.render(
            """
            def upgrade():
                try:
                    inspector = sa.inspect(op.get_bind())
                except KeyError:
                    pass
            """, test: self)
        XCTAssertEqual(ScriptRendering.reasons(uncaught), ["3: SQLAlchemy cannot inspect the connection offline (NoInspectionAvailable)"])
    }

    func testATypeClassWithAVisitNameAndCompiles() throws {
        let script = """
            from sqlalchemy import JSON
            from sqlalchemy.ext.compiler import compiles

            class JSONB(JSON):
                __visit_name__ = "JSONB"

            @compiles(JSONB, "sqlite")
            def _(*args, **kwargs):
                return "JSONB"

            def upgrade():
                op.add_column("t", sa.Column("doc", JSONB()))
            """
        XCTAssertEqual(try ScriptRendering.render(script, test: self).statements, ["ALTER TABLE t ADD COLUMN doc JSONB"])
        XCTAssertEqual(
            try ScriptRendering.render(script, dialect: .postgresql, test: self).statements, ["ALTER TABLE t ADD COLUMN doc JSONB"])
        let uncompiled = try ScriptRendering.render(
            """
            class Tree(sa.Text):
                __visit_name__ = "LTREE_OF_MINE"

            def upgrade():
                op.add_column("t", sa.Column("path", Tree()))
            """, test: self)
        XCTAssertEqual(ScriptRendering.reasons(uncompiled), ["5: Tree (visit name LTREE_OF_MINE) has no DDL SQLAlchemy can write for sqlite; op.add_column at line 5 needs it"])
    }
}

/// The raw DDL whose effect is certain: DROP TABLE and RENAME TO, and nothing that only
/// looks like them.
final class RawTableDDLTests: XCTestCase {
    func testTheStatementsItKnows() {
        XCTAssertEqual(RawTableDDL.parse(#"DROP TABLE "vertex_build" CASCADE"#), .dropTable("vertex_build", cascade: true, ifExists: false))
        XCTAssertEqual(RawTableDDL.parse("drop table if exists Jobs;"), .dropTable("jobs", cascade: false, ifExists: true))
        XCTAssertEqual(RawTableDDL.parse(#"ALTER TABLE "temp_message" RENAME TO "message""#), .renameTable("temp_message", to: "message"))
        for other in [
            "DROP TABLE a, b", "DROP TABLE a; DROP TABLE b", "DROP TABLE s.a", "ALTER TABLE a RENAME COLUMN x TO y",
            "ALTER TABLE a RENAME TO b -- done", #"DROP TABLE "we""ird""#, "DROP VIEW a",
        ] {
            XCTAssertNil(RawTableDDL.parse(other), other)
        }
    }
}

/// Which of a migration's statements a live run answers as reads: plain SELECTs, not
/// those that write or call a function that may change something.
final class LiveReadTests: XCTestCase {
    func testReadsAndStatementsThatOnlyLookLikeThem() {
        for read in [
            "SELECT id, state FROM jobs ORDER BY id", "SELECT count(*) FROM jobs WHERE state IN ('a', 'b')",
            "WITH t AS (SELECT max(id) AS m FROM jobs) SELECT coalesce(m, 0) FROM t",
            "SELECT CAST(id AS VARCHAR(20)) FROM jobs WHERE EXISTS (SELECT 1 FROM users)",
        ] {
            XCTAssertTrue(RevisionBody.isRead(read), read)
        }
        for other in [
            "SELECT setval('jobs_id_seq', 10)", "SELECT nextval('jobs_id_seq')", "SELECT my_cleanup()",
            "SELECT * FROM jobs FOR UPDATE", "SELECT * INTO copy FROM jobs", "UPDATE jobs SET x = 1",
            "WITH gone AS (DELETE FROM jobs RETURNING id) SELECT count(*) FROM gone", "SELECT 1; DROP TABLE jobs",
        ] {
            XCTAssertFalse(RevisionBody.isRead(other), other)
        }
    }
}
