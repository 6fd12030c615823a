import MigrationCore

/// An action on the database from the browser, aimed at the selected revision.
public enum BrowserAction: String, Sendable, CaseIterable {
    /// The next pending migration toward the selected revision, alone.
    case stepForward
    /// The most recent applied migration on the selected revision's line, undone alone.
    case stepBack
    case upgrade
    case downgrade
    case stamp

    /// The plan and the request a run checks it against, from the version table's rows
    /// `rows`; throws a `CommandFailure` with a one-line reason when there is nothing to do.
    func plan(node: Int, graph: RevisionGraph, rows: [String]) throws -> (LiveMigration.Request, MigrationPlan) {
        let id = graph.revisions[node].id
        let plan: MigrationPlan
        let request: LiveMigration.Request
        do {
            switch self {
            case .stepForward:
                request = .upgrade(id)
                let full = try MigrationPlan.upgrade(graph, to: id, from: rows)
                guard !full.steps.isEmpty else { throw CommandFailure(.project, "nothing pending up to \(id): it is applied") }
                plan = try full.prefix(1, graph: graph)
            case .stepBack:
                guard let head = Self.appliedTip(on: node, graph: graph, rows: rows) else {
                    throw CommandFailure(.project, "no applied revision on the line of \(id) to undo")
                }
                plan = try MigrationPlan.downgradeOne(graph, node: head, from: rows)
                request = .downgrade(plan.destinations[0])
            case .upgrade:
                request = .upgrade(id)
                plan = try MigrationPlan.upgrade(graph, to: id, from: rows)
            case .downgrade:
                request = .downgrade(id)
                plan = try MigrationPlan.downgrade(graph, to: id, from: rows)
            case .stamp:
                // When the rows cannot be moved to `id` one by one, offer `--purge` (every
                // row deleted first), which the dialog calls out.
                let strange = rows.contains { graph.indexByID[$0] == nil } || Set(rows).count != rows.count
                let plain: Result<MigrationPlan, Error> =
                    strange
                    ? .failure(MigrationPlanError("the version table holds rows no script has, or a row twice"))
                    : Result { try MigrationPlan.stamp(graph, to: [id], from: rows) }
                if case .failure(let conflict) = plain {
                    guard let purged = try? MigrationPlan.stamp(graph, to: [id], from: rows, purge: true) else { throw conflict }
                    request = .stamp([id], purge: true)
                    plan = purged
                } else {
                    request = .stamp([id], purge: false)
                    plan = try plain.get()
                }
            }
        } catch let error as MigrationPlanError {
            throw CommandFailure(.project, error.message)
        }
        guard !plan.steps.isEmpty || plan.purge else {
            throw CommandFailure(.project, "nothing to do: the database already holds \(LivePlanText.rows(rows))")
        }
        return (request, plan)
    }

    /// The current revision (a row's tip) on the line through `node`: at or below it, or above it.
    static func appliedTip(on node: Int, graph: RevisionGraph, rows: [String]) -> Int? {
        let nodes = rows.compactMap { graph.indexByID[$0] }
        let current = CurrentCommand.currentNodes(graph, nodes)
        let line = Set(graph.ancestors(of: [node])).union(graph.descendants(of: [node])).union([node])
        return current.first { line.contains($0) }
    }

    /// How the dialog's title names the action.
    func title(_ plan: MigrationPlan, graph: RevisionGraph, node: Int) -> String {
        let id = graph.revisions[node].id
        switch self {
        case .stepForward: return "Step forward: " + (plan.steps.first?.shortLog ?? id)
        case .stepBack: return "Step back: " + (plan.steps.first?.shortLog ?? id)
        case .upgrade: return "Upgrade to \(id)"
        case .downgrade: return "Downgrade to \(id)"
        case .stamp: return "Stamp \(id)"
        }
    }
}
