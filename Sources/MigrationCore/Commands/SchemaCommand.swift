/// `schema [REV]`: the schema the history describes at REV (default `heads`), as the
/// dialect's DDL or, with `--json`, object by object.
public enum SchemaCommand {
    public static func run(
        _ graph: RevisionGraph, revision spec: String, dialect: Dialect, json: Bool, to out: inout some TextOutputStream
    ) throws {
        let nodes: [Int]
        do {
            nodes = try graph.targets(for: spec).compactMap(\.node)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw RevisionFailureText.failure(error)
        }
        let schema = HistorySchema(nodes, graph: graph, dialect: dialect)
        if json {
            out.write(schema.json().rendered() + "\n")
        } else {
            out.write(try schema.ddl())
        }
    }
}
