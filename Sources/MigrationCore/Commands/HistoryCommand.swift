/// `history [-r RANGE] [-v]`: the revisions from newest to oldest, as Alembic lists them.
public enum HistoryCommand {
    public struct Options: Sendable {
        public var range: String?
        public var verbose = false
        public var json = false

        public init(range: String? = nil, verbose: Bool = false, json: Bool = false) {
            self.range = range
            self.verbose = verbose
            self.json = json
        }
    }

    /// The nodes `history` lists for `range`, in Alembic's order.
    public static func nodes(_ graph: RevisionGraph, range: String?) throws -> [Int] {
        var base: String?
        var head: String?
        if let range {
            let parts = PythonText.strip(range).split(separator: ":", omittingEmptySubsequences: false)
            guard range.contains(":"), parts.count == 2 else {
                throw CommandFailure(.usage, "History range requires [start]:[end], [start]:, or :[end]")
            }
            base = parts[0].isEmpty ? nil : String(parts[0])
            head = parts[1].isEmpty ? nil : String(parts[1])
        }
        if base == "current" || head == "current" {
            throw CommandFailure(
                .usage, "not supported yet: a history range with 'current' needs a database connection")
        }
        let start = base ?? "base"
        let end = head ?? "heads"
        do {
            return try graph.iterateRevisions(upper: end, lower: start, inclusive: true, assertRelativeLength: false)
        } catch {
            throw RevisionFailureText.failure(error, start: start, end: end)
        }
    }

    public static func run(_ graph: RevisionGraph, _ options: Options, to out: inout some TextOutputStream) throws {
        let nodes = try nodes(graph, range: options.range)
        if options.json {
            out.write(JSONValue.object([("revisions", RevisionJSON.list(graph, nodes))]).rendered() + "\n")
            return
        }
        for node in nodes {
            if options.verbose {
                out.write(graph.verboseEntry(node) + "\n")
            } else {
                out.write(
                    graph.shortEntry(node, includeBranches: true, includeDoc: true, includeParents: true) + "\n")
            }
        }
    }
}
