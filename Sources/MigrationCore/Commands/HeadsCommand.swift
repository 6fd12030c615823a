/// `heads [-v] [--resolve-dependencies]`: the revisions nothing builds on.
public enum HeadsCommand {
    public struct Options: Sendable {
        public var verbose = false
        public var resolveDependencies = false
        public var json = false

        public init(verbose: Bool = false, resolveDependencies: Bool = false, json: Bool = false) {
            self.verbose = verbose
            self.resolveDependencies = resolveDependencies
            self.json = json
        }
    }

    public static func run(_ graph: RevisionGraph, _ options: Options, to out: inout some TextOutputStream) throws {
        // Alembic lists `heads` (no down_revision child) unless asked to count
        // dependencies, then the revisions nothing depends on at all.
        let nodes = options.resolveDependencies ? graph.realHeads : graph.heads
        if options.json {
            out.write(JSONValue.object([("heads", RevisionJSON.list(graph, nodes))]).rendered() + "\n")
            return
        }
        for node in nodes {
            if options.verbose {
                out.write(graph.verboseEntry(node) + "\n")
            } else {
                out.write(graph.shortEntry(node, includeBranches: true, treeIndicators: false) + "\n")
            }
        }
    }
}
