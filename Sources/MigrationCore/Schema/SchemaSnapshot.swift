/// A live database's schema at one moment, as the round trip compares it: the names of
/// its tables, the shape of the tables in scope (every one, or those a revision names),
/// and PostgreSQL's enum types.
struct SchemaSnapshot {
    var tableNames: Set<String> = []
    /// By table name: the features drift compares (columns, keys, indexes, constraints).
    var tables: [String: TableShape.Features] = [:]
    /// PostgreSQL enum types by name, with their labels in order.
    var types: [String: String] = [:]

    /// Reads the database through `connection`; `scope` nil reads every table's shape.
    static func read(
        _ connection: any DatabaseConnection, scope: Set<String>?, versionTable: VersionTable
    ) throws(DatabaseError) -> SchemaSnapshot {
        let reader = LiveSchema.reader(connection)
        var snapshot = SchemaSnapshot()
        snapshot.tableNames = Set(try reader.tableNames(schema: nil)).subtracting([versionTable.name])
        for name in snapshot.tableNames where scope?.contains(name) ?? true {
            guard let table = try reader.table(name, schema: nil) else { continue }
            snapshot.tables[name] = TableShape(live: table, dialect: connection.dialect).features(dialect: connection.dialect)
        }
        snapshot.types = try reader.enumTypes(schema: nil).mapValues { $0.joined(separator: ", ") }
        return snapshot
    }

    /// What differs in `later` from this snapshot, in words: each table, object and type
    /// `later` has that this one has not ("left behind"), lacks ("missing"), or has in
    /// another form. Tables outside both scopes are compared by name only.
    func differences(_ later: SchemaSnapshot, before: String, after: String) -> [String] {
        var lines: [String] = []
        for name in later.tableNames.subtracting(tableNames).sorted() { lines.append("table \(name): left behind") }
        for name in tableNames.subtracting(later.tableNames).sorted() { lines.append("table \(name): missing") }
        for name in tableNames.intersection(later.tableNames).sorted() {
            guard let old = tables[name], let new = later.tables[name] else { continue }
            for feature in new.ordered where old[feature.key] == nil { lines.append("\(name): \(feature.text): left behind") }
            for feature in old.ordered {
                guard let now = new[feature.key] else {
                    lines.append("\(name): \(feature.text): missing")
                    continue
                }
                if now.text != feature.text {
                    lines.append("\(name): \(feature.key): \(feature.detail) \(before), \(now.detail) \(after)")
                }
            }
        }
        for name in Set(later.types.keys).subtracting(types.keys).sorted() { lines.append("type \(name): left behind") }
        for name in Set(types.keys).subtracting(later.types.keys).sorted() { lines.append("type \(name): missing") }
        for (name, labels) in types.sorted(by: { $0.key < $1.key }) {
            if let now = later.types[name], now != labels { lines.append("type \(name): (\(labels)) \(before), (\(now)) \(after)") }
        }
        return lines
    }
}
