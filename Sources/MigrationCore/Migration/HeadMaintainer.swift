/// The rows of the version table as a plan's steps run: Alembic's `HeadMaintainer`, with
/// the `should_*_branch` rules of `RevisionStep` and `StampStep`, rule for rule.
///
/// Alembic keeps the rows in a Python set and, for a merge or an unmerge with other heads
/// present, picks which row to UPDATE and which to DELETE or INSERT in set order, which
/// changes from run to run. Retort picks in the order the revision lists its parents
/// (`down_revision`, then `depends_on`); every choice gives the same rows afterwards.
public struct HeadMaintainer: Sendable {
    let graph: RevisionGraph
    /// The current rows, in the order they came to be.
    public private(set) var heads: [String]

    public init(graph: RevisionGraph, heads: [String]) {
        self.graph = graph
        var unique: [String] = []
        for head in heads where !unique.contains(head) { unique.append(head) }
        self.heads = unique
    }

    /// Records what `step` does to the rows (`update_to_step`) and returns the step with
    /// `headsBefore` and `versionChanges` filled in.
    public mutating func apply(_ step: MigrationStep) throws -> MigrationStep {
        var step = step
        step.headsBefore = heads
        do {
            let changes = step.action == .stamp ? try stampChanges(step) : try revisionChanges(step)
            for change in changes { try record(change) }
            step.versionChanges = changes
        } catch let error as MigrationPlanError {
            // Alembic fails here too, with an assertion or a KeyError; name the step at least.
            throw MigrationPlanError("\(step.shortLog): \(error.message)")
        }
        return step
    }

    // MARK: RevisionStep

    private func revisionChanges(_ step: MigrationStep) throws -> [VersionChange] {
        guard let node = step.node, let id = step.revision?.id else { return [] }
        let downs = graph.normalizedParents(of: node).map { graph.revisions[$0].id }
        let upgrade = step.action == .upgrade
        // `from_revisions` / `to_revisions`, with dependencies.
        let from = upgrade ? downs : [id]
        let to = upgrade ? [id] : downs

        if !upgrade && heads.contains(id) {
            // should_delete_branch: a base, or every parent already lies below another head.
            if downs.isEmpty { return [.delete(id)] }
            if try unmergeTargets(id: id, to: to).isEmpty { return [.delete(id)] }
        }
        if upgrade && (downs.isEmpty || !downs.contains(where: heads.contains)) {
            return [.insert(id)]
        }
        if upgrade && downs.count > 1 && downs.filter(heads.contains).count > 1 {
            // merge_branch_idents: delete all but one parent row, move the last to the merge.
            let others = heads.filter { !from.contains($0) }
            var merged = from
            if !others.isEmpty {
                let below = try ancestors(of: others)
                merged = from.filter { !contains(below, $0) }
            }
            guard let last = merged.last else {
                throw MigrationPlanError("No version row to merge into \(id): every parent lies below another head")
            }
            return merged.dropLast().map { .delete($0) } + [.update(from: last, to: id)]
        }
        if !upgrade && heads.contains(id) && downs.count > 1 {
            // unmerge_branch_idents: insert all parents but one, move the merge row to the last.
            let targets = try unmergeTargets(id: id, to: to)
            guard let last = targets.last else { return [.delete(id)] }
            return targets.dropLast().map { .insert($0) } + [.update(from: id, to: last)]
        }
        // update_version_num
        let down: String
        if downs.count == 1 {
            down = downs[0]
        } else {
            let present = downs.filter(heads.contains)
            guard present.count == 1 else {
                throw MigrationPlanError("Can't do an UPDATE because downrevision is ambiguous")
            }
            down = present[0]
        }
        return [upgrade ? .update(from: down, to: id) : .update(from: id, to: down)]
    }

    /// `_unmerge_to_revisions`: the parents a downgrade of `id` leaves as rows, that is
    /// those not already below another remaining head.
    private func unmergeTargets(id: String, to: [String]) throws -> [String] {
        let others = heads.filter { $0 != id }
        if !others.isEmpty {
            let below = try ancestors(of: others)
            return to.filter { !contains(below, $0) }
        }
        // Each parent's own ancestors are already accounted for by that parent.
        var below = NodeSet(capacity: graph.revisions.count)
        for parent in to {
            let own = graph.indexByID[parent]
            for node in try ancestorNodes(of: [parent]) where node != own { below.insert(node) }
        }
        return to.filter { !contains(below, $0) }
    }

    /// `ids` and all their ancestors, through dependencies too, as a set of nodes: a merge
    /// in a long history asks this of thousands of revisions, which as strings cost more
    /// than the rest of the plan.
    private func ancestors(of ids: [String]) throws -> NodeSet {
        NodeSet(try ancestorNodes(of: ids), capacity: graph.revisions.count)
    }

    private func ancestorNodes(of ids: [String]) throws -> [Int] {
        var nodes: [Int] = []
        for id in ids {
            do {
                nodes += try graph.targets(for: id).compactMap(\.node)
            } catch {
                throw RevisionFailureText.failure(error)
            }
        }
        return graph.ancestors(of: nodes)
    }

    /// Whether the revision `id` is among `nodes`.
    private func contains(_ nodes: NodeSet, _ id: String) -> Bool {
        graph.indexByID[id].map(nodes.contains) ?? false
    }

    // MARK: StampStep

    private func stampChanges(_ step: MigrationStep) throws -> [VersionChange] {
        let from = step.fromRevisions
        let to = step.toRevisions
        if !step.isUpgrade && step.stampMovesBranch {
            guard from.count == 1 else { throw stampShape(step) }
            return [.delete(from[0])]
        }
        if step.isUpgrade && (step.stampMovesBranch || from.contains { !heads.contains($0) })
            && to.contains(where: { !heads.contains($0) })
        {
            guard to.count == 1 else { throw stampShape(step) }
            return [.insert(to[0])]
        }
        if from.count > 1 {
            guard let target = to.first else { throw stampShape(step) }
            return from.dropLast().map { .delete($0) } + [.update(from: from[from.count - 1], to: target)]
        }
        if to.count > 1 {
            guard let source = from.first else { throw stampShape(step) }
            return to.dropLast().map { .insert($0) } + [.update(from: source, to: to[to.count - 1])]
        }
        guard from.count == 1, to.count == 1 else { throw stampShape(step) }
        return [.update(from: from[0], to: to[0])]
    }

    private func stampShape(_ step: MigrationStep) -> MigrationPlanError {
        MigrationPlanError("Can't stamp \(step.shortLog): Alembic's stamp expects one revision on each side here")
    }

    // MARK: Rows

    /// `_insert_version`, `_delete_version`, `_update_version`, with their checks.
    private mutating func record(_ change: VersionChange) throws {
        switch change {
        case .insert(let id):
            guard !heads.contains(id) else { throw MigrationPlanError("Can't insert version '\(id)': \(listing)") }
            heads.append(id)
        case .delete(let id):
            guard let index = heads.firstIndex(of: id) else {
                throw MigrationPlanError("Can't delete version '\(id)': \(listing)")
            }
            heads.remove(at: index)
        case .update(let from, let to):
            guard !heads.contains(to), let index = heads.firstIndex(of: from) else {
                throw MigrationPlanError("Can't update version '\(from)' to '\(to)': \(listing)")
            }
            heads.remove(at: index)
            heads.append(to)
        }
    }

    private var listing: String {
        heads.isEmpty ? "the version table is empty" : "the version table holds \(heads.joined(separator: ", "))"
    }
}
