import Foundation

/// The schema before and after each revision's upgrade, replayed once, oldest first, and
/// kept: asking about many revisions of one history costs one replay, not one each.
///
/// Functions are read in parallel without a schema first; only those that need one (a
/// batch table copy, a question to the Inspector) are read again, in order, against the
/// schema they run on.
public final class SchemaTimeline: @unchecked Sendable {
    public let graph: RevisionGraph
    public let dialect: Dialect
    /// Where the functions come from (the body cache, when it has one).
    public let functions: RevisionFunctions
    private var afters: [Int: SchemaModel] = [:]
    private var upgrades: [Int: RevisionBody] = [:]
    private let lock = NSLock()

    public convenience init(graph: RevisionGraph, dialect: Dialect) {
        self.init(functions: RevisionFunctions(graph: graph, dialect: dialect))
    }

    /// A timeline whose functions are read through `functions`.
    public init(functions: RevisionFunctions) {
        self.functions = functions
        graph = functions.graph
        dialect = functions.dialect
    }

    /// The schema just before `node`'s upgrade: the upgrades of all its ancestors and
    /// dependencies. One that cannot be interpreted makes it uncertain, naming it.
    public func before(_ node: Int) -> SchemaModel {
        lock.lock()
        defer { lock.unlock() }
        replay(through: node)
        return schemaBefore(node)
    }

    /// The schema just after `node`'s upgrade: what its downgrade runs against.
    public func after(_ node: Int) -> SchemaModel {
        lock.lock()
        defer { lock.unlock() }
        replay(through: node)
        var model = schemaBefore(node)
        let body = upgrades[node]!
        model.apply(body, reason: "revision \(body.revision) itself cannot be interpreted")
        return model
    }

    /// `node`'s upgrade, read against the schema before it.
    public func upgrade(_ node: Int) -> RevisionBody {
        lock.lock()
        defer { lock.unlock() }
        replay(through: node)
        return upgrades[node]!
    }

    /// `node`'s function for `direction`, read against the schema it runs on.
    public func body(_ node: Int, _ direction: RevisionBody.Direction) -> RevisionBody {
        if direction == .upgrade { return upgrade(node) }
        return RevisionBody.render(graph.revisions[node], .downgrade, dialect: dialect, schema: after(node))
    }

    /// Reads and applies the upgrades of `node` and its ancestors not replayed yet.
    private func replay(through node: Int) {
        guard afters[node] == nil else { return }
        let ancestors = Set(graph.ancestors(of: [node]))
        // The node is the set's top: as the head, the sort is Alembic's order, and linear.
        let order = graph.topologicalSort(ancestors, heads: [node]).reversed().filter { afters[$0] == nil }
        let (graph, dialect) = (self.graph, self.dialect)
        for (next, read) in zip(order, functions.upgrades(of: order)) {
            var model = schemaBefore(next)
            var body = read
            if body.needsSchema {
                body = RevisionBody.render(graph.revisions[next], .upgrade, dialect: dialect, schema: model)
            }
            upgrades[next] = body
            model.apply(body, reason: Self.before(body))
            afters[next] = model
        }
    }

    /// Why a schema after `body` is uncertain, when it could not be read to the end.
    static func before(_ body: RevisionBody) -> String {
        let bound = body.footprint?.unbounded.map { "; what it changes is not bounded: \($0)" } ?? ""
        return "revision \(body.revision) before it cannot be interpreted (\(body.unsupported.first?.description ?? "no upgrade()")\(bound))"
    }

    /// The schema before `node`, from its parents' (all replayed already).
    private func schemaBefore(_ node: Int) -> SchemaModel {
        let parents = Array(Set(graph.parentNodes(of: node) + graph.dependencyNodes(of: node))).sorted()
        guard let first = parents.first else { return SchemaModel() }
        var model = afters[first]!
        guard parents.count > 1 else { return model }
        // A merge (or a dependency): what the other parents add, in the replay's order.
        let covered = Set(graph.ancestors(of: [first]))
        let rest = Set(graph.ancestors(of: [node])).subtracting(covered).subtracting([node])
        for other in graph.topologicalSort(rest, heads: Array(parents.dropFirst())).reversed() {
            let body = upgrades[other]!
            model.apply(body, reason: Self.before(body))
        }
        return model
    }
}
