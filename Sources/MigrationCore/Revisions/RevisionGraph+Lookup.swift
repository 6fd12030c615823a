/// Resolving revision specs to nodes: ids, partial ids, labels, `head`, `heads`, `base`,
/// `label@rev` and `label@-N`, with Alembic's rules and error messages.
extension RevisionGraph {
    /// What a spec resolves to: a node, Alembic's `"base"` marker, or nothing (`None`).
    public enum Target: Hashable, Sendable {
        case node(Int)
        case base
        case none

        var node: Int? {
            if case .node(let n) = self { return n }
            return nil
        }
    }

    /// Splits `label@rest`, then maps the symbolic names (`_resolve_revision_number`).
    /// `nil` for `spec` means base.
    func resolveNumber(_ spec: String?) throws -> (ids: [String], label: String?) {
        guard var id = spec else { return ([], nil) }
        var label: String?
        if let at = id.firstIndex(of: "@") {
            label = String(id[..<at])
            id = String(id[id.index(after: at)...])
        }
        switch id {
        case "heads":
            if let label {
                return (try filterForLineage(heads, label).map { revisions[$0].id }, label)
            }
            return (realHeads.map { revisions[$0].id }, label)
        case "head":
            if let head = try currentHead(branchLabel: label) { return ([revisions[head].id], label) }
            return ([], label)
        case "base":
            return ([], label)
        default:
            return ([id], label)
        }
    }

    /// The single versioned head, optionally within a branch (`get_current_head`).
    public func currentHead(branchLabel: String? = nil) throws -> Int? {
        var candidates = heads
        if let branchLabel { candidates = try filterForLineage(candidates, branchLabel) }
        if candidates.count > 1 {
            throw multipleHeads(candidates, argument: branchLabel.map { "\($0)@head" } ?? "head")
        }
        return candidates.first
    }

    func multipleHeads(_ nodes: [Int], argument: String?) -> RevisionError {
        RevisionError(
            .multipleHeads,
            "Multiple heads are present for given argument '\(argument ?? "None")'; "
                + nodes.map { revisions[$0].id }.joined(separator: ", "))
    }

    /// Every target a spec names (`get_revisions`), e.g. several for `heads`, none for `base`.
    public func targets(for spec: String?) throws -> [Target] {
        let (ids, label) = try resolveNumber(spec)
        if ids.count == 1, let steps = Int(ids[0]), steps < 0 {
            // `branch@-n`: walk down from the heads of that branch.
            var selected = try targets(forIDs: realHeads.map { revisions[$0].id })
            if let label {
                selected = selected.filter { $0.node.map { branchLabels[$0].contains(label) } ?? false }
            }
            return try selected.map { try walk(from: $0, steps: steps) }
        }
        return try ids.map { try target(forIdentifier: $0, branch: label) }
    }

    /// `get_revisions` given several full ids.
    public func targets(forIDs ids: [String]) throws -> [Target] {
        var output: [Target] = []
        for id in ids { output += try targets(for: id) }
        return output
    }

    /// Exactly one target (`get_revision`): several heads is an error.
    public func target(for spec: String?) throws -> Target {
        let (ids, label) = try resolveNumber(spec)
        if ids.count > 1 {
            throw multipleHeads(ids.compactMap { indexByID[$0] }, argument: spec)
        }
        return try target(forIdentifier: ids.first, branch: label)
    }

    /// One id, label or unique prefix, optionally checked against a branch (`_revision_for_ident`).
    func target(forIdentifier identifier: String?, branch: String? = nil) throws -> Target {
        let branchNode: Int? = try branch.map { try resolveBranch($0) }
        guard let identifier else { return .none }
        var node = indexByID[identifier] ?? labelOwner[identifier]
        if node == nil {
            guard !identifier.isEmpty else {
                throw RevisionError(.resolution, "No such revision or branch ''")
            }
            // A partial id: a unique prefix of at least four characters (of an id or a label).
            var matches: [Int] = []
            var names: [String] = []
            for (n, revision) in revisions.enumerated()
            where revision.id.count > 3 && revision.id.hasPrefix(identifier) {
                matches.append(n)
                names.append(revision.id)
            }
            for (label, owner) in labelOwner.sorted(by: { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) })
            where label.count > 3 && label.hasPrefix(identifier) {
                matches.append(owner)
                names.append(label)
            }
            if let branch, branchNode != nil {
                let kept = try filterForLineage(matches, branch)
                names = zip(matches, names).filter { kept.contains($0.0) }.map(\.1)
                matches = kept
            }
            if matches.isEmpty {
                let hint =
                    identifier.count < 4
                    ? "; please ensure at least four characters are present for partial revision identifier matches"
                    : ""
                throw ResolutionFailure(
                    argument: identifier, detail: "No such revision or branch '\(identifier)'\(hint)")
            }
            if matches.count > 1 {
                let shown = names.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
                throw ResolutionFailure(
                    argument: identifier, detail: "Multiple revisions start with '\(identifier)': \(shown)...")
            }
            node = matches[0]
        }
        guard let found = node else { return .none }
        if let branch, let branchNode, !sharesLineage(found, with: [branchNode]) {
            throw ResolutionFailure(
                argument: identifier,
                detail: "Revision \(revisions[found].id) is not a member of branch '\(branch)'")
        }
        return .node(found)
    }

    /// A branch label, or failing that any revision spec (`_resolve_branch`).
    func resolveBranch(_ label: String) throws -> Int {
        if let node = labelOwner[label] ?? indexByID[label] { return node }
        do {
            if let node = try target(forIdentifier: label).node { return node }
        } catch is ResolutionFailure {}
        throw ResolutionFailure(argument: label, detail: "No such branch: '\(label)'")
    }

    /// Keeps the nodes that share a line of descent with `spec` (`filter_for_lineage`).
    func filterForLineage(_ nodes: [Int], _ spec: String, includeDependencies: Bool = false) throws -> [Int] {
        // Alembic resolves the spec's revisions only once it has a node to test against them.
        if nodes.isEmpty { return [] }
        let (ids, label) = try resolveNumber(spec)
        var against: [Int] = []
        for name in (label.map { [$0] } ?? []) + ids {
            if let node = try target(forIdentifier: name).node { against.append(node) }
        }
        if against.isEmpty && label == nil && ids.isEmpty { return nodes }
        return nodes.filter { sharesLineage($0, with: against, includeDependencies: includeDependencies) }
    }

    /// Whether `node` is an ancestor or descendant of (or is) any of `others` (`_shares_lineage`).
    func sharesLineage(_ node: Int, with others: [Int], includeDependencies: Bool = false) -> Bool {
        if others.isEmpty { return true }
        let wanted = Set(others)
        for n in descendants(of: [node], includeDependencies: includeDependencies) where wanted.contains(n) {
            return true
        }
        for n in ancestors(of: [node], includeDependencies: includeDependencies) where wanted.contains(n) {
            return true
        }
        return false
    }

    /// Steps up (positive) or down (negative) from `start` (`_walk`); `.none` when the
    /// walk leaves the graph and `noOverwalk` is set.
    func walk(from start: Target, steps: Int, branchLabel: String? = nil, noOverwalk: Bool = true) throws -> Target {
        var current = start
        for _ in 0..<abs(steps) {
            var next: [Target]
            if steps > 0 {
                let upward: [Int]
                switch current {
                case .none: upward = bases
                case .node(let n): upward = Array(children[n])
                case .base: upward = bases  // Alembic asserts here; treat base like no revision.
                }
                let candidates = try branchLabel.map { try filterForLineage(upward, $0) } ?? upward
                next = candidates.map { .node($0) }
            } else {
                switch current {
                case .base:
                    next = []
                case .none:
                    next = heads.map { .node($0) }
                case .node(let n):
                    next = parents[n].map { .node($0) }
                    if next.isEmpty { next = [.base] }
                }
            }
            if next.isEmpty { return noOverwalk ? .none : current }
            if next.count > 1 { throw RevisionError(.relativeWalk, "Ambiguous walk") }
            current = next[0]
        }
        return current
    }
}

/// A spec that names no revision; Alembic reports these as "Can't locate revision
/// identified by '...'", and Retort adds the reason.
struct ResolutionFailure: Error {
    var argument: String
    var detail: String
}

/// The parts of a relative spec `label@symbol+N` (Alembic's `_relative_destination`,
/// matched at the start of the text like `re.match`).
struct RelativeSpec: Equatable {
    var branchLabel: String?
    var symbol: String?
    var steps: Int
    /// The signed digits as written, e.g. `+2` or `-1`.
    var relativeText: String

    init?(_ text: String) {
        let chars = Array(text)
        // The label group is optional and lazy: try each '@' from the left, then none.
        var starts: [(label: String?, from: Int)] = []
        for (i, c) in chars.enumerated() where c == "@" && i > 0 && !chars[..<i].contains("\n") {
            starts.append((String(chars[..<i]), i + 1))
        }
        starts.append((nil, 0))
        for start in starts {
            if let tail = Self.matchTail(chars, from: start.from) {
                branchLabel = start.label
                symbol = tail.symbol
                steps = tail.steps
                relativeText = tail.text
                return
            }
        }
        return nil
    }

    private static func isWord(_ c: Character) -> Bool { c == "_" || c.isLetter || c.isNumber }

    private static func matchTail(_ chars: [Character], from start: Int) -> (symbol: String?, steps: Int, text: String)? {
        var i = start
        while i < chars.count && isWord(chars[i]) { i += 1 }
        let symbol = i > start ? String(chars[start..<i]) : nil
        guard i < chars.count, chars[i] == "+" || chars[i] == "-" else { return nil }
        var j = i + 1
        while j < chars.count && chars[j].isASCII && chars[j].isNumber { j += 1 }
        guard j > i + 1 else { return nil }
        let text = String(chars[i..<j])
        guard let steps = Int(text) else { return nil }
        return (symbol, steps, text)
    }
}
