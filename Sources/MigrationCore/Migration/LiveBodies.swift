import Foundation

/// The functions a live run will execute, rendered for the connected database before
/// anything is applied: all of them in parallel, so a run either has every step's
/// statements or names every revision it cannot interpret (exit 3) and touches nothing.
public final class LiveBodies: @unchecked Sendable {
    struct Key: Hashable {
        var node: Int
        var upgrade: Bool
    }

    let graph: RevisionGraph
    public let dialect: Dialect
    /// libpq's server version, which decides a few statements' transaction needs.
    public let serverVersion: Int?
    private var bodies: [Key: LiveBody] = [:]

    public init(graph: RevisionGraph, dialect: Dialect, serverVersion: Int?) {
        self.graph = graph
        self.dialect = dialect
        self.serverVersion = serverVersion
    }

    /// Renders every step's function not rendered yet; throws exit 3 naming each one
    /// that cannot be interpreted.
    public func prepare(_ steps: [MigrationStep]) throws {
        var seen = Set<Key>()
        let work = steps.compactMap { step -> Key? in
            guard let key = Self.key(step), bodies[key] == nil, seen.insert(key).inserted else { return nil }
            return key
        }
        let graph = self.graph
        let dialect = self.dialect
        let serverVersion = self.serverVersion
        let slots = ParallelSlots<LiveBody>(count: work.count)
        let workers = max(1, min(ProcessorCount.value, work.count / 32 + 1))
        let chunk = (work.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for i in (worker * chunk)..<min(work.count, (worker + 1) * chunk) {
                slots.store(Self.render(work[i], graph: graph, dialect: dialect, serverVersion: serverVersion), at: i)
            }
        }
        var failures: [LiveBody] = []
        for (key, body) in zip(work, slots.all()) {
            guard let body else { continue }
            if body.isInterpretable { bodies[key] = body } else { failures.append(body) }
        }
        guard failures.isEmpty else {
            let lines = failures.map { body in
                "  \(body.revision) \(body.direction.rawValue)(): " + (body.unsupported.first?.description ?? "")
                    + (body.unsupported.count > 1 ? " (and \(body.unsupported.count - 1) more)" : "")
            }
            let count = failures.count
            throw CommandFailure(
                .uninterpretable,
                "\(count) revision function\(count == 1 ? "" : "s") of the plan cannot be interpreted for "
                    + "\(dialect.rawValue), so nothing was applied:\n" + lines.joined(separator: "\n"))
        }
    }

    /// The rendered function of `step`; nil for a stamp, or a step not prepared.
    public func body(for step: MigrationStep) -> LiveBody? {
        Self.key(step).flatMap { bodies[$0] }
    }

    static func key(_ step: MigrationStep) -> Key? {
        guard step.action != .stamp, let node = step.node else { return nil }
        return Key(node: node, upgrade: step.action == .upgrade)
    }

    /// One function; a SQLite batch that copies a table is rendered again with the
    /// schema replayed from the revisions before it, as the offline script does.
    private static func render(_ key: Key, graph: RevisionGraph, dialect: Dialect, serverVersion: Int?) -> LiveBody {
        let revision = graph.revisions[key.node]
        let direction: RevisionBody.Direction = key.upgrade ? .upgrade : .downgrade
        let body = LiveBody.render(revision, direction, dialect: dialect, serverVersion: serverVersion)
        guard !body.isInterpretable, body.hasBatch else { return body }
        let schema =
            key.upgrade
            ? SchemaReplay.before(key.node, graph: graph, dialect: dialect)
            : SchemaReplay.after(key.node, graph: graph, dialect: dialect)
        return LiveBody.render(revision, direction, dialect: dialect, serverVersion: serverVersion, schema: schema)
    }
}
