/// What an `upgrade`, `downgrade` or `stamp` will do: the steps in order and the version
/// table's rows before, between and after them, computed as Alembic computes them.
///
/// A plan is pure data made from the graph and the current rows. The `--sql` script and
/// a live run are two ways of carrying out the same plan.
public struct MigrationPlan: Sendable, Equatable {
    public enum Command: Sendable, Equatable {
        case upgrade
        case downgrade
        case stamp
    }

    public var command: Command
    /// The target as the user wrote it (for a stamp, every target).
    public var destinations: [String]
    /// The version table's rows before the first step.
    public var startingHeads: [String]
    public var steps: [MigrationStep]
    /// The rows after the last step.
    public var finalHeads: [String]
    /// Whether every row is deleted before the first step (`stamp --purge`); the steps
    /// are then planned from no rows at all.
    public var purge: Bool

    /// `upgrade destination` from the rows `current` (Alembic's `_upgrade_revs`).
    public static func upgrade(_ graph: RevisionGraph, to destination: String, from current: [String]) throws
        -> MigrationPlan
    {
        let nodes: [Int]
        do {
            nodes = try graph.upgradeRevisions(to: destination, from: current, implicitBase: true)
        } catch {
            throw RevisionFailureText.failure(
                error, end: destination,
                ancestor: "Destination \(destination) is not a valid upgrade target from current head(s)")
        }
        // Alembic walks newest first, then runs the list reversed.
        let steps = nodes.reversed().map { MigrationStep(revision: graph.revisions[$0], node: $0, upgrade: true) }
        return try plan(.upgrade, graph, destinations: [destination], current: current, steps: steps)
    }

    /// `downgrade destination` from the rows `current` (Alembic's `_downgrade_revs`).
    public static func downgrade(_ graph: RevisionGraph, to destination: String, from current: [String]) throws
        -> MigrationPlan
    {
        let nodes: [Int]
        do {
            nodes = try graph.downgradeRevisions(from: current, to: destination)
        } catch {
            throw RevisionFailureText.failure(
                error, end: destination,
                ancestor: "Destination \(destination) is not a valid downgrade target from current head(s)")
        }
        let steps = nodes.map { MigrationStep(revision: graph.revisions[$0], node: $0, upgrade: false) }
        return try plan(.downgrade, graph, destinations: [destination], current: current, steps: steps)
    }

    /// The plan cut to its first `count` steps (the browser's one step at a time).
    public func prefix(_ count: Int, graph: RevisionGraph) throws -> MigrationPlan {
        try Self.plan(command, graph, destinations: destinations, current: startingHeads, steps: Array(steps.prefix(count)), purge: purge)
    }

    /// One revision's downgrade alone from the rows `current` (the browser's step back);
    /// throws when the rows do not allow it (another applied revision stands on it).
    public static func downgradeOne(_ graph: RevisionGraph, node: Int, from current: [String]) throws -> MigrationPlan {
        let step = MigrationStep(revision: graph.revisions[node], node: node, upgrade: false)
        let parents = graph.revisions[node].downRevisions
        return try plan(.downgrade, graph, destinations: [parents.isEmpty ? "base" : parents.joined(separator: ",")], current: current, steps: [step])
    }

    /// Runs the rows through `steps` and records each step's changes.
    static func plan(
        _ command: Command, _ graph: RevisionGraph, destinations: [String], current: [String], steps: [MigrationStep],
        purge: Bool = false
    ) throws -> MigrationPlan {
        var maintainer = HeadMaintainer(graph: graph, heads: purge ? [] : current)
        var planned: [MigrationStep] = []
        planned.reserveCapacity(steps.count)
        for step in steps { planned.append(try maintainer.apply(step)) }
        return MigrationPlan(
            command: command, destinations: destinations, startingHeads: current, steps: planned,
            finalHeads: maintainer.heads, purge: purge)
    }
}
