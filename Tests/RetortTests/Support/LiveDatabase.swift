import Foundation
import MigrationCore
import XCTest

/// A throwaway database for the live-run tests: an SQLite file in a temporary directory,
/// or a fresh database on the test PostgreSQL server (`RETORT_TEST_PG_URL`, set by
/// scripts/with-postgres.sh) or MariaDB server (`RETORT_TEST_MARIADB_URL`, set by
/// scripts/with-mariadb.sh), dropped when the test ends.
struct LiveDatabase {
    enum Kind: String, CaseIterable {
        case sqlite, postgresql
        /// Reached through the project's Python (the tutorial environment's PyMySQL).
        case mariadb

        /// The databases Retort speaks natively (what the tests of the native engine cover).
        static var allCases: [Kind] { [.sqlite, .postgresql] }
    }

    var kind: Kind
    /// The URL both tools are given.
    var url: String

    /// A new, empty database of `kind`, or a skip saying why there can be none.
    static func make(_ kind: Kind, _ test: XCTestCase, in directory: URL, name: String) throws -> LiveDatabase {
        switch kind {
        case .sqlite:
            return LiveDatabase(kind: kind, url: "sqlite:///" + directory.appendingPathComponent("\(name).db").path)
        case .postgresql:
            let server = try serverURL()
            let admin = try PostgresConnection(try DatabaseURL(server), ConnectOptions())
            let database = "retort_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            try admin.execute("CREATE DATABASE \(database)")
            admin.close()
            test.addTeardownBlock {
                if let admin = try? PostgresConnection(try DatabaseURL(server), ConnectOptions()) {
                    _ = try? admin.execute("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
                    admin.close()
                }
            }
            // SQLAlchemy 2.1 reads plain postgresql:// as psycopg 3; the oracle venv has psycopg2.
            let base = server.replacingOccurrences(of: "postgresql://", with: "postgresql+psycopg2://")
            return LiveDatabase(kind: kind, url: String(base[..<base.lastIndex(of: "/")!]) + "/" + database)
        case .mariadb:
            let server = try mariadbServerURL()
            let database = "retort_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            let admin = try DatabaseURL(server).connect(ConnectOptions())
            try admin.execute("CREATE DATABASE \(database)")
            admin.close()
            test.addTeardownBlock {
                if let admin = try? DatabaseURL(server).connect(ConnectOptions()) {
                    _ = try? admin.execute("DROP DATABASE IF EXISTS \(database)")
                    admin.close()
                }
            }
            return LiveDatabase(kind: kind, url: String(server[..<server.lastIndex(of: "/")!]) + "/" + database)
        }
    }

    /// `RETORT_TEST_MARIADB_URL`, with this process's connections to it made through the
    /// tutorial environment's Python (PyMySQL); or a skip.
    static func mariadbServerURL() throws -> String {
        guard let url = Harness.environment["RETORT_TEST_MARIADB_URL"], !url.isEmpty else {
            let reason = "RETORT_TEST_MARIADB_URL is not set: run the tests through scripts/with-mariadb.sh"
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
        ConnectionHost.shared.configure(
            python: try TutorialProject.python(), environment: ProcessInfo.processInfo.environment,
            currentDirectory: FileManager.default.currentDirectoryPath, hint: nil)
        return url
    }

    /// `RETORT_TEST_PG_URL`, or a skip.
    static func serverURL() throws -> String {
        guard let url = Harness.environment["RETORT_TEST_PG_URL"], !url.isEmpty else {
            let reason = "RETORT_TEST_PG_URL is not set: run the tests through scripts/with-postgres.sh"
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
        return url
    }

    /// The schema as JSON (Tests/Oracle/sqlite_schema.py or pg_schema.py), version rows included.
    func schema(_ oracle: Oracle) throws -> String {
        let script: String
        let argument: String
        switch kind {
        case .sqlite:
            script = "sqlite_schema.py"
            argument = String(url.dropFirst("sqlite:///".count))
            // Alembic creates the file on its first connection; a file never made is empty.
            if !FileManager.default.fileExists(atPath: argument) { return "(no file)" }
        case .postgresql:
            script = "pg_schema.py"
            argument = url
        case .mariadb:
            throw HarnessError.message("no oracle schema script for MariaDB: compare with TutorialProject.schema")
        }
        let r = try Harness.run(oracle.python, [Harness.oracleScripts.appendingPathComponent(script).path, argument])
        guard r.exit == 0 else { throw HarnessError.message("\(script) failed (\(r.exit)): \(r.stderr)") }
        return r.stdout
    }

    /// The version table's rows, sorted; nil when the table does not exist.
    func rows() throws -> [String]? {
        let parsed = try DatabaseURL(url)
        let connection: any DatabaseConnection
        do {
            connection = try parsed.connect(ConnectOptions(readOnly: true))
        } catch where error.kind == .missingFile {
            return nil
        }
        defer { connection.close() }
        let table = VersionTable()
        guard try table.exists(on: connection) else { return nil }
        return try table.revisions(on: connection).sorted()
    }

    /// Runs one query and returns its rows (for checks of what a run left behind).
    func query(_ sql: String) throws -> [[String?]] {
        let connection = try DatabaseURL(url).connect(ConnectOptions())
        defer { connection.close() }
        return try connection.query(sql)
    }

    /// Runs statements (to set up a broken state).
    func execute(_ sql: String) throws {
        let connection = try DatabaseURL(url).connect(ConnectOptions())
        defer { connection.close() }
        try connection.execute(sql)
    }

    /// The names of the tables other than the version table, sorted.
    func tables() throws -> [String] {
        let sql: String
        switch kind {
        case .sqlite:
            sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'alembic_version' ORDER BY name"
        case .postgresql:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version' ORDER BY 1"
        case .mariadb:
            sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
                + "AND table_name <> 'alembic_version' ORDER BY 1"
        }
        return try query(sql).compactMap { $0.first ?? nil }
    }
}
