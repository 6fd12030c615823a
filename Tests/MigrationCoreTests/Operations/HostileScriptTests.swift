import Foundation
import XCTest

@testable import MigrationCore

/// Scripts written to break the evaluator and the renderer: deep nesting, recursion,
/// huge loops and literals, sizes that overflow 64 bits, odd identifiers. Each must end
/// in SQL or in a reason with its line, never a crash, a hang or a silently wrong value.
final class HostileScriptTests: XCTestCase {
    func render(_ source: String, dialect: Dialect = .sqlite) throws -> RevisionBody {
        try ScriptRendering.render(source, dialect: dialect, test: self)
    }

    func assertRefused(
        _ source: String, _ expected: [String], dialect: Dialect = .sqlite, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let body = try render(source, dialect: dialect)
        XCTAssertFalse(body.isInterpretable, file: file, line: line)
        XCTAssertEqual(ScriptRendering.reasons(body), expected, file: file, line: line)
    }

    func testTenThousandNestedParenthesesAreASyntaxErrorWithItsLine() throws {
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
        let body = try render("def upgrade():\n    x = \(deep)\n    op.execute('SELECT 1')\n")
        XCTAssertFalse(body.isInterpretable)
        XCTAssertEqual(body.statements, [])
        XCTAssertEqual(body.unsupported.count, 1)
        XCTAssertEqual(body.unsupported.first?.line, 7)
        XCTAssertTrue(body.unsupported.first?.reason.contains("too many nested") == true, "\(body.unsupported)")
    }

    func testNestingWithinTheParserLimitRenders() throws {
        let deep = String(repeating: "(", count: 60) + "'SELECT 1'" + String(repeating: ")", count: 60)
        let list = String(repeating: "[", count: 60) + "1" + String(repeating: "]", count: 60)
        let body = try render("def upgrade():\n    x = \(list)\n    op.execute(\(deep))\n")
        XCTAssertEqual(body.statements, ["SELECT 1"])
        XCTAssertTrue(body.isInterpretable, "\(body.unsupported)")
    }

    func testValuesThatGrowDeeperInALoopAreRefused() throws {
        try assertRefused(
            """
            def upgrade():
                a = []
                for i in range(50000):
                    a = [a]
                op.execute(str(len(a)))
            """,
            ["4: a value nested more than 100 levels deep; op.execute at line 5 needs it"])
        try assertRefused(
            """
            def upgrade():
                e = sa.column("x")
                for i in range(50000):
                    e = e + 1
                op.execute(sa.table("t", sa.column("x")).update().values(x=e))
            """,
            ["4: a value nested more than 100 levels deep; op.execute at line 5 needs it"])
    }

    func testRecursionStopsAtTheCallDepthLimit() throws {
        try assertRefused(
            """
            def f(n):
                return f(n + 1)

            def upgrade():
                op.execute("SELECT 1")
                f(0)
                op.execute("SELECT 2")
            """,
            ["2: calls nested more than 40 deep"])
        let mutual = try render(
            """
            def ping(n):
                return pong(n)

            def pong(n):
                return ping(n)

            loop = lambda: loop()

            def upgrade():
                ping(1)

            def downgrade():
                loop()
            """)
        XCTAssertEqual(ScriptRendering.reasons(mutual), ["2: calls nested more than 40 deep"])
        let lambda = try ScriptRendering.render(
            "loop = lambda: loop()\n\ndef downgrade():\n    loop()\n", .downgrade, test: self)
        XCTAssertEqual(ScriptRendering.reasons(lambda), ["1: calls nested more than 40 deep"])
    }

    func testHugeRangesAndLoopsStop() throws {
        try assertRefused(
            """
            def upgrade():
                for i in range(10 ** 12):
                    op.execute("SELECT %d" % i)
            """,
            ["2: a range of more than 100000 numbers; a loop at line 2 goes over it"])
        let nested = try render(
            """
            def upgrade():
                for i in range(1000):
                    for j in range(1000):
                        pass
                op.execute("SELECT 1")
            """)
        XCTAssertEqual(ScriptRendering.reasons(nested), ["3: a loop of more than 100000 iterations"])
        XCTAssertEqual(nested.statements, [])
        try assertRefused("def upgrade():\n    while True:\n        pass\n", ["2: a loop of more than 100000 iterations"])
    }

    func testStringsAndListsTooLargeToBuildAreRefused() throws {
        try assertRefused(
            "def upgrade():\n    op.execute('x' * 10 ** 9)\n",
            ["2: a string of more than 10 MB; op.execute at line 2 needs it"])
        try assertRefused(
            "def upgrade():\n    op.execute('ab' * (2 ** 62))\n",
            ["2: a string of more than 10 MB; op.execute at line 2 needs it"])
        try assertRefused(
            """
            def upgrade():
                s = "x"
                for i in range(40):
                    s = s + s
                op.execute(s)
            """,
            ["4: a string of more than 10 MB; op.execute at line 5 needs it"])
        try assertRefused(
            """
            def upgrade():
                rows = [1]
                for i in range(40):
                    rows = rows + rows
                op.execute(str(len(rows)))
            """,
            ["4: a list of more than 100,000 items; op.execute at line 5 needs it"])
        try assertRefused(
            "def upgrade():\n    op.execute(('a' * 1000000).replace('a', 'bbbbbbbbbbbbbbbbbbbbbbb'))\n",
            ["2: a string of more than 10 MB; op.execute at line 2 needs it"])
        try assertRefused(
            "def upgrade():\n    op.execute('{:>99999999999999999999}'.format(1))\n",
            ["2: this str.format call; op.execute at line 2 needs it"])
    }

    func testIntegersPast64BitsAreRefusedNotWrapped() throws {
        for expression in [
            "2 ** 64", "9223372036854775807 + 1", "-9223372036854775807 - 2", "3037000500 * 3037000500", "1 << 63",
            "-(-9223372036854775807 - 1)", "sum([9223372036854775807, 1])", "99999999999999999999",
        ] {
            let body = try render("def upgrade():\n    op.execute('SELECT %d' % (\(expression)))\n")
            XCTAssertFalse(body.isInterpretable, expression)
            XCTAssertEqual(body.statements, [], expression)
            XCTAssertTrue(body.unsupported.first?.reason.contains("integer too large") == true, "\(expression): \(body.unsupported)")
        }
        let body = try render(
            """
            def upgrade():
                op.execute('SELECT %d, %d, %d, %d, %d' % (-7 // 2, -7 % 3, 7 % -3, 2 ** 62, int(1e300) if False else 1 << 62))
            """)
        XCTAssertEqual(body.statements, ["SELECT -4, 2, -2, 4611686018427387904, 4611686018427387904"])
        try assertRefused(
            "def upgrade():\n    op.execute('SELECT %d' % int(1e300))\n",
            ["2: int() of float; op.execute at line 2 needs it"])
    }

    func testHugeLiteralsRender() throws {
        let long = String(repeating: "abc'", count: 250_000)
        let body = try render("def upgrade():\n    op.execute(sa.text('SELECT ' + \(PythonFormat.stringRepr("'" + long + "'"))))\n")
        XCTAssertTrue(body.isInterpretable, "\(body.unsupported)")
        XCTAssertEqual(body.statements, ["SELECT '" + long + "'"])
    }

    func testIdentifiersWithQuotesAndSpacesAreQuoted() throws {
        let source = """
            def upgrade():
                op.create_table(
                    'we"ird name',
                    sa.Column('Col "x"', sa.Integer, primary_key=True),
                    sa.Column('select', sa.String(5)),
                    sa.Column('ünï', sa.Text, server_default="it's"),
                )
                op.create_index('ix "q"', 'we"ird name', ['select'])
            """
        for dialect in [Dialect.sqlite, .postgresql] {
            let body = try render(source, dialect: dialect)
            XCTAssertTrue(body.isInterpretable, "\(body.unsupported)")
            XCTAssertEqual(
                body.statements,
                [
                    "CREATE TABLE \"we\"\"ird name\" (\n    \"Col \"\"x\"\"\" \(dialect == .sqlite ? "INTEGER" : "SERIAL") NOT NULL, \n"
                        + "    \"select\" VARCHAR(5), \n    \"ünï\" TEXT DEFAULT 'it''s', \n    PRIMARY KEY (\"Col \"\"x\"\"\")\n)",
                    "CREATE INDEX \"ix \"\"q\"\"\" ON \"we\"\"ird name\" (\"select\")",
                ], "\(dialect)")
        }
    }

    func testUnsupportedConstructsAreReportedWithTheirLines() throws {
        try assertRefused(
            """
            class Model:
                pass

            def upgrade():
                op.execute("SELECT 1")
                op.bulk_insert(Model.__table__, [])
            """,
            ["1: class Model (classes, such as ORM models, are not interpreted); op.bulk_insert at line 6 needs it"])
        try assertRefused(
            """
            from myapp.models import thing

            def upgrade():
                op.execute(thing.sql)
            """,
            ["1: `thing` is imported from myapp.models, which Retort does not read; op.execute at line 4 needs it"])
        try assertRefused(
            "def upgrade():\n    match 1:\n        case 1:\n            pass\n", ["2: a match statement"])
        try assertRefused(
            "async def upgrade():\n    pass\n", ["1: an async function"])
        // What would change a table copy's constraints without Retort following it.
        try assertRefused(
            """
            def upgrade():
                t = sa.Table("t", sa.MetaData(naming_convention={"uq": "uq_%(column_0_name)s"}), sa.Column("a", sa.Integer, unique=True))
                with op.batch_alter_table("t", copy_from=t) as batch_op:
                    batch_op.drop_column("a")
            """,
            ["2: a MetaData with a naming_convention is not supported yet"])
        try assertRefused(
            """
            def upgrade():
                t = sa.Table("t", sa.MetaData(), sa.Column("a", sa.Integer))
                with op.batch_alter_table("t", copy_from=t, table_args=(sa.CheckConstraint("a > 0"),)) as batch_op:
                    batch_op.alter_column("a", nullable=False)
            """,
            ["3: batch_alter_table(table_args=...) in a table copy is not supported yet"])
        // Options of the dialect being written that would change the SQL are refused; the
        // other dialect's are ignored, as SQLAlchemy ignores them.
        let indexWith = "def upgrade():\n    op.create_index('ix', 't', ['a'], postgresql_with={'fillfactor': 50})\n"
        try assertRefused(indexWith, ["2: the option postgresql_with of an index is not supported yet"], dialect: .postgresql)
        XCTAssertEqual(try render(indexWith, dialect: .sqlite).statements, ["CREATE INDEX ix ON t (a)"])
        try assertRefused(
            "def upgrade():\n    op.add_column('t', sa.Column('A', sa.Integer, quote=True))\n",
            ["2: Column(quote=True) is not supported yet"])
    }
}
