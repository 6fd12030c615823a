import XCTest

@testable import MigrationCore

/// PostgreSQL's enum types as the schema model follows them through raw type DDL, each
/// statement form read, and what it cannot read left uncertain rather than guessed.
final class EnumTypesTests: XCTestCase {
    func applied(_ statements: [String]) -> SchemaModel {
        var model = SchemaModel()
        for (line, sql) in statements.enumerated() {
            model.apply(Operation(kind: .execute(.text(sql)), line: line + 1), revision: "r1")
        }
        return model
    }

    func labels(_ model: SchemaModel) -> [String] {
        model.enumTypes.labels.sorted { ($0.key.schema ?? "", $0.key.name) < ($1.key.schema ?? "", $1.key.name) }.map {
            ($0.key.schema.map { $0 + "." } ?? "") + $0.key.name + ": " + $0.value.joined(separator: ", ")
        }
    }

    func testEveryStatementFormIsFollowed() {
        let model = applied([
            "CREATE TYPE status AS ENUM ('new', 'done');",
            "ALTER TYPE status ADD VALUE 'started' BEFORE 'done'",
            "ALTER TYPE status ADD VALUE 'archived' AFTER 'done'",
            "ALTER TYPE status ADD VALUE IF NOT EXISTS 'new'",
            "ALTER TYPE status ADD VALUE 'held'",
            "ALTER TYPE status RENAME VALUE 'held' TO 'paused'",
            "CREATE TYPE \"Mood\" AS ENUM ('sad')",
            "CREATE TYPE audit.level AS ENUM ('low', 'high')",
            "ALTER TYPE audit.level RENAME TO grade",
            "CREATE TYPE scratch AS ENUM ()",
            "DROP TYPE IF EXISTS scratch, never_made CASCADE",
        ])
        XCTAssertEqual(
            labels(model), ["Mood: sad", "status: new, started, done, archived, paused", "audit.grade: low, high"])
        XCTAssertNil(model.enumTypes.uncertain)
        XCTAssertNil(model.uncertainEverywhere, "type DDL leaves the tables alone")
    }

    /// A column of a renamed type names the new type, as the catalogue then says.
    func testARenamedTypeRenamesItsColumns() {
        var model = SchemaModel()
        var type = SQLType(name: "Enum")
        type.enumValues = ["a"]
        type.enumName = "old_name"
        var table = TableSpec(name: "t")
        var column = ColumnSpec(name: "c")
        column.type = type
        table.columns = [column]
        model.apply(Operation(kind: .createTable(table), line: 1), revision: "r1")
        XCTAssertEqual(labels(model), ["old_name: a"])
        model.apply(Operation(kind: .execute(.text("ALTER TYPE old_name RENAME TO new_name")), line: 2), revision: "r2")
        XCTAssertEqual(labels(model), ["new_name: a"])
        XCTAssertEqual(model.tables[SchemaModel.Key("t", schema: nil)]?.columns.first?.type?.enumName, "new_name")
        // Dropping the table leaves the type, as op.drop_table does.
        model.apply(Operation(kind: .dropTable(name: "t", schema: nil, ifExists: false), line: 3), revision: "r3")
        XCTAssertEqual(labels(model), ["new_name: a"])
    }

    /// Type DDL that cannot be read (a label of a type the history never made, a composite
    /// type, a drop of an unknown type without IF EXISTS) makes the types uncertain.
    func testWhatCannotBeReadIsUncertain() {
        for statement in [
            "ALTER TYPE nowhere ADD VALUE 'x'", "CREATE TYPE pair AS (a int, b int)", "DROP TYPE unknown_type",
            "ALTER TYPE status OWNER TO admin",
        ] {
            let model = applied(["CREATE TYPE status AS ENUM ('a')", statement])
            XCTAssertEqual(
                model.enumTypes.uncertain, "revision r1 changes them with raw SQL at line 2", "\(statement) is not read")
        }
        // Statements about tables are not type DDL, even with TYPE in them.
        let model = applied(["CREATE TYPE status AS ENUM ('a')", "ALTER TABLE t ALTER COLUMN c TYPE status USING c::status"])
        XCTAssertNil(model.enumTypes.uncertain)
    }
}
