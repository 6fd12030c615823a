/// A database URL in SQLAlchemy's form, `dialect+driver://user:password@host:port/database?key=value`,
/// read exactly as `sqlalchemy.engine.make_url` reads it.
///
/// The driver (`+psycopg2`, `+asyncpg`, `+pysqlite`, ...) is accepted and ignored: Retort
/// always talks to SQLite through libsqlite3 and to PostgreSQL through libpq. MySQL and
/// MariaDB (`mysql+pymysql://`, `mariadb+...`) it reaches through the project's Python and
/// the driver the URL names (`BridgedConnection`). The
/// description is the masked form, so interpolating a URL into a message never shows
/// its password.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    public enum Backend: String, Sendable {
        case sqlite, postgresql, mysql
    }

    /// One `key=value` of the query string, decoded; a key may occur more than once.
    public struct QueryItem: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public let backend: Backend
    /// The scheme as written (`postgresql+psycopg2`), kept for printing the URL back.
    public let driverName: String
    public let username: String?
    public let password: String?
    public let host: String?
    public let port: Int?
    /// The path after the host, %-decoded: a database name, or an SQLite file path.
    public private(set) var database: String?
    public let query: [QueryItem]

    /// Parses `text`; the error never repeats the text, which may hold a password.
    public init(_ text: String) throws(DatabaseURLError) {
        let parts = try DatabaseURLParser.split(text)
        let backendName = parts.name.split(separator: "+", maxSplits: 1).first.map(String.init) ?? parts.name
        switch backendName {
        case "sqlite": backend = .sqlite
        case "postgresql": backend = .postgresql
        case "mysql", "mariadb": backend = .mysql
        case "postgres":
            // Hosting services hand out such URLs; SQLAlchemy (and so Alembic) rejects them too.
            throw DatabaseURLError("unsupported database 'postgres' in the URL: SQLAlchemy's name is postgresql://")
        default:
            throw DatabaseURLError(
                "unsupported database '\(backendName)' in the URL: Retort works with sqlite, postgresql and (through the project's Alembic) mysql")
        }
        driverName = parts.name
        username = parts.username.map(PercentCoding.unquote)
        password = parts.password.map(PercentCoding.unquote)
        host = parts.host
        database = parts.database.map(PercentCoding.unquote)
        query = parts.query.map(DatabaseURLParser.parseQuery) ?? []
        if let portText = parts.port {
            guard !portText.isEmpty, portText.utf8.allSatisfy({ (48...57).contains($0) }), let number = Int(portText),
                number <= 65535
            else {
                throw DatabaseURLError("invalid port '\(portText)' in the database URL: expected a number")
            }
            port = number
        } else {
            port = nil
        }
        switch backend {
        case .sqlite: try validateSQLite()
        case .postgresql: try validatePostgreSQL()
        case .mysql: break  // the project's driver reads the rest
        }
    }

    /// The dialect Retort writes SQL in for this database.
    public var dialect: Dialect {
        switch backend {
        case .sqlite: return .sqlite
        case .postgresql: return .postgresql
        case .mysql: return .mysql
        }
    }

    /// SQLAlchemy's backend name, the scheme before `+` (`mariadb` stays `mariadb`).
    public var backendName: String {
        driverName.split(separator: "+", maxSplits: 1).first.map(String.init) ?? driverName
    }

    /// Every value given for the query key `name`, in order.
    public func queryValues(_ name: String) -> [String] {
        query.filter { $0.name == name }.map(\.value)
    }

    /// The URL as SQLAlchemy's `render_as_string(hide_password=True)` prints it: the
    /// password as `***`, query keys sorted. A `password` query parameter, which libpq
    /// also reads, is masked too (SQLAlchemy would print it).
    public var masked: String { rendered(hidingPassword: true) }

    /// The URL with its password, for handing to another program that connects to the
    /// same database (the project's Alembic, to a scratch database made for it).
    public var withPassword: String { rendered(hidingPassword: false) }

    private func rendered(hidingPassword: Bool) -> String {
        var text = driverName + "://"
        if let username {
            text += PercentCoding.quote(username, safe: " +")
            if let password { text += ":" + (hidingPassword ? "***" : PercentCoding.quote(password, safe: "")) }
            text += "@"
        }
        if let host { text += host.contains(":") ? "[\(host)]" : host }
        if let port { text += ":\(port)" }
        if let database { text += "/" + PercentCoding.quote(database, safe: " +/") }
        if !query.isEmpty {
            // Python sorts the keys by code point; the values of one key keep their order.
            let keys = Set(query.map(\.name)).sorted {
                $0.unicodeScalars.map(\.value).lexicographicallyPrecedes($1.unicodeScalars.map(\.value))
            }
            var pairs: [String] = []
            for key in keys {
                for item in query where item.name == key {
                    let value = key == "password" && hidingPassword ? "***" : PercentCoding.quotePlus(item.value)
                    pairs.append(PercentCoding.quotePlus(key) + "=" + value)
                }
            }
            text += "?" + pairs.joined(separator: "&")
        }
        return text
    }

    public var description: String { masked }

    /// The same server and credentials, another database on it (a scratch database).
    public func with(database name: String) -> DatabaseURL {
        var copy = self
        copy.database = name
        return copy
    }
}

/// Why a database URL cannot be used; the message names no password.
public struct DatabaseURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
