/// `show REV`: the verbose entry of each revision a spec names.
public enum ShowCommand {
    /// `current` stands for the revisions of `current`, the version table's rows, in the
    /// order the database returns them (none for an empty or missing table), as Alembic's
    /// `show current` prints them.
    public static func run(
        _ graph: RevisionGraph, revision spec: String, current: DatabaseRows? = nil, json: Bool = false,
        to out: inout some TextOutputStream
    ) throws {
        let nodes: [Int]
        if spec == "current" {
            guard let current else {
                throw CommandFailure(.usage, "'show current' needs the database's version table")
            }
            nodes = try RevisionFailureText.resolving { try graph.targets(forIDs: current.rows).compactMap(\.node) }
        } else {
            nodes = try graph.nodes(for: spec)
        }
        if json {
            out.write(JSONValue.object([("revisions", RevisionJSON.list(graph, nodes))]).rendered() + "\n")
            return
        }
        for node in nodes {
            out.write(graph.verboseEntry(node) + "\n")
        }
    }
}
