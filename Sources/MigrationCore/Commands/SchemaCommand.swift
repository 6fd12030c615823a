/// `schema [REV]`: the schema the history describes at REV (default `heads`), as the
/// dialect's DDL or, with `--json`, object by object.
public enum SchemaCommand {
    public static func run(
        _ functions: RevisionFunctions, revision spec: String, json: Bool, to out: inout some TextOutputStream
    ) throws {
        try run(functions, nodes: try functions.graph.nodes(for: spec), json: json, to: &out)
    }

    /// `schema current`: the schema at the database's rows (none: the empty schema of base).
    public static func run(
        _ functions: RevisionFunctions, rows: DatabaseRows, json: Bool, to out: inout some TextOutputStream
    ) throws {
        let graph = functions.graph
        let unknown = rows.unknown(in: graph)
        if !unknown.isEmpty { throw DatabaseRows.unknownFailure(unknown, table: rows.table) }
        try run(functions, nodes: rows.rows.compactMap { graph.indexByID[$0] }, json: json, to: &out)
    }

    static func run(_ functions: RevisionFunctions, nodes: [Int], json: Bool, to out: inout some TextOutputStream) throws {
        let schema = HistorySchema(nodes, functions: functions)
        // Freeing thousands of tables one by one just before the process ends is time spent
        // for nothing.
        defer { ProcessLifetime.keep(schema) }
        if json {
            out.write(schema.json().rendered() + "\n")
        } else {
            out.write(try schema.ddl())
        }
    }
}
