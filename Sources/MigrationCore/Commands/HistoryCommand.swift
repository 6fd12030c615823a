/// `history [-r RANGE] [-v] [-i]`: the revisions from newest to oldest, as Alembic lists them.
public enum HistoryCommand {
    public struct Options: Sendable {
        public var range: String?
        public var verbose = false
        public var json = false
        /// With `-i`: the database's version table, whose revisions are marked `(current)`;
        /// also what `current` in the range stands for.
        public var current: DatabaseRows?
        /// `-i`: mark the current revisions (a range with `current` reads the rows too).
        public var indicateCurrent: Bool

        public init(
            range: String? = nil, verbose: Bool = false, json: Bool = false, current: DatabaseRows? = nil,
            indicateCurrent: Bool? = nil
        ) {
            self.range = range
            self.verbose = verbose
            self.json = json
            self.current = current
            self.indicateCurrent = indicateCurrent ?? (current != nil)
        }
    }

    /// The two ends of a `-r` range, as Alembic splits it (nil for an empty end).
    public static func ends(of range: String?) throws -> (base: String?, head: String?) {
        guard let range else { return (nil, nil) }
        let parts = PythonText.strip(range).split(separator: ":", omittingEmptySubsequences: false)
        guard range.contains(":"), parts.count == 2 else {
            throw CommandFailure(.usage, "History range requires [start]:[end], [start]:, or :[end]")
        }
        return (parts[0].isEmpty ? nil : String(parts[0]), parts[1].isEmpty ? nil : String(parts[1]))
    }

    /// Whether the range names `current`, so that the database must be read.
    public static func rangeNamesCurrent(_ range: String?) -> Bool {
        guard let (base, head) = try? ends(of: range) else { return false }
        return base == "current" || head == "current"
    }

    /// The nodes `history` lists for `range`, in Alembic's order. `current` in the range
    /// stands for `rows`, the version table's revisions, as Alembic passes them: as the
    /// upper end (`:current`) the rows themselves, or `heads` when there are none; as the
    /// lower end (`current:`) the rows, or base.
    public static func nodes(_ graph: RevisionGraph, range: String?, rows: [String]? = nil) throws -> [Int] {
        let (base, head) = try ends(of: range)
        if base == "current" || head == "current" {
            guard let rows else {
                throw CommandFailure(.usage, "a history range with 'current' needs the database's version table")
            }
            // Alembic tests the upper end first: `current:current` walks down from the rows to a
            // revision named "current", which does not exist.
            if head == "current" && !rows.isEmpty {
                let start = base ?? "base"
                do {
                    return try graph.upgradeRevisions(
                        toIDs: rows, from: [start], inclusive: true, assertRelativeLength: false)
                } catch {
                    throw RevisionFailureText.failure(error, start: start, end: tupleText(rows))
                }
            }
            if head != "current" {
                let end = head ?? "heads"
                do {
                    return try graph.upgradeRevisions(to: end, from: rows, inclusive: true, assertRelativeLength: false)
                } catch {
                    throw RevisionFailureText.failure(error, start: tupleText(rows), end: end)
                }
            }
            return try walk(graph, base: base, head: nil)
        }
        return try walk(graph, base: base, head: head)
    }

    /// The rows as Alembic's errors show them: a Python tuple (`('a',)`, `('a', 'b')`).
    private static func tupleText(_ rows: [String]) -> String {
        rows.count == 1 ? "(\(pythonRepr(rows[0])),)" : "(" + rows.map(pythonRepr).joined(separator: ", ") + ")"
    }

    private static func walk(_ graph: RevisionGraph, base: String?, head: String?) throws -> [Int] {
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
        let nodes = try nodes(graph, range: options.range, rows: options.current?.rows)
        let current = options.indicateCurrent ? options.current.map { Set($0.rows) } : nil
        if options.json {
            out.write(
                JSONValue.object([("revisions", RevisionJSON.list(graph, nodes, current: current))]).rendered() + "\n")
        } else {
            for node in nodes {
                let isCurrent = current?.contains(graph.revisions[node].id) ?? false
                if options.verbose {
                    out.write(graph.verboseEntry(node, isCurrent: isCurrent) + "\n")
                } else {
                    graph.writeShortEntry(
                        node, includeBranches: true, includeDoc: true, includeParents: true, isCurrent: isCurrent,
                        to: &out)
                    out.write("\n")
                }
            }
        }
        if options.indicateCurrent, let database = options.current {
            let unknown = database.unknown(in: graph)
            if !unknown.isEmpty { throw DatabaseRows.unknownFailure(unknown, table: database.table) }
        }
    }
}
