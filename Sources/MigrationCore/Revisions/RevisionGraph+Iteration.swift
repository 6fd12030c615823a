/// Which revisions lie between two specs, and in which order Alembic visits them.
extension RevisionGraph {
    /// The revisions from `upper` down to `lower`, heads first, exactly as Alembic's
    /// `iterate_revisions` yields them. `history` uses `inclusive: true,
    /// assertRelativeLength: false`.
    public func iterateRevisions(
        upper: String?, lower: String?, inclusive: Bool = false, implicitBase: Bool = false,
        assertRelativeLength: Bool = true, forDowngrade: Bool = false
    ) throws -> [Int] {
        if forDowngrade {
            return try downgradeRevisions(
                from: upper.map { [$0] } ?? [], to: lower, inclusive: inclusive, implicitBase: implicitBase,
                assertRelativeLength: assertRelativeLength)
        }
        return try upgradeRevisions(
            to: upper, from: lower.map { [$0] } ?? [], inclusive: inclusive, implicitBase: implicitBase,
            assertRelativeLength: assertRelativeLength)
    }

    /// What an upgrade to `target` runs when the version table holds `current`, newest
    /// first (`iterate_revisions(target, current)`). `current` is Alembic's tuple: the
    /// ids of the current heads, or one spec as typed; empty means base.
    public func upgradeRevisions(
        to target: String?, from current: [String], inclusive: Bool = false, implicitBase: Bool = false,
        assertRelativeLength: Bool = true
    ) throws -> [Int] {
        let (nodes, heads) = try collectUpgrade(
            upper: target, lower: current, inclusive: inclusive, implicitBase: implicitBase,
            assertRelativeLength: assertRelativeLength)
        return try ordered(nodes, heads: heads, from: target)
    }

    /// The same walk with its upper end given as full ids (Alembic's tuple of current
    /// heads, as `history -r :current` passes it), rather than as one spec.
    public func upgradeRevisions(
        toIDs targetIDs: [String], from current: [String], inclusive: Bool = false, assertRelativeLength: Bool = true
    ) throws -> [Int] {
        let upper = targetIDs.joined(separator: ", ")
        let (nodes, heads) = try collectUpgrade(
            upper: upper, upperIDs: targetIDs, lower: current, inclusive: inclusive, implicitBase: false,
            assertRelativeLength: assertRelativeLength)
        return try ordered(nodes, heads: heads, from: upper)
    }

    /// What a downgrade from `current` to `target` undoes, newest first
    /// (`iterate_revisions(current, target, select_for_downgrade=True)`).
    public func downgradeRevisions(
        from current: [String], to target: String?, inclusive: Bool = false, implicitBase: Bool = false,
        assertRelativeLength: Bool = true
    ) throws -> [Int] {
        let (nodes, heads) = try collectDowngrade(
            upper: current, lower: target, inclusive: inclusive, implicitBase: implicitBase,
            assertRelativeLength: assertRelativeLength)
        return try ordered(nodes, heads: heads, from: current.isEmpty ? nil : current.joined(separator: ", "))
    }

    /// `nodes` in Alembic's walk order, or an error when some cannot be reached from `heads`.
    private func ordered(_ nodes: Set<Int>, heads: [Int], from upper: String?) throws -> [Int] {
        let ordered = topologicalSort(nodes, heads: heads)
        if ordered.count != nodes.count {
            // Alembic stops here on an internal assertion: some revisions of the range
            // cannot be reached from its upper end. Say so rather than drop them.
            let missing = nodes.subtracting(ordered).sorted().map { revisions[$0].id }
            let subject = missing.count == 1 ? "Revision \(missing[0]) lies" : "Revisions \(missing.joined(separator: ", ")) lie"
            throw RevisionError(
                .other,
                "\(subject) in the requested range but cannot be reached from '\(upper ?? "base")'; "
                    + "Alembic cannot order this range either")
        }
        return ordered
    }

    /// `_parse_upgrade_target`: the revisions an upgrade to `target` from `current` aims at.
    /// `current` is Alembic's `util.to_tuple(current_revisions)`.
    func parseUpgradeTarget(current: [String], target: String?, assertRelativeLength: Bool) throws -> [Target] {
        guard let target, let relative = RelativeSpec(target) else {
            return try targets(for: target)
        }
        let label = relative.branchLabel
        if relative.steps > 0 {
            guard let symbol = relative.symbol else {
                // Relative to the current revisions.
                var starts: [Target] = try current.flatMap { try targets(for: $0) }
                if starts.isEmpty { starts = [.none] }
                if let label {
                    let currentNodes = starts.compactMap(\.node)
                    var onBranch = try filterForLineage(currentNodes, label)
                    if onBranch.isEmpty {
                        // The branch is not at a head: start from its newest active revision.
                        let active = try filterForLineage(ancestors(of: currentNodes), label)
                        let below = Set(active.flatMap { normalizedParents(of: $0) })
                        onBranch = active.filter { !below.contains($0) }
                    }
                    starts = onBranch.isEmpty ? [.none] : onBranch.map { .node($0) }
                }
                if starts.count > 1 {
                    throw RevisionError(.relativeWalk, "Ambiguous upgrade from multiple current revisions")
                }
                let reached = try walk(
                    from: starts[0], steps: relative.steps, branchLabel: label, noOverwalk: assertRelativeLength)
                if case .none = reached {
                    throw RevisionError(
                        .relativeWalk,
                        "Relative revision \(relative.relativeText) didn't produce \(abs(relative.steps)) migrations")
                }
                return [reached]
            }
            return [
                try walk(
                    from: try self.target(for: symbol), steps: relative.steps, branchLabel: label,
                    noOverwalk: assertRelativeLength)
            ]
        }
        guard let symbol = relative.symbol else {
            throw RevisionError(
                .relativeWalk, "Relative revision \(relative.steps) didn't produce \(abs(relative.steps)) migrations")
        }
        let start = try self.target(for: label.map { "\($0)@\(symbol)" } ?? symbol)
        return [try walk(from: start, steps: relative.steps, noOverwalk: assertRelativeLength)]
    }

    /// `_parse_downgrade_target`: the branch and revision a downgrade to `target` stops at.
    func parseDowngradeTarget(current: [String], target: String?, assertRelativeLength: Bool) throws -> (
        label: String?, target: Target
    ) {
        guard let target else { return (nil, .none) }
        if let relative = RelativeSpec(target) {
            var label = relative.branchLabel
            if relative.steps >= 0 {
                guard let symbol = relative.symbol else {
                    throw RevisionError(
                        .relativeWalk,
                        "Relative revision \(relative.relativeText) didn't produce \(abs(relative.steps)) migrations")
                }
                let reached = try walk(
                    from: try self.target(for: symbol), steps: relative.steps, branchLabel: label,
                    noOverwalk: assertRelativeLength)
                if case .none = reached { throw RevisionError(.relativeWalk, "Walked too far") }
                return (label, reached)
            }
            var symbol = relative.symbol
            let relativeToCurrent = symbol == nil
            if relativeToCurrent {
                let currentIDs = try current.flatMap { try targets(for: $0) }.compactMap(\.node)
                if let label {
                    let onBranch = try filterForLineage(currentIDs, label)
                    guard onBranch.count == 1 else {
                        throw RevisionError(.relativeWalk, "Ambiguous downgrade within branch '\(label)'")
                    }
                    symbol = revisions[onBranch[0]].id
                } else {
                    guard let first = currentIDs.first else {
                        throw RevisionError(
                            .relativeWalk,
                            "Relative revision \(relative.relativeText) didn't produce \(abs(relative.steps)) migrations"
                        )
                    }
                    symbol = revisions[first].id
                    label = symbol
                }
            }
            let name = symbol ?? ""
            let start = try self.target(for: label.map { "\($0)@\(name)" } ?? name)
            let reached = try walk(from: start, steps: relative.steps, noOverwalk: assertRelativeLength)
            if case .none = reached {
                if relativeToCurrent {
                    throw RevisionError(
                        .relativeWalk,
                        "Relative revision \(relative.relativeText) didn't produce \(abs(relative.steps)) migrations")
                }
                throw RevisionError(.relativeWalk, "Walked too far")
            }
            return (label, reached)
        }
        // Absolute: `label@rev` keeps the label, split at the last '@'.
        if let at = target.lastIndex(of: "@") {
            let label = String(target[..<at])
            return (label.isEmpty ? nil : label, try self.target(for: String(target[target.index(after: at)...])))
        }
        return (nil, try self.target(for: target))
    }

    /// `_collect_upgrade_revisions`: what lies above `lower` and at or below `upper`.
    /// `lower` is a tuple as in Alembic: one spec as typed, or the current heads' ids.
    func collectUpgrade(
        upper: String?, upperIDs: [String]? = nil, lower: [String], inclusive: Bool, implicitBase: Bool,
        assertRelativeLength: Bool
    ) throws -> (nodes: Set<Int>, heads: [Int]) {
        var lower = lower
        var targets: [Int] = []
        let upperTargets =
            try upperIDs.map { try self.targets(forIDs: $0) }
            ?? parseUpgradeTarget(current: lower, target: upper, assertRelativeLength: assertRelativeLength)
        for target in upperTargets {
            guard let node = target.node else {
                throw RevisionError(.resolution, "'\(upper ?? "base")' does not name a revision to walk down from")
            }
            targets.append(node)
        }
        if lower.count == 1, let at = lower[0].firstIndex(of: "@") {
            // `branch@...` as the lower end keeps only targets on that branch. (Alembic
            // tests a string here; a tuple of current ids never holds an '@'.)
            let spec = lower[0]
            var branch = String(spec[..<at])
            if let node = try target(for: branch).node, revisions[node].id == branch {
                if let only = branchLabels[node].first, branchLabels[node].count == 1 { branch = only }
            }
            targets = targets.filter { branchLabels[$0].contains(branch) }
        }
        var required = Set(try relatedChecked(targets, by: normalizedParentEdges))
        required.formUnion(targets)

        var current = try lower.flatMap { try self.targets(for: $0) }
        if !implicitBase {
            for case .node(let node) in current where !required.contains(node) {
                throw RangeNotAncestor(lower: lower.isEmpty ? nil : lower.joined(separator: ", "), upper: upper)
            }
        }
        if let first = current.first, case .none = first {
            // A relative lower end that `targets(for:)` could not place.
            let (_, reached) = try parseDowngradeTarget(
                current: upperIDs ?? upper.map { [$0] } ?? [], target: lower.first,
                assertRelativeLength: assertRelativeLength)
            switch reached {
            case .base, .none:
                current = []
                lower = []
            case .node(let node):
                current = [.node(node)]
                lower = [revisions[node].id]
            }
        }
        let currentNodes = try current.map { target -> Int in
            guard let node = target.node else {
                throw RevisionError(.resolution, "'\(lower.first ?? "base")' does not name a revision")
            }
            return node
        }
        var currentSet = Set(try relatedChecked(currentNodes, by: normalizedParentEdges))
        currentSet.formUnion(currentNodes)

        var needs = required.subtracting(currentSet)
        if inclusive {
            for target in try lower.flatMap({ try self.targets(for: $0) }) {
                if let node = target.node { needs.insert(node) }
            }
        }
        if !currentNodes.isEmpty && !implicitBase {
            needs.formIntersection(try relatedChecked(currentNodes, by: childEdges))
        }
        return (needs, targets)
    }

    /// `_collect_downgrade_revisions`: what must be undone to go from `upper` down to `lower`.
    /// `upper` is a tuple as in Alembic: one spec as typed, or the current heads' ids.
    func collectDowngrade(
        upper: [String], lower: String?, inclusive: Bool, implicitBase: Bool, assertRelativeLength: Bool
    ) throws -> (nodes: Set<Int>, heads: [Int]) {
        let (label, target) = try parseDowngradeTarget(
            current: upper, target: lower, assertRelativeLength: assertRelativeLength)
        let targetNode = target.node
        var roots: [Int]
        if let targetNode {
            roots = inclusive ? [targetNode] : Array(children[targetNode])
        } else {
            roots = bases
        }
        if let label, roots.count > 1 {
            let onBranch = Set(ancestors(of: [try resolveBranch(label)], includeDependencies: false))
            roots = roots.filter { onBranch.contains($0) }
            if roots.isEmpty {
                throw RevisionError(.other, "Not a valid downgrade target from current heads")
            }
        }
        let heads = try upper.flatMap { try targets(for: $0) }.compactMap(\.node)
        var drop = Set(descendants(of: roots, includeDependencies: true))
        let active = Set(ancestors(of: heads, includeDependencies: true))
        drop.formIntersection(active)
        if implicitBase {
            drop.formUnion(active.subtracting(ancestors(of: roots)))
        }
        if let targetNode, drop.isEmpty, !heads.contains(targetNode) {
            throw RangeNotAncestor(lower: "Nothing to drop", upper: upper.isEmpty ? nil : upper.joined(separator: ", "))
        }
        return (drop, heads)
    }

    /// Alembic's `_topological_sort`: each revision after everything above it, following one
    /// branch down as long as no other pending head still needs its revisions first.
    func topologicalSort(_ nodes: Set<Int>, heads: [Int]) -> [Int] {
        let count = revisions.count
        var todo = NodeSet(nodes, capacity: count)
        var remaining = nodes.count
        func ancestorSet(_ node: Int) -> NodeSet {
            ancestorClosure?.row(node) ?? reachable(from: node, by: normalizedParentEdges)
        }
        var currentHeads = Array(Set(heads.filter { todo.contains($0) })).sorted()
        var ancestorsByIndex = currentHeads.map(ancestorSet)
        var output: [Int] = []
        output.reserveCapacity(nodes.count)
        var candidateIndex = 0
        while !currentHeads.isEmpty {
            let candidate = currentHeads[candidateIndex]
            var blockedBy: Int?
            for (index, ancestors) in ancestorsByIndex.enumerated()
            where index != candidateIndex && ancestors.contains(candidate) {
                blockedBy = index
                break
            }
            if let blockedBy {
                // Another pending head descends from this one: walk that head first.
                candidateIndex = blockedBy
                continue
            }
            if todo.contains(candidate) {
                output.append(candidate)
                todo.remove(candidate)
                remaining -= 1
            }
            let toAdd = normalizedParents(of: candidate).filter { todo.contains($0) && !currentHeads.contains($0) }
            if toAdd.isEmpty {
                currentHeads.remove(at: candidateIndex)
                ancestorsByIndex.remove(at: candidateIndex)
                candidateIndex = max(candidateIndex - 1, 0)
            } else if normalizedDependencies[candidate].isEmpty && parents[candidate].count == 1 {
                currentHeads[candidateIndex] = toAdd[0]
                ancestorsByIndex[candidateIndex].remove(candidate)
            } else {
                currentHeads[candidateIndex] = toAdd[0]
                currentHeads.append(contentsOf: toAdd.dropFirst())
                ancestorsByIndex[candidateIndex] = ancestorSet(toAdd[0])
                ancestorsByIndex.append(contentsOf: toAdd.dropFirst().map(ancestorSet))
            }
        }
        return output
    }
}

/// A range whose ends are not on one line of descent (Alembic's `RangeNotAncestorError`).
struct RangeNotAncestor: Error {
    var lower: String?
    var upper: String?
}
