/// What a `postgresql://` URL means to libpq, as psycopg2 passes it: the user, password,
/// host, port and database from the URL, and every query parameter as a libpq keyword
/// (`sslmode`, `host=/socket/dir`, `connect_timeout`, `application_name`, `options`, ...).
extension DatabaseURL {
    /// The keywords and values for `PQconnectdbParams`, in order. `connect_timeout` and
    /// `application_name` get `options`' values unless the URL gives its own, and the
    /// client encoding is UTF-8, since every value is read back as UTF-8 text.
    public func libpqKeywords(_ options: ConnectOptions) -> [(keyword: String, value: String)] {
        var keywords: [(keyword: String, value: String)] = []
        // A host or port in the query may list several (`host=a&host=b`, `host=a,b`);
        // libpq takes them as one comma-separated list.
        let queryHosts = queryValues("host")
        let queryPorts = queryValues("port")
        if let host {
            keywords.append(("host", host))
        } else if !queryHosts.isEmpty {
            keywords.append(("host", queryHosts.joined(separator: ",")))
        }
        if let port {
            keywords.append(("port", String(port)))
        } else if !queryPorts.isEmpty {
            keywords.append(("port", queryPorts.joined(separator: ",")))
        }
        if let username { keywords.append(("user", username)) }
        if let password { keywords.append(("password", password)) }
        if let database, !database.isEmpty { keywords.append(("dbname", database)) }
        for item in query where item.name != "host" && item.name != "port" {
            keywords.append((item.name, item.value))
        }
        let given = Set(query.map(\.name))
        if !given.contains("connect_timeout") { keywords.append(("connect_timeout", String(options.connectTimeout))) }
        if !given.contains("application_name") { keywords.append(("application_name", options.applicationName)) }
        if !given.contains("client_encoding") { keywords.append(("client_encoding", "UTF8")) }
        return keywords
    }

    func validatePostgreSQL() throws(DatabaseURLError) {
        if host != nil && !queryValues("host").isEmpty {
            throw DatabaseURLError("\(masked) gives the host twice: put it after @ or in ?host=, not both")
        }
        if port != nil && !queryValues("port").isEmpty {
            throw DatabaseURLError("\(masked) gives the port twice: put it after the host or in ?port=, not both")
        }
        var seen: Set<String> = []
        for item in query where item.name != "host" && item.name != "port" {
            if !seen.insert(item.name).inserted {
                throw DatabaseURLError("\(masked) gives the query parameter '\(item.name)' more than once")
            }
        }
        if let timeout = queryValues("connect_timeout").last, Int(timeout) == nil {
            throw DatabaseURLError("invalid connect_timeout '\(timeout)' in \(masked): expected whole seconds")
        }
    }
}
