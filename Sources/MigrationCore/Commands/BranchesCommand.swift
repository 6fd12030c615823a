/// `branches [-v]`: each branch point with the revisions that branch off it.
public enum BranchesCommand {
    public struct Options: Sendable {
        public var verbose = false
        public var json = false

        public init(verbose: Bool = false, json: Bool = false) {
            self.verbose = verbose
            self.json = json
        }
    }

    public static func run(_ graph: RevisionGraph, _ options: Options, to out: inout some TextOutputStream) throws {
        let points = try HistoryCommand.nodes(graph, range: nil).filter(graph.isBranchPoint)
        if options.json {
            let items = points.map { node -> JSONValue in
                guard case .object(var fields) = RevisionJSON.item(graph, node) else { return .null }
                fields.append(
                    ("branches_into", .array(graph.childNodes(of: node).map { .string(graph.revisions[$0].id) })))
                return .object(fields)
            }
            out.write(JSONValue.object([("branch_points", .array(items))]).rendered() + "\n")
            return
        }
        for node in points {
            let header =
                options.verbose
                ? graph.verboseEntry(node) : graph.shortEntry(node, includeBranches: true)
            let indent = String(repeating: " ", count: graph.revisions[node].id.count)
            let lines = graph.childNodes(of: node).map { child in
                "\(indent) -> " + graph.shortEntry(child, includeBranches: true, includeDoc: options.verbose)
            }
            out.write(header + "\n" + lines.joined(separator: "\n") + "\n\n")
        }
    }
}
