import Foundation
import XCTest

@testable import MigrationCore

/// What the database tests need from outside: the test PostgreSQL server, Python with
/// SQLAlchemy, and throwaway directories.
enum DatabaseTestSupport {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// `RETORT_TEST_PG_URL` (set by scripts/with-postgres.sh), or a skip that says why.
    static func postgresURL() throws -> DatabaseURL {
        guard let text = environment["RETORT_TEST_PG_URL"], !text.isEmpty else {
            let reason = "RETORT_TEST_PG_URL is not set: run the tests through scripts/with-postgres.sh"
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
        return try DatabaseURL(text)
    }

    /// A connection to the test server.
    static func postgres(_ options: ConnectOptions = ConnectOptions()) throws -> PostgresConnection {
        try PostgresConnection(try postgresURL(), options)
    }

    /// The URL of a fresh database on the test server, dropped when the test ends.
    static func freshPostgresDatabase(_ test: XCTestCase) throws -> DatabaseURL {
        let admin = try postgres()
        let name = "retort_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try admin.execute("CREATE DATABASE \(name)")
        admin.close()
        test.addTeardownBlock {
            if let admin = try? postgres() {
                _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                admin.close()
            }
        }
        var text = try postgresURL().masked  // no password on the test server
        text = String(text[..<text.lastIndex(of: "/")!]) + "/" + name
        return try DatabaseURL(text)
    }

    /// The oracle's Python (with SQLAlchemy), or a skip.
    static func oraclePython() throws -> String {
        let path = environment["RETORT_ORACLE_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? NSHomeDirectory() + "/.cache/retort/venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            let reason = "no Python with SQLAlchemy at \(path): run scripts/oracle-venv.sh or set RETORT_ORACLE_PYTHON"
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
        return path
    }

    /// Runs `python -c script args...` and returns its standard output.
    static func runPython(_ python: String, _ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "python", code: Int(process.terminationStatus))
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A fresh directory, removed when the test ends.
    static func temporaryDirectory(_ test: XCTestCase) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("retort-db-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }
}
