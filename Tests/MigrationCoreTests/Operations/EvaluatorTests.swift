import XCTest
@testable import MigrationCore

/// The Python the evaluator follows, checked by the operations a script produces.
final class EvaluatorTests: XCTestCase {
    /// `ops` lines of upgrade() for `dialect`, and the reasons it stopped.
    func run(_ module: String, dialect: String = "sqlite", offline: Bool = true) throws -> (ops: [String], reasons: [String]) {
        let evaluation = try Evaluator.evaluate(
            source: Array(module.utf8), path: "s.py", function: "upgrade", dialect: dialect, offline: offline)
        let built = OperationBuilder(path: "s.py", dialect: dialect).build(evaluation.calls)
        let d = Dialect(rawValue: dialect)!
        return (
            built.operations.map { OperationText.line($0, dialect: d) },
            (evaluation.unsupported + built.unsupported).map(\.description)
        )
    }

    func testNamesLoopsFormattingAndHelpers() throws {
        let script = """
            from alembic import op
            import sqlalchemy as sa
            from sqlalchemy.dialects import postgresql

            TABLES = ["a", "b"]
            PREFIX = "t_"

            def make(name, *extra, nullable=True):
                return sa.Column(name, sa.String(length=10 * 2), *extra, nullable=nullable)

            def upgrade():
                for i, table in enumerate(TABLES):
                    op.create_table(PREFIX + table, sa.Column("id", sa.Integer(), primary_key=True))
                    op.add_column("%s%s" % (PREFIX, table), make(f"col_{i}", nullable=False))
                first, *rest = TABLES
                op.execute("UPDATE {} SET x = {}".format(PREFIX + first, len(rest)))
                names = {t: t.upper() for t in TABLES if t != "b"}
                for key, value in names.items():
                    op.create_index("ix_" + key, PREFIX + key, [value.lower()])
                if op.get_bind().dialect.name == "postgresql":
                    op.add_column("t_a", sa.Column("doc", postgresql.JSONB()))
                else:
                    op.add_column("t_a", sa.Column("doc", sa.JSON()))
            """
        XCTAssertEqual(
            try run(script).ops,
            [
                "create table t_a (id INTEGER)", "add column t_a.col_0 VARCHAR(20) NOT NULL", "create table t_b (id INTEGER)",
                "add column t_b.col_1 VARCHAR(20) NOT NULL", "execute: UPDATE t_a SET x = 1", "create index ix_a on t_a (a)",
                "add column t_a.doc JSON",
            ])
        XCTAssertEqual(try run(script, dialect: "postgresql").ops.last, "add column t_a.doc JSONB")
    }

    func testBatchAndAutocommitBlocks() throws {
        let script = """
            from alembic import op
            import sqlalchemy as sa

            def upgrade():
                with op.batch_alter_table("t", schema=None) as batch_op:
                    batch_op.add_column(sa.Column("x", sa.Integer()))
                    batch_op.create_index(batch_op.f("ix_t_x"), ["x"])
                with op.get_context().autocommit_block():
                    op.create_index("ix_c", "t", ["x"], postgresql_concurrently=True)
            """
        XCTAssertEqual(
            try run(script).ops,
            ["batch on t: add column t.x INTEGER; create index ix_t_x on t (x)", "create index ix_c on t (x)"])
        let evaluation = try Evaluator.evaluate(source: Array(script.utf8), path: "s.py", function: "upgrade", dialect: "postgresql")
        XCTAssertEqual(evaluation.calls.map(\.inAutocommitBlock), [false, true])
    }

    func testWhatCannotBeKnownIsReportedWhereItStarts() throws {
        let script = """
            from alembic import op
            import sqlalchemy as sa
            from myapp.models import STATUSES

            def upgrade():
                op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True))
                conn = op.get_bind()
                count = conn.execute(sa.text("SELECT count(*) FROM t")).scalar()
                if count:
                    op.drop_table("t")
                op.add_column("t", sa.Column("s", sa.Enum(*STATUSES, name="s")))
            """
        let result = try run(script)
        XCTAssertEqual(result.ops, ["create table t (id INTEGER)", "execute: SELECT count(*) FROM t"])
        XCTAssertEqual(
            result.reasons,
            ["s.py:8: the result of the query at line 8 (known only when the migration runs); the `if` at line 9 depends on it"])
    }

    func testTryIsFollowedOfflineOnly() throws {
        let script = """
            from alembic import op

            def upgrade():
                try:
                    op.drop_index("ix")
                except Exception:
                    pass
            """
        XCTAssertEqual(try run(script).ops, ["drop index ix"])
        XCTAssertEqual(
            try run(script, offline: false).reasons, ["s.py:4: try/except (what runs depends on errors at run time)"])
    }

    func testHostileInputEndsWithAReason() throws {
        let recursion = """
            from alembic import op

            def f(n):
                return f(n + 1)

            def upgrade():
                f(0)
            """
        XCTAssertEqual(try run(recursion).reasons, ["s.py:4: calls nested more than 40 deep"])
        let hugeLoop = """
            from alembic import op

            def upgrade():
                for i in range(10 ** 9):
                    op.execute("SELECT 1")
            """
        XCTAssertEqual(try run(hugeLoop).reasons.count, 1)
        let repetition = """
            from alembic import op

            def upgrade():
                op.execute("x" * 100000000)
            """
        XCTAssertEqual(try run(repetition).reasons, ["s.py:4: a string of more than 10 MB; op.execute at line 4 needs it"])
    }
}
