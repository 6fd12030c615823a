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

    /// The schema with the upgrades of `nodes` and everything they build on applied, each
    /// once, in the order `upgrade` runs them: what the history says a database holding
    /// those revisions has.
    ///
    /// The functions are read in parallel, without a schema; only those that need one (a
    /// table copy, a question to the Inspector) are read again, in order, against the
    /// schema they run on. For the upgrades of `watched`, `watch` sees the tables their
    /// operations touch, as they were before and after (only those: a whole model kept
    /// across an upgrade would be copied whole, once per revision), and the enum types.
    public static func at(
        _ nodes: [Int], graph: RevisionGraph, dialect: Dialect, watched: Set<Int> = [],
        watch: (_ node: Int, _ before: SchemaModel.Slice, _ after: SchemaModel.Slice) -> Void = { _, _, _ in }
    ) -> SchemaModel {
        at(nodes, functions: RevisionFunctions(graph: graph, dialect: dialect), watched: watched, watch: watch)
    }

    /// `at(_:graph:dialect:)` with the functions read through `functions` (from its cache).
    public static func at(
        _ nodes: [Int], functions: RevisionFunctions, watched: Set<Int> = [],
        watch: (_ node: Int, _ before: SchemaModel.Slice, _ after: SchemaModel.Slice) -> Void = { _, _, _ in }
    ) -> SchemaModel {
        let (graph, dialect) = (functions.graph, functions.dialect)
        let applied = Set(graph.ancestors(of: nodes))
        // The nodes are the set's tops: as heads, the sort is Alembic's order, and linear.
        let order = Array(graph.topologicalSort(applied, heads: nodes).reversed())
        var model = SchemaModel()
        for (node, read) in zip(order, functions.upgrades(of: order)) {
            var body = read
            if body.needsSchema { body = RevisionBody.render(graph.revisions[node], .upgrade, dialect: dialect, schema: model) }
            guard watched.contains(node) else {
                model.apply(body, reason: SchemaTimeline.before(body))
                continue
            }
            let touched = Set(body.operations.flatMap(TouchedTables.of))
            func slice() -> SchemaModel.Slice {
                SchemaModel.Slice(
                    tables: Dictionary(uniqueKeysWithValues: touched.compactMap { key in model.tables[key].map { (key, $0) } }),
                    enumTypes: model.enumTypes)
            }
            let previous = slice()
            model.apply(body, reason: SchemaTimeline.before(body))
            watch(node, previous, slice())
        }
        return model
    }
}
