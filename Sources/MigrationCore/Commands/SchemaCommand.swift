/// `schema [REV]`: the schema the history describes at REV (default `heads`), as the
/// dialect's DDL or, with `--json`, object by object.
public enum SchemaCommand {
    public static func run(
        _ graph: RevisionGraph, revision spec: String, dialect: Dialect, json: Bool, to out: inout some TextOutputStream
    ) throws {
        let schema = HistorySchema(try graph.nodes(for: spec), graph: graph, dialect: dialect)
        if json {
            out.write(schema.json().rendered() + "\n")
        } else {
            out.write(try schema.ddl())
        }
    }
}
