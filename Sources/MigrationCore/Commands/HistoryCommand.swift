/// `history [-r RANGE] [-v] [-i]`: the revisions from newest to oldest, as Alembic lists them.
public enum HistoryCommand {
    public struct Options: Sendable {
        public var range: String?
        public var verbose = false
        public var json = false
        /// With `-i`: the database's version table, whose revisions are marked `(current)`.
        public var current: DatabaseRows?

        public init(range: String? = nil, verbose: Bool = false, json: Bool = false, current: DatabaseRows? = nil) {
            self.range = range
            self.verbose = verbose
            self.json = json
            self.current = current
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
                .usage, "not supported yet: a history range with 'current' (use -i to mark the current revisions)")
        }
        let start = base ?? "base"
        let end = head ?? "heads"
        do {
            return try graph.iterateRevisions(upper: end, lower: start, inclusive: true, assertRelativeLength: false)
        } catch {
            throw RevisionFailureText.failure(error, start: start, end: end)
        }
    }

    /// Prints the list. With `-i`, Alembic marks the revisions named by the version table's
    /// rows (not those they depend on) and passes over a row that no script has; Retort
    /// prints the same list, then fails naming that row.
    public static func run(_ graph: RevisionGraph, _ options: Options, to out: inout some TextOutputStream) throws {
        let nodes = try nodes(graph, range: options.range)
        let current = options.current.map { Set($0.rows) }
        if options.json {
            out.write(
                JSONValue.object([("revisions", RevisionJSON.list(graph, nodes, current: current))]).rendered() + "\n")
        } else {
            for node in nodes {
                let isCurrent = current?.contains(graph.revisions[node].id) ?? false
                if options.verbose {
                    out.write(graph.verboseEntry(node, isCurrent: isCurrent) + "\n")
                } else {
                    out.write(
                        graph.shortEntry(
                            node, includeBranches: true, includeDoc: true, includeParents: true, isCurrent: isCurrent)
                            + "\n")
                }
            }
        }
        if let database = options.current {
            let unknown = database.unknown(in: graph)
            if !unknown.isEmpty { throw DatabaseRows.unknownFailure(unknown, table: database.table) }
        }
    }
}
