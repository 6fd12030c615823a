/// `current [-v] [--check-heads]`: the database's current revisions, as Alembic prints them.
public enum CurrentCommand {
    public struct Options: Sendable {
        public var verbose = false
        public var checkHeads = false
        public var json = false

        public init(verbose: Bool = false, checkHeads: Bool = false, json: Bool = false) {
            self.verbose = verbose
            self.checkHeads = checkHeads
            self.json = json
        }
    }

    /// Prints the current revisions of `database`: with `-v` the header
    /// `Current revision(s) for <masked url>:` first, then one line per revision (or
    /// Alembic's verbose entry). Alembic prints them in Python's set order, which changes
    /// from run to run; Retort prints them in script order.
    public static func run(
        _ graph: RevisionGraph, _ database: DatabaseRows, _ options: Options, to out: inout some TextOutputStream
    ) throws {
        if options.verbose && !options.json { out.write("Current revision(s) for \(database.url.masked):\n") }
        let unknown = database.unknown(in: graph)
        if !unknown.isEmpty { throw DatabaseRows.unknownFailure(unknown, table: database.table) }
        let nodes = database.rows.compactMap { graph.indexByID[$0] }
        let onAllHeads = isOnAllHeads(graph, nodes)
        let current = currentNodes(graph, nodes)
        if options.json {
            out.write(
                JSONValue.object([
                    ("url", .string(database.url.masked)),
                    ("version_table", .string(database.table.qualifiedName(database.url.dialect))),
                    ("rows", .array(database.rows.map(JSONValue.string))),
                    ("current", RevisionJSON.list(graph, current)),
                    ("is_on_all_heads", .bool(onAllHeads)),
                ]).rendered() + "\n")
        }
        if options.checkHeads && !onAllHeads {
            throw CommandFailure(.database, "Database is not on all head revisions")
        }
        if options.json { return }
        for node in current {
            out.write((options.verbose ? graph.verboseEntry(node) : graph.shortEntry(node)) + "\n")
        }
    }

    /// Everything a database with these rows has applied: the rows and all they stand on,
    /// through `depends_on` too.
    public static func appliedNodes(_ graph: RevisionGraph, _ rows: [Int]) -> Set<Int> {
        Set(graph.ancestors(of: rows, includeDependencies: true))
    }

    /// Alembic's `get_all_current`: the rows, everything they stand on (through
    /// `depends_on` too), reduced to the tips of each branch, so a dependency's branch
    /// tip is listed beside the revision that depends on it. In script order.
    public static func currentNodes(_ graph: RevisionGraph, _ rows: [Int]) -> [Int] {
        let applied = appliedNodes(graph, rows)
        // The set is closed under ancestors, so a node with a descendant in it has a child in it.
        return applied.filter { node in !graph.childNodes(of: node).contains(where: applied.contains) }.sorted()
    }

    /// Whether every head is applied: each one a row or an ancestor of one, counting
    /// `depends_on`.
    ///
    /// Alembic 1.20 compares the rows with the heads instead, so a database upgraded to
    /// `heads` where one head is a dependency of another (and so has no row of its own)
    /// fails its `--check-heads`; Retort does not report that database as behind.
    public static func isOnAllHeads(_ graph: RevisionGraph, _ rows: [Int]) -> Bool {
        let applied = appliedNodes(graph, rows)
        return graph.heads.allSatisfy(applied.contains)
    }
}
