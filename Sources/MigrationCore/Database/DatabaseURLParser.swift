/// Splits a URL into SQLAlchemy's parts, following the regular expression of
/// `sqlalchemy.engine.url._parse_url` step by step (including its backtracking, so that
/// an `@` or `/` in a password lands where SQLAlchemy puts it).
enum DatabaseURLParser {
    /// The raw, still %-encoded parts; `nil` where the URL has no such part.
    struct Parts: Equatable {
        var name: String
        var username: String?
        var password: String?
        var host: String?
        var port: String?
        var database: String?
        var query: String?
    }

    static func split(_ text: String) throws(DatabaseURLError) -> Parts {
        let chars = Array(text)
        // (?P<name>[\w\+]+)://
        var p = 0
        while p < chars.count, chars[p] == "+" || chars[p] == "_" || chars[p].isLetter || chars[p].isNumber {
            p += 1
        }
        guard p > 0, p + 3 <= chars.count, chars[p] == ":", chars[p + 1] == "/", chars[p + 2] == "/" else {
            throw DatabaseURLError(
                "could not parse the database URL: expected SQLAlchemy's form "
                    + "dialect+driver://user:password@host:port/database")
        }
        var parts = Parts(name: String(chars[0..<p]))
        let rest = Array(chars[(p + 3)...])
        var i = 0

        // (?:(?P<username>[^:/]*)(?::(?P<password>[^@]*))?@)?
        let userEnd = rest.firstIndex { $0 == ":" || $0 == "/" } ?? rest.count
        if userEnd < rest.count, rest[userEnd] == ":", let at = rest[(userEnd + 1)...].firstIndex(of: "@") {
            parts.username = String(rest[0..<userEnd])
            parts.password = String(rest[(userEnd + 1)..<at])
            i = at + 1
        } else if let at = rest[0..<userEnd].lastIndex(of: "@") {
            parts.username = String(rest[0..<at])
            i = at + 1
        }

        // (?:\[(?P<ipv6host>[^/\?]+)\] | (?P<ipv4host>[^/:\?]+))?
        var hostDone = false
        if i < rest.count, rest[i] == "[" {
            let segmentEnd = rest[(i + 1)...].firstIndex { $0 == "/" || $0 == "?" } ?? rest.count
            if let close = rest[(i + 1)..<segmentEnd].lastIndex(of: "]"), close > i + 1 {
                parts.host = String(rest[(i + 1)..<close])
                i = close + 1
                hostDone = true
            }
        }
        if !hostDone {
            let end = rest[i...].firstIndex { $0 == "/" || $0 == ":" || $0 == "?" } ?? rest.count
            if end > i {
                parts.host = String(rest[i..<end])
                i = end
            }
        }
        // (?::(?P<port>[^/\?]*))?
        if i < rest.count, rest[i] == ":" {
            let end = rest[(i + 1)...].firstIndex { $0 == "/" || $0 == "?" } ?? rest.count
            parts.port = String(rest[(i + 1)..<end])
            i = end
        }
        // (?:/(?P<database>[^\?]*))?
        if i < rest.count, rest[i] == "/" {
            let end = rest[(i + 1)...].firstIndex(of: "?") ?? rest.count
            parts.database = String(rest[(i + 1)..<end])
            i = end
        }
        // (?:\?(?P<query>.*))?
        if i < rest.count, rest[i] == "?" {
            parts.query = String(rest[(i + 1)...])
        }
        return parts
    }

    /// `urllib.parse.parse_qsl`: `&`-separated pairs; a pair without `=` or with an empty
    /// value is dropped, as SQLAlchemy drops it.
    static func parseQuery(_ query: String) -> [DatabaseURL.QueryItem] {
        var items: [DatabaseURL.QueryItem] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let value = pair[pair.index(after: equals)...]
            guard !value.isEmpty else { continue }
            items.append(
                .init(PercentCoding.unquotePlus(String(pair[..<equals])), PercentCoding.unquotePlus(String(value))))
        }
        return items
    }
}
