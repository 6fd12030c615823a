/// A graph's revision functions read without a schema for one dialect, as the schema
/// replay, `lint` and the browser ask for them: from the body cache where a script is
/// unchanged since an earlier run, otherwise parsed and evaluated in parallel (and kept
/// for the next run).
///
/// Without a cache (`RevisionFunctions(graph:dialect:)`) every function is rendered.
public final class RevisionFunctions: Sendable {
    public let graph: RevisionGraph
    public let dialect: Dialect
    private let cache: Cache?

    /// Where the bodies are kept, and the scripts' stamps as loading took them.
    private struct Cache: Sendable {
        var key: String
        var environment: [String: String]
        var loaded: LoadedScripts?
    }

    /// Functions rendered every time they are asked for.
    public init(graph: RevisionGraph, dialect: Dialect) {
        self.graph = graph
        self.dialect = dialect
        cache = nil
    }

    /// Functions kept in the body cache of the project that `cacheKey` names (its version
    /// locations, as for the other caches); `environment` gives the cache's place and
    /// RETORT_NO_CACHE; `loaded` holds the stamps loading took (no second `stat`).
    init(graph: RevisionGraph, dialect: Dialect, cacheKey: String, environment: [String: String], loaded: LoadedScripts?) {
        self.graph = graph
        self.dialect = dialect
        cache = Cache(key: cacheKey, environment: environment, loaded: loaded)
    }

    /// The same project's functions for `other` (this one when it is the same dialect).
    public func reading(_ other: Dialect) -> RevisionFunctions {
        guard other != dialect else { return self }
        guard let cache else { return RevisionFunctions(graph: graph, dialect: other) }
        return RevisionFunctions(graph: graph, dialect: other, cacheKey: cache.key, environment: cache.environment, loaded: cache.loaded)
    }

    /// The upgrades of `nodes`, in the same order.
    public func upgrades(of nodes: [Int]) -> [RevisionBody] {
        read(nodes.map { ($0, .upgrade) })
    }

    /// The functions `requests` name, in the same order.
    public func read(_ requests: [(node: Int, direction: RevisionBody.Direction)]) -> [RevisionBody] {
        let (graph, dialect) = (self.graph, self.dialect)
        guard let cache else {
            return ParallelSlots.map(requests.count) { i in
                RevisionBody.render(graph.revisions[requests[i].node], requests[i].direction, dialect: dialect)
            }
        }
        var store = RevisionBodyCache(key: cache.key, dialect: dialect, environment: cache.environment)
        let stamps = requests.map { request in
            cache.loaded?.stamp(request.node) ?? FileStamp(path: graph.revisions[request.node].path)
        }
        // Lookups decode in parallel too: each is one function's operations and SQL.
        let reading = store
        let bodies = ParallelSlots.map(requests.count) { i -> (body: RevisionBody, fresh: Bool) in
            let (node, direction) = requests[i]
            let revision = graph.revisions[node]
            if let stamp = stamps[i], let kept = reading.lookup(revision, direction, dialect: dialect, stamp, position: i) {
                return (kept, false)
            }
            let body =
                cache.loaded?.body(node, direction, dialect: dialect)
                ?? RevisionBody.render(revision, direction, dialect: dialect)
            return (body, true)
        }
        for (i, result) in bodies.enumerated() where result.fresh {
            if let stamp = stamps[i] { store.store(result.body, stamp) }
        }
        if store.hasFreshEntries {
            // This request's order first, so that the same request next time finds each
            // entry where it expects it; then what other requests kept, of scripts still here.
            store.save(
                leading: requests.map { (graph.revisions[$0.node].path, $0.direction) },
                paths: Set(graph.revisions.map(\.path)))
        }
        return bodies.map(\.body)
    }
}
