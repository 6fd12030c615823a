/// `show REV`: the verbose entry of each revision a spec names.
public enum ShowCommand {
    public static func run(
        _ graph: RevisionGraph, revision spec: String, json: Bool = false, to out: inout some TextOutputStream
    ) throws {
        if spec == "current" {
            throw CommandFailure(.usage, "not supported yet: 'show current' needs a database connection")
        }
        let nodes: [Int]
        do {
            nodes = try graph.targets(for: spec).compactMap(\.node)
        } catch {
            throw RevisionFailureText.failure(error)
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
