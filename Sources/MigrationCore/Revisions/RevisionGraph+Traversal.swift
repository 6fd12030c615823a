/// Walking the graph: ancestors and descendants along chosen edges.
extension RevisionGraph {
    /// Every node reachable from `targets` along `edges`, each once, in Alembic's
    /// depth-first order (`_iterate_related_revisions`: a stack, targets taken in turn).
    func related(_ targets: [Int], by edges: Adjacency) -> [Int] {
        var seen = NodeSet(capacity: revisions.count)
        var output: [Int] = []
        var stack: [Int] = []
        for target in targets {
            stack.append(target)
            while let node = stack.popLast() {
                if seen.contains(node) { continue }
                seen.insert(node)
                edges.push(node, onto: &stack)
                output.append(node)
            }
        }
        return output
    }

    /// The nodes reachable from `start` along `edges`, as a set.
    func reachable(from start: Int, by edges: Adjacency) -> NodeSet {
        var seen = NodeSet(capacity: revisions.count)
        var stack = [start]
        while let node = stack.popLast() {
            if seen.contains(node) { continue }
            seen.insert(node)
            edges.push(node, onto: &stack)
        }
        return seen
    }

    /// Like `related(_:by:)`, and, as Alembic's `check=True`, an error when one requested
    /// target is reached from another.
    func relatedChecked(_ targets: [Int], by edges: Adjacency) throws -> [Int] {
        var seen = NodeSet(capacity: revisions.count)
        let requested = NodeSet(targets, capacity: revisions.count)
        var output: [Int] = []
        var stack: [Int] = []
        for target in targets {
            var overlaps: [Int] = []
            stack.append(target)
            while let node = stack.popLast() {
                // Alembic records every node popped, seen before or not.
                if node != target && requested.contains(node) && !overlaps.contains(node) { overlaps.append(node) }
                if seen.contains(node) { continue }
                seen.insert(node)
                edges.push(node, onto: &stack)
                output.append(node)
            }
            if !overlaps.isEmpty {
                let names = overlaps.sorted().map { revisions[$0].id }.joined(separator: ", ")
                throw RevisionError(
                    .other,
                    "Requested revision \(revisions[target].id) overlaps with other requested revisions \(names)")
            }
        }
        return output
    }

    /// Parents of `node` along `down_revision` then normalized dependencies (`_normalized_down_revisions`).
    func normalizedParents(of node: Int) -> [Int] { Array(normalizedParentEdges[node]) }

    /// `node` and its ancestors; with dependencies when `includeDependencies`.
    public func ancestors(of targets: [Int], includeDependencies: Bool = true) -> [Int] {
        related(targets, by: includeDependencies ? normalizedParentEdges : parentEdges)
    }

    /// `node` and its descendants; through dependents when `includeDependencies`.
    public func descendants(of targets: [Int], includeDependencies: Bool = true) -> [Int] {
        related(targets, by: includeDependencies ? allChildEdges : childEdges)
    }

    // MARK: Per-node facts, as Alembic's `Revision` properties

    /// No `down_revision` child (Alembic's `is_head`).
    public func isHead(_ node: Int) -> Bool { children[node].isEmpty }
    /// Nothing refers to it at all, not even through `depends_on` (`_is_real_head`).
    public func isRealHead(_ node: Int) -> Bool { allChildren[node].isEmpty }
    /// More than one `down_revision` child (`is_branch_point`).
    public func isBranchPoint(_ node: Int) -> Bool { children[node].count > 1 }
    /// Several `down_revision` parents (`is_merge_point`).
    public func isMergePoint(_ node: Int) -> Bool { revisions[node].downRevisions.count > 1 }
    /// No `down_revision` (`is_base`).
    public func isBase(_ node: Int) -> Bool { revisions[node].downRevisions.isEmpty }

    /// The `down_revision` children of `node`, in load order.
    public func childNodes(of node: Int) -> [Int] { Array(children[node]) }
    /// The `down_revision` parents of `node`, as written.
    public func parentNodes(of node: Int) -> [Int] { Array(parents[node]) }
    /// The nodes `node` depends on through `depends_on`.
    public func dependencyNodes(of node: Int) -> [Int] { Array(resolvedDependencies[node]) }
}
