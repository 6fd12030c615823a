/// `diff A B`: what changes from the schema the history describes at A to the one at B.
public enum DiffCommand {
    public static func run(
        _ graph: RevisionGraph, from: String, to: String, dialect: Dialect, json: Bool, to out: inout some TextOutputStream
    ) throws {
        let diff = SchemaDiff(from: try graph.nodes(for: from), to: try graph.nodes(for: to), graph: graph, dialect: dialect)
        out.write(json ? diff.json().rendered() + "\n" : diff.text)
    }
}
