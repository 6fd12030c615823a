import Foundation

/// The schema a revision's functions run against, rebuilt by replaying the upgrades of
/// everything it builds on, oldest first, as `upgrade` would have applied them.
public enum SchemaReplay {
    /// The schema just before `node`'s upgrade: the upgrades of all its ancestors and
    /// dependencies. A revision among them that cannot be interpreted makes the schema
    /// uncertain, with its name as the reason.
    public static func before(_ node: Int, graph: RevisionGraph, dialect: Dialect) -> SchemaModel {
        let ancestors = Set(graph.ancestors(of: [node])).subtracting([node])
        // Alembic's order, heads first; applying runs it backwards.
        let order = graph.topologicalSort(ancestors, heads: Array(ancestors)).reversed()
        var model = SchemaModel()
        for ancestor in order {
            let revision = graph.revisions[ancestor]
            let body = RevisionBody.render(revision, .upgrade, dialect: dialect, schema: model)
            if !body.isInterpretable {
                model.markUnknown("revision \(revision.id) before it cannot be interpreted (\(body.unsupported.first?.description ?? "no upgrade()"))")
            }
            model.apply(body.operations, revision: revision.id)
        }
        return model
    }

    /// The schema just after `node`'s upgrade: what its downgrade runs against.
    public static func after(_ node: Int, graph: RevisionGraph, dialect: Dialect) -> SchemaModel {
        var model = before(node, graph: graph, dialect: dialect)
        let revision = graph.revisions[node]
        let body = RevisionBody.render(revision, .upgrade, dialect: dialect, schema: model)
        if !body.isInterpretable { model.markUnknown("revision \(revision.id) itself cannot be interpreted") }
        model.apply(body.operations, revision: revision.id)
        return model
    }

    /// The schema with the upgrades of `nodes` and everything they build on applied: what
    /// the history says a database holding those revisions has.
    ///
    /// The functions are read in parallel, without a schema; only those with a batch are
    /// written again in order, against the schema they run on (a table copy needs it).
    public static func at(_ nodes: [Int], graph: RevisionGraph, dialect: Dialect) -> SchemaModel {
        let applied = Set(graph.ancestors(of: nodes))
        let order = Array(graph.topologicalSort(applied, heads: Array(applied)).reversed())
        let slots = ParallelSlots<RevisionBody>(count: order.count)
        let workers = max(1, min(ProcessorCount.value, order.count / 32 + 1))
        let chunk = (order.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for i in (worker * chunk)..<min(order.count, (worker + 1) * chunk) {
                slots.store(RevisionBody.render(graph.revisions[order[i]], .upgrade, dialect: dialect), at: i)
            }
        }
        var model = SchemaModel()
        for (node, read) in zip(order, slots.all()) {
            let revision = graph.revisions[node]
            var body = read ?? RevisionBody.render(revision, .upgrade, dialect: dialect)
            if body.operations.contains(where: \.isBatch) {
                body = RevisionBody.render(revision, .upgrade, dialect: dialect, schema: model)
            }
            if !body.isInterpretable {
                model.markUnknown("revision \(revision.id) cannot be interpreted (\(body.unsupported.first?.description ?? "no upgrade()"))")
            }
            model.apply(body.operations, revision: revision.id)
        }
        return model
    }
}
