import CPostgres
import Foundation
import PostgresLoader

/// A connection to a PostgreSQL server through libpq.
///
/// Connecting has a timeout (libpq's `connect_timeout`, 10 s unless the URL or options
/// say otherwise), so a server that does not answer is an error, never a hang. libpq
/// never asks for a password; a wrong one is the server's one-line refusal.
public final class PostgresConnection: DatabaseConnection {
    public let url: DatabaseURL
    public var dialect: Dialect { .postgresql }
    /// The server's version as libpq reports it: 150018 for 15.18, 120005 for 12.5.
    public let serverVersion: Int
    /// The server process serving this session (`pg_backend_pid()`).
    public let backendPID: Int32
    /// The server's notices (`NOTICE: ... does not exist, skipping`), which libpq would
    /// otherwise print on standard error; `takeNotices()` empties the list.
    public private(set) var notices: [String] = []
    /// libpq's connection; nil once closed.
    var handle: OpaquePointer?

    public init(_ url: DatabaseURL, _ options: ConnectOptions) throws(DatabaseError) {
        self.url = url
        guard retort_libpq_open() == 1 else {
            throw DatabaseError(
                .connect,
                "cannot connect to \(url.masked): libpq, PostgreSQL's client library, cannot be loaded ("
                    + String(cString: retort_libpq_error()) + "); install it (Debian: apt-get install libpq5)")
        }
        let keywords = url.libpqKeywords(options)
        let connection = Self.connect(keywords)
        handle = connection
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let reason = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(connection)
            handle = nil
            throw DatabaseError(.connect, "cannot connect to \(url.masked): \(reason)")
        }
        serverVersion = Int(PQserverVersion(connection))
        backendPID = PQbackendPID(connection)
        PQsetNoticeProcessor(
            connection,
            { context, message in
                guard let context, let message else { return }
                let connection = Unmanaged<PostgresConnection>.fromOpaque(context).takeUnretainedValue()
                connection.notices.append(DatabaseError.oneLine(String(cString: message)))
            }, Unmanaged.passUnretained(self).toOpaque())
        if options.readOnly {
            try execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        }
        if let seconds = options.lockTimeout {
            try execute("SET lock_timeout = \(max(1, Int((seconds * 1000).rounded())))")
        }
        for statement in options.sessionStatements { try execute(statement) }
    }

    deinit { close() }

    /// `PQconnectdbParams` with NUL-terminated keyword and value arrays; `expand_dbname`
    /// is off, so a database name is never read as a connection string.
    private static func connect(_ keywords: [(keyword: String, value: String)]) -> OpaquePointer? {
        var names: [UnsafeMutablePointer<CChar>?] = keywords.map { strdup($0.keyword) }
        var values: [UnsafeMutablePointer<CChar>?] = keywords.map { strdup($0.value) }
        defer {
            names.forEach { free($0) }
            values.forEach { free($0) }
        }
        names.append(nil)
        values.append(nil)
        return names.withUnsafeBufferPointer { namePointers in
            values.withUnsafeBufferPointer { valuePointers in
                namePointers.withMemoryRebound(to: UnsafePointer<CChar>?.self) { names in
                    valuePointers.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                        PQconnectdbParams(names.baseAddress, values.baseAddress, 0)
                    }
                }
            }
        }
    }

    public var isInTransaction: Bool {
        guard let handle else { return false }
        return PQtransactionStatus(handle) != PQTRANS_IDLE
    }

    /// Empties and returns the notices received so far.
    public func takeNotices() -> [String] {
        defer { notices = [] }
        return notices
    }

    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?]) throws(DatabaseError) -> Int {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    public func query(_ sql: String, _ parameters: [String?]) throws(DatabaseError) -> [[String?]] {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        return Self.rows(of: result)
    }

    /// A result's rows, each value as text (nil for NULL).
    static func rows(of result: OpaquePointer) -> [[String?]] {
        let columns = PQnfields(result)
        return (0..<PQntuples(result)).map { row in
            (0..<columns).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }

    public func begin() throws(DatabaseError) { try execute("BEGIN") }

    public func commit() throws(DatabaseError) {
        if let handle, PQtransactionStatus(handle) == PQTRANS_INERROR {
            try rollback()
            throw DatabaseError(.statement, "the transaction failed earlier and was rolled back", statement: "COMMIT")
        }
        try execute("COMMIT")
    }

    public func rollback() throws(DatabaseError) { try execute("ROLLBACK") }

    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    // MARK: Statements

    /// Sends `sql`: with parameters as one statement (`PQexecParams`, text in and out),
    /// without as a script (`PQexec`, whose result is the last statement's).
    func runQuery(_ sql: String) throws(DatabaseError) -> OpaquePointer { try run(sql, []) }

    private func run(_ sql: String, _ parameters: [String?]) throws(DatabaseError) -> OpaquePointer {
        guard let handle else { throw DatabaseError(.statement, "the PostgreSQL connection is closed", statement: sql) }
        let result: OpaquePointer?
        if parameters.isEmpty {
            result = PQexec(handle, sql)
        } else {
            var values = parameters.map { $0.map { strdup($0) } ?? nil }
            defer { values.forEach { free($0) } }
            result = values.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { pointers in
                    PQexecParams(handle, sql, Int32(parameters.count), nil, pointers.baseAddress, nil, nil, 0)
                }
            }
        }
        guard let result else {
            throw DatabaseError(.statement, String(cString: PQerrorMessage(handle)), statement: sql)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return result
        default:
            let error = Self.error(result, handle: handle, sql)
            PQclear(result)
            throw error
        }
    }

    /// The server's message, with its detail when it sent one, and the SQLSTATE code.
    static func error(_ result: OpaquePointer, handle: OpaquePointer, _ sql: String) -> DatabaseError {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        var message = field(RetortPGDiagMessagePrimary) ?? String(cString: PQerrorMessage(handle))
        if let detail = field(RetortPGDiagMessageDetail) { message += ": " + detail }
        return DatabaseError(.statement, message, sqlState: field(RetortPGDiagSQLState), statement: sql)
    }
}

extension PostgresConnection: TypedQueries {
    /// Values as psycopg2 gives them by the column's type: booleans, integers, floats,
    /// NUMERIC as a Decimal, text kinds as strings; others (dates, JSON, bytes) by name.
    func typedQuery(_ sql: String) throws(DatabaseError) -> QueryRows {
        let result = try runQuery(sql)
        defer { PQclear(result) }
        let count = PQnfields(result)
        let columns = (0..<count).map { String(cString: PQfname(result, $0)) }
        let types = (0..<count).map { PQftype(result, $0) }
        let rows = (0..<PQntuples(result)).map { row in
            (0..<count).map { column -> DatabaseValue in
                guard PQgetisnull(result, row, column) == 0 else { return .null }
                let text = String(cString: PQgetvalue(result, row, column))
                switch types[Int(column)] {
                case 16: return .bool(text == "t")
                case 20, 21, 23, 26: return Int(text).map(DatabaseValue.integer) ?? .other(type: "integer")
                case 700, 701: return Double(text).map(DatabaseValue.real) ?? .other(type: "float")
                case 1700: return .decimal(text)
                case 25, 1043, 1042, 19, 2950: return .text(text)  // text, varchar, char, name, uuid (a str to psycopg2)
                case 114, 3802: return .other(type: "json")
                case 1082, 1083, 1114, 1184, 1186: return .other(type: "date/time")
                case 17: return .other(type: "bytea")
                default: return .other(type: "type oid \(types[Int(column)])")
                }
            }
        }
        return QueryRows(columns: columns, rows: rows)
    }
}
