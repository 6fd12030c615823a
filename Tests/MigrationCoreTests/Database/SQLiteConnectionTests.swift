import Foundation
import XCTest

@testable import MigrationCore

/// SQLiteConnection on real files through libsqlite3.
final class SQLiteConnectionTests: XCTestCase {
    private func open(_ text: String, _ options: ConnectOptions = ConnectOptions()) throws -> SQLiteConnection {
        try SQLiteConnection(try DatabaseURL(text), options)
    }

    func testStatementsParametersAndRows() throws {
        let db = try open("sqlite://")
        XCTAssertEqual(db.path, ":memory:")
        XCTAssertEqual(
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES ('a');"), 1)
        XCTAssertEqual(try db.execute("INSERT INTO t (name) VALUES ($1), ($2)", ["it's", nil]), 2)
        XCTAssertEqual(try db.query("SELECT id, name FROM t ORDER BY id"), [["1", "a"], ["2", "it's"], ["3", nil]])
        // Parameters are bound by name, so their order in the text does not matter.
        XCTAssertEqual(try db.query("SELECT $2 || $1", ["x", "y"]), [["yx"]])
        XCTAssertEqual(try db.execute("UPDATE t SET name = $1 WHERE id > $2", ["b", "1"]), 2)
        // DDL changes no rows, even right after an UPDATE.
        XCTAssertEqual(try db.execute("CREATE TABLE u (x TEXT)"), 0)
        XCTAssertEqual(try db.execute("DELETE FROM t WHERE id = $1", ["9"]), 0)
    }

    func testStatementErrors() throws {
        let db = try open("sqlite://")
        XCTAssertThrowsError(try db.query("SELECT * FROM nope WHERE x = $1", ["1"])) { error in
            let error = error as! DatabaseError
            XCTAssertEqual(error.kind, .statement)
            XCTAssertEqual(error.message, "no such table: nope")
            XCTAssertEqual("\(error)", "no such table: nope in: SELECT * FROM nope WHERE x = $1")
        }
        XCTAssertThrowsError(try db.query("SELECT $1, $2", ["1"])) { error in
            XCTAssertEqual((error as! DatabaseError).message, "the statement has 2 parameters, but 1 were given")
        }
        XCTAssertThrowsError(try db.execute("SELECT $1; SELECT 2", ["1"])) { error in
            XCTAssertEqual((error as! DatabaseError).message, "parameters need a single statement")
        }
        XCTAssertThrowsError(try db.query("SELECT 1; SELECT 2")) { error in
            XCTAssertEqual((error as! DatabaseError).message, "a query must be one statement")
        }
    }

    /// An explicit transaction makes DDL transactional: a rollback leaves no table behind.
    func testRollbackUndoesDDL() throws {
        let db = try open("sqlite://")
        XCTAssertFalse(db.isInTransaction)
        try db.begin()
        XCTAssertTrue(db.isInTransaction)
        try db.execute("CREATE TABLE t (x TEXT)")
        try db.execute("INSERT INTO t VALUES ('a')")
        try db.rollback()
        XCTAssertFalse(db.isInTransaction)
        XCTAssertEqual(try db.query("SELECT count(*) FROM sqlite_master WHERE name = 't'"), [["0"]])
        try db.begin()
        try db.execute("CREATE TABLE t (x TEXT)")
        try db.commit()
        XCTAssertEqual(try db.query("SELECT count(*) FROM sqlite_master WHERE name = 't'"), [["1"]])
    }

    /// `BEGIN IMMEDIATE` takes the write lock at once: a second writer waits its busy
    /// timeout, then fails with SQLite's message, and gets in once the first commits.
    func testBeginImmediateSerialisesWriters() throws {
        let dir = try DatabaseTestSupport.temporaryDirectory(self)
        let first = try open("sqlite:///\(dir)/app.db")
        var options = ConnectOptions()
        options.busyTimeout = 0.3
        let second = try open("sqlite:///\(dir)/app.db", options)
        try first.begin()
        let started = Date()
        XCTAssertThrowsError(try second.begin()) { error in
            XCTAssertEqual((error as! DatabaseError).message, "database is locked")
        }
        let waited = Date().timeIntervalSince(started)
        XCTAssertGreaterThan(waited, 0.25, "the busy timeout was not waited")
        XCTAssertLessThan(waited, 5)
        try first.commit()
        try second.begin()
        try second.rollback()
    }

    func testRelativePathAndURLTimeout() throws {
        let dir = try DatabaseTestSupport.temporaryDirectory(self)
        var options = ConnectOptions()
        options.currentDirectory = dir
        let db = try open("sqlite:///sub/../rel.db?timeout=1", options)
        XCTAssertEqual(db.path, dir + "/rel.db")
        try db.execute("CREATE TABLE t (x TEXT)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/rel.db"))
    }

    func testOpenErrors() throws {
        let dir = try DatabaseTestSupport.temporaryDirectory(self)
        let cases: [(String, ConnectOptions, DatabaseError.Kind, String)] = [
            ("sqlite:///\(dir)/missing/app.db", ConnectOptions(), .connect,
             "cannot open the SQLite database \(dir)/missing/app.db: the directory \(dir)/missing does not exist"),
            ("sqlite:///\(dir)/missing/app.db", ConnectOptions(readOnly: true), .connect,
             "cannot open the SQLite database \(dir)/missing/app.db: the directory \(dir)/missing does not exist"),
            ("sqlite:///\(dir)", ConnectOptions(), .connect, "cannot open the SQLite database \(dir): it is a directory"),
            ("sqlite:///\(dir)/new.db", ConnectOptions(readOnly: true), .missingFile,
             "the SQLite database \(dir)/new.db does not exist"),
        ]
        for (text, options, kind, message) in cases {
            XCTAssertThrowsError(try open(text, options), text) { error in
                XCTAssertEqual((error as! DatabaseError).kind, kind, text)
                XCTAssertEqual("\(error)", message, text)
            }
        }
        // Reading never creates the file.
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/new.db"))
        // Not a database at all: the first statement says so.
        XCTAssertTrue(
            FileManager.default.createFile(atPath: dir + "/junk.db", contents: Data(repeating: 0x41, count: 4096)))
        let junk = try open("sqlite:///\(dir)/junk.db", ConnectOptions(readOnly: true))
        XCTAssertThrowsError(try junk.query("SELECT 1 FROM sqlite_master")) { error in
            XCTAssertEqual((error as! DatabaseError).message, "file is not a database")
        }
    }

    /// A file that cannot be written is an error when opened to write, and fine to read.
    func testReadOnlyFile() throws {
        let dir = try DatabaseTestSupport.temporaryDirectory(self)
        let path = dir + "/ro.db"
        try open("sqlite:///\(path)").execute("CREATE TABLE t (x TEXT)")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        if access(path, W_OK) == 0 {
            // Root writes through permissions; an immutable file stops even root.
            let chattr = Process()
            chattr.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
            chattr.arguments = ["+i", path]
            chattr.standardError = FileHandle.nullDevice
            try? chattr.run()
            chattr.waitUntilExit()
            guard chattr.terminationStatus == 0, access(path, W_OK) != 0 else {
                let reason = "cannot make a read-only file here (root ignores permissions and chattr +i failed)"
                print("SKIP: \(reason)")
                throw XCTSkip(reason)
            }
            addTeardownBlock {
                let undo = Process()
                undo.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
                undo.arguments = ["-i", path]
                try? undo.run()
                undo.waitUntilExit()
            }
        }
        XCTAssertThrowsError(try open("sqlite:///\(path)")) { error in
            XCTAssertEqual("\(error)", "cannot write to the SQLite database \(path): the file is read-only")
        }
        let reader = try open("sqlite:///\(path)", ConnectOptions(readOnly: true))
        XCTAssertEqual(try reader.query("SELECT name FROM sqlite_master"), [["t"]])
    }
}
