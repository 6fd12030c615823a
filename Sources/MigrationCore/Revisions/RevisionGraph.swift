/// The revisions of a project as a graph: parents, children, heads, bases and labels.
///
/// This follows Alembic's `RevisionMap` rule for rule, so that heads, bases, branch and
/// merge points, inherited branch labels and walk order are the ones Alembic computes.
/// Nodes are addressed by their index in `revisions`, which is the order in which
/// scripts were loaded (a later duplicate replaces an earlier one in place).
public struct RevisionGraph: Sendable {
    /// The revisions, in load order.
    public let revisions: [Revision]
    /// Revision id to node index.
    public let indexByID: [String: Int]
    /// Branch label (as written in a script) to the node that declares it.
    public let labelOwner: [String: Int]

    /// `down_revision` parents of each node (Alembic's `_versioned_down_revisions`).
    var parents: Adjacency { parentEdges }
    /// `depends_on` resolved to nodes (`_resolved_dependencies`).
    let resolvedDependencies: Adjacency
    /// Dependencies that no versioned ancestor already depends on (`_normalized_resolved_dependencies`).
    private(set) var normalizedDependencies: Adjacency
    /// `parents` followed by `normalizedDependencies` (`_normalized_down_revisions`).
    private(set) var normalizedParentEdges: Adjacency
    let parentEdges: Adjacency
    /// Children through `down_revision` only (`nextrev`).
    let childEdges: Adjacency
    /// Children through `down_revision` or `depends_on` (`_all_nextrev`).
    let allChildEdges: Adjacency
    var children: Adjacency { childEdges }
    var allChildren: Adjacency { allChildEdges }
    /// Ancestors with dependencies of every node, when the graph is small enough; made
    /// when a walk first needs it (`heads` and `branches` never do).
    private var lazyAncestorClosure: LazyAncestorClosure
    var ancestorClosure: AncestorClosure? { lazyAncestorClosure.value }
    /// Branch labels of each node, including those inherited along its branch.
    public private(set) var branchLabels: [[String]]

    /// Nodes with no `down_revision` child, in load order (Alembic's `heads`).
    public let heads: [Int]
    /// Nodes that nothing depends on at all (`_real_heads`).
    public let realHeads: [Int]
    /// Nodes whose `down_revision` is empty (`bases`).
    public let bases: [Int]
    /// Bases that depend on nothing (`_real_bases`).
    public let realBases: [Int]

    /// Builds the graph and checks it, throwing Alembic's error for the first problem
    /// found, in the order Alembic checks: self-loops, labels, references, then cycles.
    public init(revisions: [Revision]) throws {
        // Shares the caller's storage unless a duplicate id forces a change.
        var list = revisions
        var index: [String: Int] = [:]
        index.reserveCapacity(revisions.count)
        var duplicates: [Int] = []
        for position in revisions.indices {
            try Self.checkIdentifier(revisions[position])
            if let first = index[revisions[position].id] {
                list[first] = revisions[position]  // the later file wins, in the earlier place
                duplicates.append(position)
            } else {
                index[revisions[position].id] = position
            }
        }
        if !duplicates.isEmpty {
            for position in duplicates.reversed() { list.remove(at: position) }
            index = [:]
            for (position, revision) in list.enumerated() { index[revision.id] = position }
        }
        let count = list.count

        // The loops below read fields through `list[node]` rather than `for revision in
        // list`, which would copy every revision (and retain all its strings) each time.
        var labels: [String: Int] = [:]
        for node in list.indices where !list[node].branchLabels.isEmpty {
            for label in list[node].branchLabels {
                if let owner = labels[label] ?? index[label] {
                    throw RevisionError(
                        .duplicateBranchLabel,
                        "Branch name '\(label)' in revision \(list[node].id) already used by revision \(list[owner].id)")
                }
                labels[label] = node
            }
        }

        func lookup(_ name: String) -> Int? { index[name] ?? labels[name] }

        // Each node's edges resolved to nodes, written straight into flat lists.
        var parents = Adjacency.Builder(nodes: count)
        var resolvedDeps = Adjacency.Builder(nodes: count)
        var allParents = Adjacency.Builder(nodes: count)
        for node in list.indices {
            for dependency in list[node].dependencies {
                guard let target = lookup(dependency) else {
                    throw RevisionError(
                        .missingReference,
                        "Dependency \(dependency) referenced from \(list[node].id) (\(list[node].path)) is not present")
                }
                resolvedDeps.addOnce(target)
            }
            for parent in list[node].downRevisions {
                guard let target = index[parent] else {
                    throw RevisionError(
                        .missingReference,
                        "Revision \(parent) referenced from \(list[node].id) (\(list[node].path)) is not present")
                }
                parents.addOnce(target)
                allParents.addOnce(target)
            }
            for target in resolvedDeps.current { allParents.addOnce(target) }
            parents.endNode()
            resolvedDeps.endNode()
            allParents.endNode()
        }
        let parentEdges = parents.build()
        let allParentEdges = allParents.build()
        let children = parentEdges.reversed()
        let allChildren = allParentEdges.reversed()

        self.revisions = list
        self.indexByID = index
        self.labelOwner = labels
        self.parentEdges = parentEdges
        self.resolvedDependencies = resolvedDeps.build()
        self.childEdges = children
        self.allChildEdges = allChildren
        self.heads = (0..<count).filter { children[$0].isEmpty }
        self.realHeads = (0..<count).filter { allChildren[$0].isEmpty }
        self.bases = (0..<count).filter { list[$0].downRevisions.isEmpty }
        self.realBases = (0..<count).filter { list[$0].downRevisions.isEmpty && list[$0].dependencies.isEmpty }
        // Filled in below, once ancestry can be walked.
        self.normalizedDependencies = resolvedDependencies
        self.normalizedParentEdges = parentEdges
        self.lazyAncestorClosure = LazyAncestorClosure(parents: parentEdges)
        self.branchLabels = list.map(\.branchLabels)

        try checkCycles(allParents: allParentEdges)
        normalizeDependencies()
        inheritBranchLabels()
        lazyAncestorClosure = LazyAncestorClosure(parents: normalizedParentEdges)
    }

    /// Alembic refuses ids with `@ - + :` and a revision that is its own parent or dependency.
    @inline(__always)
    private static func checkIdentifier(_ revision: borrowing Revision) throws {
        if revision.id.utf8.contains(where: { $0 == 0x40 || $0 == 0x2D || $0 == 0x2B || $0 == 0x3A }) {
            let forbidden: Set<Character> = ["@", "-", "+", ":"]
            let illegal = Set(revision.id).intersection(forbidden)
            let chars = illegal.map(String.init).sorted().joined(separator: ", ")
            throw RevisionError(
                .invalidIdentifier, "Character(s) '\(chars)' not allowed in revision identifier '\(revision.id)'")
        }
        if revision.downRevisions.contains(revision.id) {
            throw RevisionError(.selfLoop, "Self-loop is detected in revisions (\(revision.id))")
        }
        if revision.dependencies.contains(revision.id) {
            throw RevisionError(.selfLoop, "Dependency self-loop is detected in revisions (\(revision.id))")
        }
    }

    /// Keeps only dependencies that no versioned ancestor already has (`_normalize_depends_on`).
    ///
    /// Only the few nodes that declare dependencies matter as ancestors here, so each node
    /// carries the set of those among its versioned ancestors as bits, filled in one pass
    /// in topological order (a walk up each such node's whole ancestry was a fifth of
    /// building a 5,000-revision graph).
    private mutating func normalizeDependencies() {
        let carriers = revisions.indices.filter { !resolvedDependencies[$0].isEmpty }
        guard !carriers.isEmpty else { return }
        var carrierBit = [Int](repeating: -1, count: revisions.count)
        for (bit, node) in carriers.enumerated() { carrierBit[node] = bit }
        let words = (carriers.count + 63) / 64
        var above = [UInt64](repeating: 0, count: revisions.count * words)
        for node in parentEdges.parentsFirstOrder(children: childEdges) {
            let row = node * words
            for parent in parentEdges.neighbours(node) {
                let source = parent * words
                for w in 0..<words { above[row + w] |= above[source + w] }
                let bit = carrierBit[parent]
                if bit >= 0 { above[row + (bit >> 6)] |= 1 << UInt64(bit & 63) }
            }
        }
        var normalized = Adjacency.Builder(nodes: revisions.count)
        var normalizedParents = Adjacency.Builder(nodes: revisions.count)
        for node in revisions.indices {
            for parent in parentEdges[node] { normalizedParents.addOnce(parent) }
            let dependencies = resolvedDependencies[node]
            if !dependencies.isEmpty {
                var drop = Set<Int>()
                let row = node * words
                for (bit, carrier) in carriers.enumerated()
                where above[row + (bit >> 6)] & (1 << UInt64(bit & 63)) != 0 {
                    drop.formUnion(resolvedDependencies[carrier])
                }
                for dependency in dependencies where !drop.contains(dependency) {
                    normalized.addOnce(dependency)
                    normalizedParents.addOnce(dependency)
                }
            }
            normalized.endNode()
            normalizedParents.endNode()
        }
        normalizedDependencies = normalized.build()
        normalizedParentEdges = normalizedParents.build()
    }

    /// Spreads each branch label over its branch, as Alembic's `_add_branches` does: to every
    /// descendant, and down through ancestors until a branch point or merge point.
    private mutating func inheritBranchLabels() {
        var labels = branchLabels
        func add(_ new: [String], to node: Int) {
            for label in new where !labels[node].contains(label) { labels[node].append(label) }
        }
        for node in revisions.indices where !revisions[node].branchLabels.isEmpty {
            let own = labels[node]
            var last = node
            for descendant in related([node], by: childEdges) {
                add(own, to: descendant)
                last = descendant
            }
            var current: Int? = last
            while let parent = current, allChildren[parent].count <= 1, parents[parent].count <= 1 {
                add(own, to: parent)
                current = parents[parent].first
            }
        }
        branchLabels = labels
    }

    /// Alembic's `_detect_cycles`: every node must lie between a head and a base, first along
    /// `down_revision` edges, then along dependency edges too.
    private func checkCycles(allParents: Adjacency) throws {
        guard !revisions.isEmpty else { return }
        if heads.isEmpty || bases.isEmpty {
            throw RevisionError(.cycle, "Cycle is detected in revisions (\(idList(revisions.indices)))")
        }
        let count = revisions.count
        let fromHeads = NodeSet(related(heads, by: parentEdges), capacity: count)
        let fromBases = NodeSet(related(bases, by: childEdges), capacity: count)
        let cut = revisions.indices.filter { !(fromHeads.contains($0) && fromBases.contains($0)) }
        if !cut.isEmpty {
            throw RevisionError(.cycle, "Cycle is detected in revisions (\(idList(cut.map { revisions[$0].id }.sorted())))")
        }
        if realHeads.isEmpty || realBases.isEmpty {
            throw RevisionError(
                .dependencyCycle, "Dependency cycle is detected in revisions (\(idList(revisions.indices)))")
        }
        let looped = nodesOnCycles(parents: parentEdges, children: childEdges)
        if !looped.isEmpty {
            // Alembic's reachability test misses a loop that still has a head above it and a
            // base below it; its walks then produce a wrong order instead of failing.
            throw RevisionError(.cycle, "Cycle is detected in revisions (\(idList(looped.map { revisions[$0].id }.sorted())))")
        }
        let fromRealHeads = NodeSet(related(realHeads, by: allParents), capacity: count)
        let fromRealBases = NodeSet(related(realBases, by: allChildEdges), capacity: count)
        let fullCut = revisions.indices.filter { !(fromRealHeads.contains($0) && fromRealBases.contains($0)) }
        if !fullCut.isEmpty {
            throw RevisionError(
                .dependencyCycle,
                "Dependency cycle is detected in revisions (\(idList(fullCut.map { revisions[$0].id }.sorted())))")
        }
    }

    /// Nodes left after repeatedly removing nodes with no parents, then nodes with no
    /// children: exactly the nodes on or between loops.
    private func nodesOnCycles(parents: Adjacency, children: Adjacency) -> [Int] {
        var alive = [Bool](repeating: true, count: revisions.count)
        for (inward, outward) in [(parents, children), (children, parents)] {
            var pending = revisions.indices.map { node in
                var count = 0
                for other in inward[node] where alive[other] { count += 1 }
                return count
            }
            var queue = revisions.indices.filter { alive[$0] && pending[$0] == 0 }
            while let node = queue.popLast() {
                alive[node] = false
                for next in outward[node] where alive[next] {
                    pending[next] -= 1
                    if pending[next] == 0 { queue.append(next) }
                }
            }
        }
        return revisions.indices.filter { alive[$0] }
    }

    private func idList(_ nodes: Range<Int>) -> String {
        nodes.map { revisions[$0].id }.joined(separator: ", ")
    }

    private func idList(_ ids: [String]) -> String { ids.joined(separator: ", ") }
}
