import MigrationCore
import TerminalUI

/// The `b` picker: every head with its label, message and how many of its revisions the
/// database does not have, then "all heads"; Enter upgrades the chosen branch (`label@head`,
/// or the head's id) or all of them (`heads`), behind the usual confirmation. Space marks
/// heads, and `m` merges the marked ones (or all heads when none is marked).
public struct HeadsPicker: Sendable {
    public struct Entry: Sendable, Equatable {
        /// The upgrade target: `label@head`, the head's id, or `heads`.
        public var target: String
        /// The head's id; nil for "all heads".
        public var id: String?
        public var text: String
        /// Revisions on this branch (or anywhere, for all heads) the database does not have;
        /// nil when the database could not be read.
        public var pending: Int?
    }

    public var entries: [Entry]
    public private(set) var selected = 0
    /// The heads marked for a merge (entry indices).
    public private(set) var marked: Set<Int> = []
    /// Why the last key did nothing, for the picker's bottom line.
    public private(set) var hint: String?

    public enum Outcome: Sendable, Equatable {
        case upgrade(String)
        /// Merge these revisions (head ids, or `heads` for all of them).
        case merge([String])
        case cancel
    }

    public init(graph: RevisionGraph, database: DatabaseStatus?) {
        let applied: Set<Int>? = database.flatMap { if case .rows = $0.state { $0.applied } else { nil } }
        func pending(_ nodes: [Int]) -> Int? { applied.map { applied in nodes.filter { !applied.contains($0) }.count } }
        entries = graph.heads.map { node in
            let revision = graph.revisions[node]
            let label = graph.branchLabels[node].first  // inherited along the branch too
            let message = revision.message.split(separator: "\n").first.map(String.init) ?? ""
            return Entry(
                target: label.map { "\($0)@head" } ?? revision.id, id: revision.id,
                text: revision.id + (label.map { " (\($0))" } ?? "") + "  " + message,
                pending: pending(graph.ancestors(of: [node])))
        }
        entries.append(Entry(target: "heads", id: nil, text: "all heads", pending: pending(Array(graph.revisions.indices))))
    }

    /// Moves with j/k or the arrows, chooses with Enter, closes with Esc or q.
    public mutating func handle(_ key: Key) -> Outcome? {
        hint = nil
        switch key {
        case .character(" "):
            guard entries[selected].id != nil else {
                hint = "mark heads, not \"all heads\""
                return nil
            }
            if marked.contains(selected) { marked.remove(selected) } else { marked.insert(selected) }
        case .character("m"):
            let ids = marked.sorted().compactMap { entries[$0].id }
            if ids.count == 1 {
                hint = "mark two or more heads with Space (or none, for all heads)"
                return nil
            }
            return .merge(ids.isEmpty ? ["heads"] : ids)
        case .down, .character("j"): selected = min(entries.count - 1, selected + 1)
        case .up, .character("k"): selected = max(0, selected - 1)
        case .enter: return .upgrade(entries[selected].target)
        case .escape, .character("q"), .character("b"): return .cancel
        default: break
        }
        return nil
    }

    /// One line per entry: the mark of the selection, the text, the pending count.
    public var lines: [StyledLine] {
        entries.enumerated().map { index, entry in
            let pending = entry.pending.map { $0 == 0 ? "up to date" : "\($0) pending" } ?? "database not read"
            let mark = entry.id == nil ? "    " : marked.contains(index) ? "[x] " : "[ ] "
            return StyledLine([
                (index == selected ? "▶ " : "  ", "key"), (mark, "key"), (entry.text, index == selected ? "selected" : "normal"),
                ("  " + pending, entry.pending == 0 ? "applied" : "pending"),
            ])
        }
    }
}
