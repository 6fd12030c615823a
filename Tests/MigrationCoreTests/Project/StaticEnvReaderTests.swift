import Foundation
import XCTest

@testable import MigrationCore

/// env.py read as text, without a Python: the forms people write for the URL, what
/// `configure()` is given literally, and what stays unknown (with its line).
final class StaticEnvReaderTests: XCTestCase {
    func read(
        _ source: String, environment: [String: String] = [:], configured: String? = "driver://user:pass@localhost/dbname",
        x: [String] = [], dotenv: String? = nil
    ) throws -> EnvSettings {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("retort-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("env.py")
        try source.write(to: path, atomically: true, encoding: .utf8)
        if let dotenv { try dotenv.write(to: directory.appendingPathComponent(".env"), atomically: true, encoding: .utf8) }
        return StaticEnvReader(environment: environment, configuredURL: configured, xArguments: x).read(path.path)
    }

    func testEnvironmentVariableInSetMainOption() throws {
        let settings = try read(
            """
            import os
            from alembic import context
            config = context.config
            config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])
            """, environment: ["DATABASE_URL": "sqlite:///app.db"])
        XCTAssertEqual(settings.url, "sqlite:///app.db")
        XCTAssertEqual(settings.urlSource, "$DATABASE_URL, read by env.py")
        XCTAssertEqual(settings.unknowns, [])
    }

    func testMissingVariableIsUnknownWithItsLine() throws {
        let settings = try read(
            """
            import os
            from alembic import context
            config = context.config
            config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])
            """)
        XCTAssertNil(settings.url)
        XCTAssertEqual(settings.unknowns, ["the URL reads $DATABASE_URL, which is not set (line 4)"])
    }

    func testGetenvDefaultAndFString() throws {
        let source = """
            import os
            from alembic import context
            user = os.getenv("DB_USER", "app")
            host = os.environ.get("DB_HOST", "localhost")
            def run_migrations_offline():
                context.configure(url=f"postgresql://{user}@{host}/shop", version_table="shop_version",
                                  version_table_schema="meta", transaction_per_migration=True)
            """
        let settings = try read(source, environment: ["DB_HOST": "db.internal"])
        XCTAssertEqual(settings.url, "postgresql://app@db.internal/shop")
        XCTAssertEqual(settings.urlSource, "the default for $DB_USER (not set) and $DB_HOST, read by env.py")
        XCTAssertEqual(settings.versionTable, "shop_version")
        XCTAssertEqual(settings.versionTableSchema, "meta")
        XCTAssertEqual(settings.transactionPerMigration, true)
        XCTAssertEqual(settings.unknowns, [])
    }

    func testDotenvFileDoesNotOverrideTheEnvironment() throws {
        let source = """
            import os
            from dotenv import load_dotenv
            from alembic import context
            load_dotenv()
            context.config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"])
            """
        let dotenv = "# local\nexport DATABASE_URL='sqlite:///from-dotenv.db'\nOTHER=1 # comment\n"
        XCTAssertEqual(try read(source, dotenv: dotenv).url, "sqlite:///from-dotenv.db")
        XCTAssertEqual(try read(source, dotenv: dotenv).urlSource, "$DATABASE_URL (with .env), read by env.py")
        XCTAssertEqual(
            try read(source, environment: ["DATABASE_URL": "sqlite:///set.db"], dotenv: dotenv).url, "sqlite:///set.db")
    }

    func testXArgumentsOrSqlalchemyURL() throws {
        let source = """
            from alembic import context
            config = context.config
            def run_migrations_offline():
                x = context.get_x_argument(as_dictionary=True)
                url = x.get("url") or config.get_main_option("sqlalchemy.url")
                context.configure(url=url)
            """
        XCTAssertEqual(try read(source, x: ["url=sqlite:///x.db"]).url, "sqlite:///x.db")
        XCTAssertEqual(try read(source, x: ["url=sqlite:///x.db"]).urlSource, "-x url, read by env.py")
        XCTAssertEqual(try read(source, configured: "sqlite:///ini.db").url, "sqlite:///ini.db")
    }

    func testApplicationImportsAndLoopsAreUnknown() throws {
        let settings = try read(
            """
            from alembic import context
            from myapp.settings import settings
            from myapp.models import Base
            target_metadata = Base.metadata
            def run_migrations_online():
                for schema in ["a", "b"]:
                    context.configure(url=settings.DATABASE_URL, target_metadata=target_metadata)
            """)
        XCTAssertNil(settings.url)
        XCTAssertEqual(
            settings.unknowns,
            [
                "the URL is an expression Retort cannot follow without Python (line 7)",
                "env.py line 2 imports from myapp.settings, which Retort does not read",
                "env.py line 3 imports from myapp.models, which Retort does not read",
                "env.py line 6 loops over context.configure(): it may migrate several schemas or databases",
                "env.py line 7: target_metadata comes from the application (its naming convention needs the project's Python)",
            ])
    }

    func testSessionStatementsAreTheSetOnes() {
        var settings = EnvSettings(reader: .python)
        settings.connectionStatements = ["SET search_path TO app, public", "CREATE SCHEMA IF NOT EXISTS app", "SET ROLE app"]
        XCTAssertEqual(settings.sessionStatements, ["SET search_path TO app, public", "SET ROLE app"])
    }

    func testDotenvParsing() {
        let values = DotenvFile.parse("A=1\n# c\nexport B = \"two words\"\nC='x#y'\nD=plain # note\n\nbroken\n")
        XCTAssertEqual(values.map { "\($0.0)=\($0.1)" }, ["A=1", "B=two words", "C=x#y", "D=plain"])
    }
}
