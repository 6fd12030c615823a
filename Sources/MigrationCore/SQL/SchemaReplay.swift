import Foundation

/// The schema a revision's functions run against, rebuilt by replaying the upgrades of
/// everything it builds on, oldest first, as `upgrade` would have applied them.
public enum SchemaReplay {
    /// The schema just before `node`'s upgrade (see SchemaTimeline, which keeps the
    /// replay for more questions).
    public static func before(_ node: Int, graph: RevisionGraph, dialect: Dialect) -> SchemaModel {
        SchemaTimeline(graph: graph, dialect: dialect).before(node)
    }

    /// The schema just after `node`'s upgrade: what its downgrade runs against.
    public static func after(_ node: Int, graph: RevisionGraph, dialect: Dialect) -> SchemaModel {
        SchemaTimeline(graph: graph, dialect: dialect).after(node)
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
            if body.needsSchema {
                body = RevisionBody.render(revision, .upgrade, dialect: dialect, schema: model)
            }
            model.apply(body, reason: SchemaTimeline.before(body))
        }
        return model
    }
}
