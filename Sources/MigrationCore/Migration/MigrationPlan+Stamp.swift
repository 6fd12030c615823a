/// `stamp`: rows moved to the targets without running any revision (Alembic's `_stamp_revs`).
extension MigrationPlan {
    /// The steps that move the rows `current` to `destinations`; with `purge`, the rows are
    /// all deleted first and the stamp starts from none.
    public static func stamp(
        _ graph: RevisionGraph, to destinations: [String], from current: [String], purge: Bool = false
    ) throws -> MigrationPlan {
        let heads = purge ? [] : current
        let steps: [MigrationStep]
        do {
            steps = try stampSteps(graph, destinations: destinations, heads: heads)
        } catch {
            throw RevisionFailureText.failure(
                error, multipleHeads: "Multiple heads are present; please specify a single target revision")
        }
        return try plan(.stamp, graph, destinations: destinations, current: current, steps: steps, purge: purge)
    }

    private static func stampSteps(_ graph: RevisionGraph, destinations: [String], heads: [String]) throws
        -> [MigrationStep]
    {
        let headNodes = try heads.flatMap { try graph.targets(for: $0) }.compactMap(\.node)
        let specs = destinations.isEmpty ? ["base"] : destinations

        // The current heads on the line of any target, each once, in table order.
        var filtered: [Int] = []
        for spec in specs where !spec.isEmpty {
            for node in try graph.filterForLineage(headNodes, spec, includeDependencies: true)
            where !filtered.contains(node) {
                filtered.append(node)
            }
        }
        let filteredIDs = filtered.map { graph.revisions[$0].id }

        var targets: [RevisionGraph.Target] = try specs.flatMap { try graph.targets(for: $0) }
        if targets.isEmpty { targets = [.none] }

        var steps: [MigrationStep] = []
        for target in targets {
            guard let dest = target.node else {
                // Base: delete the row of every head on those lines.
                steps += filteredIDs.map { MigrationStep(stampFrom: [$0], to: [], isUpgrade: false, branchMove: true) }
                continue
            }
            if filtered.contains(dest) { continue }  // already a row
            let id = graph.revisions[dest].id
            let above = Set(graph.descendants(of: [dest]))
            let below = Set(graph.ancestors(of: [dest]))
            if filtered.contains(where: above.contains) {
                // The heads are above the target: a downgrade, in one step.
                steps.append(MigrationStep(stampFrom: filteredIDs, to: [id], isUpgrade: false, branchMove: false))
            } else if filtered.contains(where: below.contains) {
                steps.append(MigrationStep(stampFrom: filteredIDs, to: [id], isUpgrade: true, branchMove: false))
            } else {
                // A line no row is on yet: a new branch.
                steps.append(MigrationStep(stampFrom: [], to: [id], isUpgrade: true, branchMove: true))
            }
        }
        return steps
    }
}
