import MigrationCore

/// How many rows the tables a plan destroys hold now, read from the live database.
enum RowCounter {
    /// Each table's row count; a table that cannot be counted (not created yet, say) is absent.
    static func counts(_ tables: Set<String>, url: DatabaseURL, options: ConnectOptions) -> [String: Int] {
        guard !tables.isEmpty else { return [:] }
        var readOnly = options
        readOnly.readOnly = true
        guard let connection = try? url.connect(readOnly) else { return [:] }
        defer { connection.close() }
        var counts: [String: Int] = [:]
        for table in tables {
            let name = table.split(separator: ".").map { url.dialect.quote(String($0)) }.joined(separator: ".")
            if let rows = try? connection.query("SELECT count(*) FROM \(name)"), let text = rows.first?.first ?? nil,
                let count = Int(text)
            {
                counts[table] = count
            }
        }
        // A failed count in a PostgreSQL transaction would spoil the next; none is open here.
        return counts
    }

    /// `12,345`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
