import Foundation
import XCTest

@testable import MigrationCore

/// PostgresConnection against the throwaway server of scripts/with-postgres.sh.
final class PostgresConnectionTests: XCTestCase {
    func testConnectQueryAndParameters() throws {
        let db = try DatabaseTestSupport.postgres()
        defer { db.close() }
        XCTAssertEqual(try db.query("SHOW server_version_num"), [[String(db.serverVersion)]])
        XCTAssertEqual(try db.query("SELECT pg_backend_pid()"), [[String(db.backendPID)]])
        XCTAssertEqual(try db.query("SHOW application_name"), [["retort"]])
        XCTAssertEqual(try db.query("SELECT $1::text || $2, $3::text IS NULL", ["a", "b", nil]), [["ab", "t"]])
        try db.execute("CREATE TEMP TABLE t (id serial PRIMARY KEY, name text); INSERT INTO t (name) VALUES ('x')")
        XCTAssertEqual(try db.execute("INSERT INTO t (name) VALUES ($1), ($2)", ["y", "z"]), 2)
        XCTAssertEqual(try db.execute("UPDATE t SET name = $1 WHERE id > $2", ["w", "1"]), 2)
        XCTAssertEqual(try db.execute("DELETE FROM t WHERE id = $1", ["42"]), 0)
        XCTAssertEqual(try db.query("SELECT name FROM t ORDER BY id"), [["x"], ["w"], ["w"]])
    }

    func testErrorsCarrySQLState() throws {
        let db = try DatabaseTestSupport.postgres()
        defer { db.close() }
        XCTAssertThrowsError(try db.query("SELECT * FROM nope")) { error in
            let error = error as! DatabaseError
            XCTAssertEqual(error.kind, .statement)
            XCTAssertEqual(error.sqlState, "42P01")
            XCTAssertEqual("\(error)", "relation \"nope\" does not exist (SQLSTATE 42P01) in: SELECT * FROM nope")
        }
        XCTAssertThrowsError(try db.execute("CREATE TEMP TABLE u (x int PRIMARY KEY); INSERT INTO u VALUES (1), (1)")) {
            error in
            let error = error as! DatabaseError
            XCTAssertEqual(error.sqlState, "23505")
            XCTAssertEqual(
                error.message, "duplicate key value violates unique constraint \"u_pkey\": Key (x)=(1) already exists.")
        }
    }

    /// DDL is transactional; a transaction that failed is rolled back by `commit()` and reported.
    func testTransactions() throws {
        let db = try DatabaseTestSupport.postgres()
        defer { db.close() }
        try db.begin()
        XCTAssertTrue(db.isInTransaction)
        try db.execute("CREATE TABLE retort_tx_probe (x int)")
        try db.rollback()
        XCTAssertFalse(db.isInTransaction)
        XCTAssertEqual(try db.query("SELECT to_regclass('retort_tx_probe') IS NULL"), [["t"]])
        try db.begin()
        XCTAssertThrowsError(try db.execute("SELECT 1/0"))
        XCTAssertThrowsError(try db.commit()) { error in
            XCTAssertEqual((error as! DatabaseError).message, "the transaction failed earlier and was rolled back")
        }
        XCTAssertFalse(db.isInTransaction)
    }

    /// Statements sent together (pipeline mode): each one's row count, across several
    /// pipelines; the first failure named by its position, the ones after it not run,
    /// and the transaction left failed for the caller to roll back.
    func testStatementsSentTogether() throws {
        let db = try DatabaseTestSupport.postgres()
        defer { db.close() }
        try db.execute("CREATE TEMP TABLE t (id int PRIMARY KEY)")
        let count = PostgresConnection.pipelineDepth * 2 + 3
        var waited: [Int] = []
        let inserts = (0..<count).map { BatchStatement("INSERT INTO t (id) VALUES ($1)", [String($0)]) }
        let counts = try db.executeEach(inserts + [BatchStatement("DELETE FROM t WHERE id < 10")]) { waited.append($0) }.map(\.count)
        XCTAssertEqual(counts, Array(repeating: 1, count: count) + [10])
        XCTAssertEqual(waited, Array(0...count))
        XCTAssertEqual(try db.query("SELECT count(*) FROM t"), [[String(count - 10)]])

        try db.begin()
        XCTAssertThrowsError(
            try db.executeEach([
                BatchStatement("CREATE TABLE made_first (id int)"),
                BatchStatement("ALTER TABLE nope ADD COLUMN a int"),
                BatchStatement("CREATE TABLE made_after (id int)"),
            ]) { _ in }
        ) { error in
            guard let failure = error as? BatchFailure else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.index, 1)
            XCTAssertEqual("\(failure.error)", "relation \"nope\" does not exist (SQLSTATE 42P01) in: ALTER TABLE nope ADD COLUMN a int")
        }
        XCTAssertTrue(db.isInTransaction, "the failed transaction waits for its rollback")
        try db.rollback()
        XCTAssertEqual(try db.query("SELECT to_regclass('made_first') IS NULL, to_regclass('made_after') IS NULL"), [["t", "t"]])

        // Several commands in one string cannot be sent this way: raw SQL goes on its own.
        XCTAssertThrowsError(try db.executeEach([BatchStatement("SELECT 1; SELECT 2"), BatchStatement("SELECT 3")]) { _ in })
        XCTAssertEqual(try db.query("SELECT 4"), [["4"]], "the connection is usable afterwards")

        // BEGIN and a query in one round trip.
        XCTAssertEqual(try db.begin(thenQuery: "SELECT count(*) FROM t"), [[String(count - 10)]])
        XCTAssertTrue(db.isInTransaction)
        try db.rollback()
        XCTAssertThrowsError(try db.begin(thenQuery: "SELECT * FROM nope")) { error in
            XCTAssertEqual((error as? DatabaseError)?.sqlState, "42P01")
        }
        XCTAssertTrue(db.isInTransaction, "the failed transaction waits for its rollback")
        try db.rollback()
    }

    func testNoticesAreKeptNotPrinted() throws {
        let db = try DatabaseTestSupport.postgres()
        defer { db.close() }
        try db.execute("DROP TABLE IF EXISTS retort_no_such_table")
        XCTAssertEqual(db.takeNotices(), ["NOTICE:  table \"retort_no_such_table\" does not exist, skipping"])
        XCTAssertEqual(db.takeNotices(), [])
    }

    func testReadOnlySession() throws {
        let db = try DatabaseTestSupport.postgres(ConnectOptions(readOnly: true))
        defer { db.close() }
        XCTAssertThrowsError(try db.execute("CREATE TABLE retort_ro_probe (x int)")) { error in
            XCTAssertEqual((error as! DatabaseError).sqlState, "25006")
        }
    }

    /// With a lock timeout, a statement behind someone else's lock fails instead of waiting.
    func testLockTimeout() throws {
        let holder = try DatabaseTestSupport.postgres()
        var options = ConnectOptions()
        options.lockTimeout = 0.2
        let waiter = try DatabaseTestSupport.postgres(options)
        defer {
            holder.close()
            waiter.close()
        }
        try holder.execute("CREATE TABLE IF NOT EXISTS retort_lock_probe (x int)")
        try holder.begin()
        try holder.execute("LOCK TABLE retort_lock_probe IN ACCESS EXCLUSIVE MODE")
        let started = Date()
        XCTAssertThrowsError(try waiter.query("SELECT * FROM retort_lock_probe")) { error in
            XCTAssertEqual((error as! DatabaseError).sqlState, "55P03")
            XCTAssertEqual((error as! DatabaseError).message, "canceling statement due to lock timeout")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
        try holder.rollback()
        XCTAssertEqual(try waiter.query("SHOW lock_timeout"), [["200ms"]])
    }

    func testAdvisoryLocks() throws {
        let first = try DatabaseTestSupport.postgres()
        let second = try DatabaseTestSupport.postgres()
        defer {
            first.close()
            second.close()
        }
        for key: Int64 in [4_242_424_242_424, -7] {
            XCTAssertTrue(try first.tryAdvisoryLock(key))
            XCTAssertFalse(try second.tryAdvisoryLock(key))
            let holders = try second.advisoryLockHolders(key)
            XCTAssertEqual(holders.map(\.pid), [first.backendPID])
            XCTAssertEqual(holders.first?.applicationName, "retort")
            XCTAssertNotNil(holders.first?.since)
            XCTAssertTrue(try first.advisoryUnlock(key))
            XCTAssertEqual(try second.advisoryLockHolders(key), [])
            XCTAssertTrue(try second.tryAdvisoryLock(key))
            XCTAssertTrue(try second.advisoryUnlock(key))
        }
        XCTAssertFalse(try first.advisoryUnlock(99))
    }

    /// The session lock dies with the session: a closed connection's lock is free again.
    func testAdvisoryLockEndsWithTheSession() throws {
        let first = try DatabaseTestSupport.postgres()
        XCTAssertTrue(try first.tryAdvisoryLock(31337))
        first.close()
        let second = try DatabaseTestSupport.postgres()
        defer { second.close() }
        // The server may need a moment to end the closed session.
        var locked = false
        for _ in 0..<50 where !locked {
            locked = try second.tryAdvisoryLock(31337)
            if !locked { usleep(20_000) }
        }
        XCTAssertTrue(locked)
    }

    // MARK: Connection failures: one line, no password, no hang

    private func assertConnectFails(
        _ text: String, containing expected: String, within seconds: Double = 8,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let url = try DatabaseURL(text)
        let started = Date()
        XCTAssertThrowsError(try PostgresConnection(url, ConnectOptions()), file: file, line: line) { error in
            let error = error as! DatabaseError
            let text = "\(error)"
            XCTAssertEqual(error.kind, .connect, file: file, line: line)
            XCTAssertTrue(text.hasPrefix("cannot connect to \(url.masked): "), text, file: file, line: line)
            XCTAssertTrue(text.contains(expected), "\(text) lacks \(expected)", file: file, line: line)
            XCTAssertFalse(text.contains("\n"), file: file, line: line)
            XCTAssertFalse(text.contains("s3cret"), "password in \(text)", file: file, line: line)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), seconds, file: file, line: line)
    }

    /// A loopback port that nothing listens on.
    private func closedPort() throws -> Int {
        let listener = try Listener()
        listener.close()
        return listener.port
    }

    func testServerDown() throws {
        _ = try DatabaseTestSupport.postgresURL()
        try assertConnectFails(
            "postgresql://postgres:s3cret@127.0.0.1:\(try closedPort())/retort_test", containing: "Connection refused")
    }

    /// A server that accepts the connection and never answers: the timeout ends the wait.
    func testServerThatNeverAnswers() throws {
        _ = try DatabaseTestSupport.postgresURL()
        let listener = try Listener()
        defer { listener.close() }
        try assertConnectFails(
            "postgresql://postgres:s3cret@127.0.0.1:\(listener.port)/retort_test?connect_timeout=2",
            containing: "timeout expired", within: 6)
    }

    func testUnknownDatabaseAndOption() throws {
        let url = try DatabaseTestSupport.postgresURL()
        let server = "postgresql://postgres:s3cret@\(url.host ?? "127.0.0.1"):\(url.port ?? 5432)"
        try assertConnectFails(server + "/retort_no_such_db", containing: "database \"retort_no_such_db\" does not exist")
        try assertConnectFails(server + "/retort_test?nonsense=1", containing: "invalid connection option \"nonsense\"")
    }

    /// The test cluster trusts every local login; one role gets a password rule of its own.
    func testWrongPassword() throws {
        let admin = try DatabaseTestSupport.postgres()
        defer { admin.close() }
        let hbaFile = try admin.query("SHOW hba_file").first?.first.flatMap { $0 } ?? ""
        guard let original = try? String(contentsOfFile: hbaFile, encoding: .utf8),
            FileManager.default.isWritableFile(atPath: hbaFile)
        else {
            let reason = "cannot edit the test server's pg_hba.conf (\(hbaFile)), so no password is ever checked"
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
        try admin.execute("DROP ROLE IF EXISTS retort_pw_user")
        try admin.execute("CREATE ROLE retort_pw_user LOGIN PASSWORD 'right-one'")
        try ("host all retort_pw_user 127.0.0.1/32 scram-sha-256\n" + original)
            .write(toFile: hbaFile, atomically: false, encoding: .utf8)
        try admin.execute("SELECT pg_reload_conf()")
        defer {
            try? original.write(toFile: hbaFile, atomically: false, encoding: .utf8)
            _ = try? admin.execute("SELECT pg_reload_conf()")
            _ = try? admin.execute("DROP ROLE IF EXISTS retort_pw_user")
        }
        let url = try DatabaseTestSupport.postgresURL()
        let server = "\(url.host ?? "127.0.0.1"):\(url.port ?? 5432)/retort_test"
        // The reload is asynchronous: wait until the rule is in force.
        var enforced = false
        for _ in 0..<100 where !enforced {
            do {
                _ = try PostgresConnection(try DatabaseURL("postgresql://retort_pw_user:s3cret@\(server)"), ConnectOptions())
                usleep(50_000)
            } catch {
                enforced = true
            }
        }
        XCTAssertTrue(enforced, "the password rule never took effect")
        try assertConnectFails(
            "postgresql://retort_pw_user:s3cret@\(server)",
            containing: "password authentication failed for user \"retort_pw_user\"")
        let right = try PostgresConnection(try DatabaseURL("postgresql://retort_pw_user:right-one@\(server)"), ConnectOptions())
        XCTAssertEqual(try right.query("SELECT current_user"), [["retort_pw_user"]])
        right.close()
    }
}

/// A TCP socket on a free loopback port that listens and never accepts, so a client's
/// connection completes and then hears nothing.
private final class Listener {
    let port: Int
    private var descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && listen(descriptor, 4) == 0
                    && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard descriptor >= 0, bound else { throw NSError(domain: "socket", code: Int(errno)) }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    deinit { close() }
}
