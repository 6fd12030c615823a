import Foundation

/// A connection to MySQL or MariaDB, held by the `ConnectionHost` under the project's
/// Python: Retort's statements (`$1`-style parameters) go to the driver SQLAlchemy's
/// dialect opens, and rows come back as text.
///
/// Outside `begin()` every statement commits on its own, as libpq's do, so that a read of
/// the version table never sits in a snapshot InnoDB keeps for the rest of a
/// transaction (REPEATABLE READ would show the rows as they were).
public final class BridgedConnection: DatabaseConnection {
    public let url: DatabaseURL
    public var dialect: Dialect { url.dialect }
    public private(set) var isInTransaction = false
    private let host: ConnectionHost
    private var handle: Int?

    public init(_ url: DatabaseURL, _ options: ConnectOptions, host: ConnectionHost = .shared) throws(DatabaseError) {
        self.url = url
        self.host = host
        var request: [String: Any] = [
            "op": "db_open", "url": url.sqlalchemyParts(), "read_only": options.readOnly,
            "session_statements": options.sessionStatements, "connect_timeout": options.connectTimeout,
        ]
        if let timeout = options.lockTimeout { request["lock_timeout"] = max(1, Int(timeout.rounded(.up))) }
        handle = try host.request(request, database: url).int("handle")
    }

    deinit { close() }

    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?]) throws(DatabaseError) -> Int {
        try run(sql, parameters, rows: false).int("count") ?? 0
    }

    public func query(_ sql: String, _ parameters: [String?]) throws(DatabaseError) -> [[String?]] {
        let answer = try run(sql, parameters, rows: true)
        return ((answer.fields["rows"] as? [Any]) ?? []).map { row in
            ((row as? [Any]) ?? []).map { $0 as? String }
        }
    }

    public func begin() throws(DatabaseError) {
        _ = try send(["op": "db_begin"])
        isInTransaction = true
    }

    public func commit() throws(DatabaseError) {
        isInTransaction = false
        _ = try send(["op": "db_commit"])
    }

    public func rollback() throws(DatabaseError) {
        isInTransaction = false
        _ = try send(["op": "db_rollback"])
    }

    public func close() {
        guard handle != nil else { return }
        _ = try? send(["op": "db_close"])
        handle = nil
    }

    private func run(_ sql: String, _ parameters: [String?], rows: Bool) throws(DatabaseError) -> BridgeMessage {
        do {
            return try send([
                "op": "db_execute", "sql": sql, "parameters": parameters.map { $0 ?? NSNull() as Any }, "rows": rows,
            ])
        } catch {
            var error = error
            error.statement = sql
            throw error
        }
    }

    private func send(_ fields: [String: Any]) throws(DatabaseError) -> BridgeMessage {
        guard let handle else { throw DatabaseError(.connect, "the connection to \(url.masked) is closed") }
        var request = fields
        request["handle"] = handle
        return try host.request(request, database: url)
    }
}

extension DatabaseURL {
    /// The parts SQLAlchemy's `URL.create` takes (`drivername`, `username`, `password`,
    /// `host`, `port`, `database`, `query`), for the project's Python; `password: false`
    /// leaves the password out (what names a database without opening it).
    func sqlalchemyParts(password withPassword: Bool = true) -> [String: Any] {
        var parts: [String: Any] = ["drivername": driverName]
        if let username { parts["username"] = username }
        if withPassword, let password { parts["password"] = password }
        if let host { parts["host"] = host }
        if let port { parts["port"] = port }
        if let database { parts["database"] = database }
        var items: [String: [String]] = [:]
        for item in query { items[item.name, default: []].append(item.value) }
        if !items.isEmpty { parts["query"] = items }
        return parts
    }
}
