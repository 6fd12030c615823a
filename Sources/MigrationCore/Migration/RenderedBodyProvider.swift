import Foundation

/// The SQL of each step's revision function, rendered by Retort for the plan's dialect.
///
/// All the plan's functions are rendered before anything is written, in parallel, so that
/// a run either has every revision's SQL or names every revision it lacks (exit 3). A
/// SQLite batch that copies a table gets the schema replayed from the revisions before it.
public final class RenderedBodyProvider: RevisionBodyProvider, @unchecked Sendable {
    let graph: RevisionGraph
    private var bodies: [Key: RevisionBody] = [:]

    private struct Key: Hashable {
        var node: Int
        var upgrade: Bool
    }

    public init(graph: RevisionGraph) { self.graph = graph }

    public func prepare(_ plan: MigrationPlan, dialect: Dialect) throws {
        let work = plan.steps.compactMap { step -> Key? in
            guard step.action != .stamp, let node = step.node else { return nil }
            return Key(node: node, upgrade: step.action == .upgrade)
        }
        let slots = ParallelSlots<RevisionBody>(count: work.count)
        let graph = self.graph
        let workers = max(1, min(ProcessorCount.value, work.count / 32 + 1))
        let chunk = (work.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for i in (worker * chunk)..<min(work.count, (worker + 1) * chunk) {
                let key = work[i]
                slots.store(
                    RevisionBody.render(graph.revisions[key.node], key.upgrade ? .upgrade : .downgrade, dialect: dialect), at: i)
            }
        }
        let results = slots.all()
        var failures: [RevisionBody] = []
        for (key, result) in zip(work, results) {
            guard var body = result else { continue }
            if !body.isInterpretable, body.operations.contains(where: { if case .batch = $0.kind { return true } else { return false } }) {
                // A table copy needs the table's shape: replay what came before.
                let schema =
                    key.upgrade
                    ? SchemaReplay.before(key.node, graph: graph, dialect: dialect)
                    : SchemaReplay.after(key.node, graph: graph, dialect: dialect)
                body = RevisionBody.render(graph.revisions[key.node], key.upgrade ? .upgrade : .downgrade, dialect: dialect, schema: schema)
            }
            if !body.isInterpretable { failures.append(body) }
            bodies[key] = body
        }
        guard failures.isEmpty else {
            let lines = failures.map { body in
                "  \(body.revision) \(body.direction.rawValue)(): " + (body.unsupported.first?.description ?? "")
                    + (body.unsupported.count > 1 ? " (and \(body.unsupported.count - 1) more)" : "")
            }
            throw CommandFailure(
                .uninterpretable,
                "\(failures.count) revision function\(failures.count == 1 ? "" : "s") of the plan cannot be interpreted for \(dialect.rawValue), so no SQL is written:\n"
                    + lines.joined(separator: "\n"))
        }
    }

    public func statements(for step: MigrationStep, dialect: Dialect) throws -> [String] {
        guard step.action != .stamp, let node = step.node else { return [] }
        guard let body = bodies[Key(node: node, upgrade: step.action == .upgrade)] else {
            throw CommandFailure(.uninterpretable, "the SQL of \(graph.revisions[node].id) was not prepared")
        }
        return body.statements
    }
}
