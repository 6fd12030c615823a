import Foundation
import XCTest

@testable import MigrationCore

/// The version table in live SQLite and PostgreSQL databases: read, created and changed
/// as Alembic does it.
final class VersionTableOnlineTests: XCTestCase {
    private func sqlite() throws -> any DatabaseConnection {
        let dir = try DatabaseTestSupport.temporaryDirectory(self)
        return try DatabaseURL("sqlite:///\(dir)/app.db").connect()
    }

    private func postgres() throws -> any DatabaseConnection {
        try DatabaseTestSupport.freshPostgresDatabase(self).connect()
    }

    // MARK: Both dialects

    private func checkMissingTableReadsEmpty(_ db: any DatabaseConnection) throws {
        let table = VersionTable()
        XCTAssertFalse(try table.exists(on: db))
        XCTAssertEqual(try table.revisions(on: db), [])
        XCTAssertFalse(try table.exists(on: db), "reading created the table")
    }

    private func checkRowChanges(_ db: any DatabaseConnection) throws {
        let table = VersionTable()
        XCTAssertTrue(try table.createIfMissing(on: db))
        XCTAssertFalse(try table.createIfMissing(on: db))
        XCTAssertEqual(try table.revisions(on: db), [])
        try table.apply(.insert("aaaa00000001"), on: db)
        try table.apply(.insert("bbbb00000002"), on: db)
        try table.apply(.update(from: "aaaa00000001", to: "cccc00000003"), on: db)
        XCTAssertEqual(try table.revisions(on: db).sorted(), ["bbbb00000002", "cccc00000003"])
        try table.apply(.delete("bbbb00000002"), on: db)
        XCTAssertEqual(try table.revisions(on: db), ["cccc00000003"])
        // A row that is not there: the compare-and-swap matches nothing, and says so as Alembic does.
        XCTAssertThrowsError(try table.apply(.update(from: "aaaa00000001", to: "dddd00000004"), on: db)) { error in
            XCTAssertEqual((error as! DatabaseError).kind, .versionTable)
            XCTAssertEqual(
                "\(error)",
                "Online migration expected to match one row when updating 'aaaa00000001' to 'dddd00000004' "
                    + "in 'alembic_version'; 0 found")
        }
        XCTAssertThrowsError(try table.apply(.delete("bbbb00000002"), on: db)) { error in
            XCTAssertEqual(
                "\(error)",
                "Online migration expected to match one row when deleting 'bbbb00000002' in 'alembic_version'; 0 found")
        }
        XCTAssertThrowsError(try table.apply(.insert("cccc00000003"), on: db), "the primary key lets a head in twice")
        XCTAssertEqual(try table.revisions(on: db), ["cccc00000003"])
        XCTAssertEqual(try table.deleteAll(on: db), 1)
        XCTAssertEqual(try table.revisions(on: db), [])
    }

    /// Rows changed inside a transaction that is rolled back are not changed.
    private func checkChangesFollowTheTransaction(_ db: any DatabaseConnection) throws {
        let table = VersionTable(name: "versions_tx")
        try table.create(on: db)
        try table.apply(.insert("aaaa00000001"), on: db)
        try db.begin()
        try table.apply(.update(from: "aaaa00000001", to: "bbbb00000002"), on: db)
        try db.rollback()
        XCTAssertEqual(try table.revisions(on: db), ["aaaa00000001"])
    }

    func testSQLite() throws {
        let db = try sqlite()
        try checkMissingTableReadsEmpty(db)
        try checkRowChanges(db)
        try checkChangesFollowTheTransaction(db)
    }

    func testPostgreSQL() throws {
        let db = try postgres()
        try checkMissingTableReadsEmpty(db)
        try checkRowChanges(db)
        try checkChangesFollowTheTransaction(db)
    }

    // MARK: The table's definition

    /// SQLite keeps the CREATE text; it is the text Alembic 1.20.1 leaves there.
    func testSQLiteTableIsAlembics() throws {
        let db = try sqlite()
        try VersionTable().create(on: db)
        XCTAssertEqual(
            try db.query("SELECT type, name, sql FROM sqlite_master ORDER BY name"),
            [
                [
                    "table", "alembic_version",
                    "CREATE TABLE alembic_version (\n\tversion_num VARCHAR(32) NOT NULL, \n"
                        + "\tCONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)",
                ],
                ["index", "sqlite_autoindex_alembic_version_1", nil],
            ])
    }

    func testPostgreSQLTableIsAlembics() throws {
        let db = try postgres()
        try VersionTable().create(on: db)
        XCTAssertEqual(
            try db.query(
                """
                SELECT column_name, data_type, character_maximum_length::text, is_nullable
                FROM information_schema.columns WHERE table_name = 'alembic_version'
                """),
            [["version_num", "character varying", "32", "NO"]])
        XCTAssertEqual(
            try db.query(
                "SELECT conname, contype FROM pg_constraint WHERE conrelid = 'alembic_version'::regclass"),
            [["alembic_version_pkc", "p"]])
    }

    func testPostgreSQLNameTooLong() throws {
        let db = try postgres()
        let name = String(repeating: "v", count: 60)
        XCTAssertThrowsError(try VersionTable(name: name).create(on: db)) { error in
            XCTAssertEqual("\(error)", "Identifier '\(name)_pkc' exceeds maximum length of 63 characters")
        }
    }

    // MARK: Names and schemas

    func testPostgreSQLSchemaAndSearchPath() throws {
        let db = try postgres()
        try db.execute("CREATE SCHEMA audit")
        let inSchema = VersionTable(name: "Versions", schema: "audit")
        try inSchema.create(on: db)
        try inSchema.apply(.insert("aaaa00000001"), on: db)
        XCTAssertEqual(try db.query("SELECT version_num FROM audit.\"Versions\""), [["aaaa00000001"]])
        XCTAssertEqual(try inSchema.revisions(on: db), ["aaaa00000001"])
        // Not on the search path, so not found without the schema.
        XCTAssertFalse(try VersionTable(name: "Versions").exists(on: db))
        XCTAssertFalse(try VersionTable(name: "versions", schema: "audit").exists(on: db), "names are case-sensitive")
        try db.execute("SET search_path TO audit, public")
        XCTAssertEqual(try VersionTable(name: "Versions").revisions(on: db), ["aaaa00000001"])
    }

    func testSQLiteAttachedSchema() throws {
        let db = try sqlite()
        try db.execute("ATTACH DATABASE ':memory:' AS other")
        let table = VersionTable(name: "my_versions", schema: "other")
        try table.create(on: db)
        try table.apply(.insert("aaaa00000001"), on: db)
        XCTAssertEqual(try table.revisions(on: db), ["aaaa00000001"])
        XCTAssertFalse(try VersionTable(name: "my_versions").exists(on: db))
        XCTAssertTrue(try VersionTable(name: "MY_VERSIONS", schema: "other").exists(on: db), "SQLite names ignore case")
    }
}
