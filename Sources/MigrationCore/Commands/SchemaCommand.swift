/// `schema [REV]`: the schema the history describes at REV (default `heads`), as the
/// dialect's DDL or, with `--json`, object by object.
public enum SchemaCommand {
    public static func run(
        _ graph: RevisionGraph, revision spec: String, dialect: Dialect, json: Bool, to out: inout some TextOutputStream
    ) throws {
        try run(graph, nodes: try graph.nodes(for: spec), dialect: dialect, json: json, to: &out)
    }

    /// `schema current`: the schema at the database's rows (none: the empty schema of base).
    public static func run(
        _ graph: RevisionGraph, rows: DatabaseRows, dialect: Dialect, json: Bool, to out: inout some TextOutputStream
    ) throws {
        let unknown = rows.unknown(in: graph)
        if !unknown.isEmpty { throw DatabaseRows.unknownFailure(unknown, table: rows.table) }
        try run(graph, nodes: rows.rows.compactMap { graph.indexByID[$0] }, dialect: dialect, json: json, to: &out)
    }

    static func run(
        _ graph: RevisionGraph, nodes: [Int], dialect: Dialect, json: Bool, to out: inout some TextOutputStream
    ) throws {
        let schema = HistorySchema(nodes, graph: graph, dialect: dialect)
        if json {
            out.write(schema.json().rendered() + "\n")
        } else {
            out.write(try schema.ddl())
        }
    }
}
