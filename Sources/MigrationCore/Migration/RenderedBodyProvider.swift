import Foundation

/// The SQL of each step's revision function, rendered by Retort for the plan's dialect.
///
/// All the plan's functions are rendered before anything is written, in parallel, so that
/// a run either has every revision's SQL or names every revision it lacks (exit 3). A
/// SQLite batch that copies a table gets the schema replayed from the revisions before it.
public final class RenderedBodyProvider: RevisionBodyProvider, @unchecked Sendable {
    let graph: RevisionGraph
    let cacheKey: String
    let environment: [String: String]
    private var bodies: [Key: [String]] = [:]
    /// The replayed schema, made when the first function needs it.
    private var timeline: SchemaTimeline?
    /// What the script says above a step's statements: the Inspector answers it rests on.
    private var notesByStep: [Key: [String]] = [:]
    /// What the functions the project's Alembic wrote printed meanwhile.
    private var printedByStep: [Key: [PrintedText]] = [:]
    /// The project's Alembic, asked (started on first use) for the functions Retort's
    /// renderer refuses; nil, or returning nil, when there is none.
    public var alembic: (() -> AlembicPreviews?)?
    /// Said on standard error: which functions' SQL the project's Alembic wrote, and why.
    public private(set) var notes: [String] = []
    /// Said in a refusal when no Alembic is available (`--python`).
    public var pythonHint: () -> String? = { nil }
    /// Why no function's SQL can come from Retort's renderer (env.py's target_metadata
    /// names constraints by a convention, `--engine alembic`): then the project's Alembic
    /// writes every one, and a function it cannot write is a refusal.
    public var everyFunctionByAlembic: String?

    private struct Key: Hashable {
        var node: Int
        var upgrade: Bool
    }

    /// What loading learnt of the scripts, when known: their stamps (no second `stat` per
    /// script) and the functions rendered from its parse.
    let loadedScripts: LoadedScripts?

    /// `cacheKey` names the project (its version locations) for the SQL cache;
    /// `environment` gives the cache's place and RETORT_NO_CACHE.
    public init(
        graph: RevisionGraph, cacheKey: String, environment: [String: String], loadedScripts: LoadedScripts? = nil
    ) {
        self.graph = graph
        self.cacheKey = cacheKey
        self.environment = environment
        self.loadedScripts = loadedScripts
    }

    public func prepare(_ plan: MigrationPlan, dialect: Dialect) throws {
        if let reason = everyFunctionByAlembic {
            guard alembic?() != nil else {
                // Never Retort's own SQL in its place: that is not what was asked for.
                throw CommandFailure(
                    .uninterpretable,
                    "every function's SQL must come from the project's Alembic (\(reason)), and there is none: "
                        + (pythonHint() ?? "no Python with Alembic was found"))
            }
            return try prepareByAlembic(plan, dialect: dialect, reason: reason)
        }
        let graph = self.graph
        var cache = SQLBodyCache(key: cacheKey, dialect: dialect, environment: environment)
        defer { cache.save() }
        var stamps: [Key: FileStamp] = [:]
        var position = 0
        let work = plan.steps.compactMap { step -> Key? in
            guard step.action != .stamp, let node = step.node else { return nil }
            let key = Key(node: node, upgrade: step.action == .upgrade)
            let path = graph.revisions[node].path
            position += 1
            if let stamp = loadedScripts?.byNode[node] ?? FileStamp(path: path) {
                stamps[key] = stamp
                if let statements = cache.lookup(path, upgrade: key.upgrade, stamp, position: position - 1) {
                    bodies[key] = statements
                    return nil
                }
            }
            return key
        }
        let loaded = loadedScripts
        let results = ParallelSlots.map(work.count) { i in
            let direction: RevisionBody.Direction = work[i].upgrade ? .upgrade : .downgrade
            return loaded?.body(work[i].node, direction, dialect: dialect)
                ?? RevisionBody.render(graph.revisions[work[i].node], direction, dialect: dialect)
        }
        var failures: [RevisionBody] = []
        for (key, result) in zip(work, results) {
            var body = result
            if body.isInterpretable, !body.readsOutsideScript, let stamp = stamps[key] {
                cache.store(body.path, upgrade: key.upgrade, stamp, body.statements)
            }
            if !body.isInterpretable, body.needsSchema {
                // A table copy or an Inspector question needs the schema: replay what came
                // before (once for the whole plan).
                timeline = timeline ?? SchemaTimeline(graph: graph, dialect: dialect)
                body = timeline!.body(key.node, key.upgrade ? .upgrade : .downgrade)
                if !body.inspections.isEmpty { notesByStep[key] = body.inspectionNotes }
            }
            if !body.isInterpretable {
                if let written = writtenByAlembic(body, dialect: dialect) {
                    bodies[key] = written
                    printedByStep[key] = alembic?()?.printed(body.revision, body.direction, dialect: dialect)
                    continue
                }
                failures.append(body)
            }
            bodies[key] = body.statements
        }
        guard failures.isEmpty else {
            let lines = failures.map { body in
                "  \(body.revision) \(body.direction.rawValue)(): " + (body.unsupported.first?.description ?? "")
                    + (body.unsupported.count > 1 ? " (and \(body.unsupported.count - 1) more)" : "")
                    + (alembicRefusals[body.revision + body.direction.rawValue].map { "\n    the project's Alembic cannot write it offline either: \($0)" } ?? "")
            }
            throw CommandFailure(
                .uninterpretable,
                "\(failures.count) revision function\(failures.count == 1 ? "" : "s") of the plan cannot be interpreted for \(dialect.rawValue), so no SQL is written:\n"
                    + lines.joined(separator: "\n") + (pythonHint().map { "\n" + $0 } ?? ""))
        }
    }

    /// Every function of the plan as the project's Alembic writes it.
    private func prepareByAlembic(_ plan: MigrationPlan, dialect: Dialect, reason: String) throws {
        guard let previews = alembic?() else { return }
        var refused: [String] = []
        for step in plan.steps {
            guard step.action != .stamp, let node = step.node else { continue }
            let key = Key(node: node, upgrade: step.action == .upgrade)
            let revision = graph.revisions[node].id
            let direction: RevisionBody.Direction = key.upgrade ? .upgrade : .downgrade
            switch previews.statements(revision, direction, dialect: dialect) {
            case .success(let statements):
                bodies[key] = statements
                printedByStep[key] = previews.printed(revision, direction, dialect: dialect)
            case .failure(let refusal): refused.append("  \(revision) \(direction.rawValue)(): \(refusal.description)")
            }
        }
        notes.append("note: the SQL of every revision function is written by the project's Alembic: \(reason)")
        guard refused.isEmpty else {
            throw CommandFailure(
                .uninterpretable,
                "\(refused.count) revision function\(refused.count == 1 ? "" : "s") of the plan cannot be written by the project's Alembic offline, so no SQL is written:\n"
                    + refused.joined(separator: "\n"))
        }
    }

    private var alembicRefusals: [String: String] = [:]

    /// The statements the project's Alembic writes for a function Retort refuses, noted.
    private func writtenByAlembic(_ body: RevisionBody, dialect: Dialect) -> [String]? {
        guard let previews = alembic?() else { return nil }
        switch previews.statements(body.revision, body.direction, dialect: dialect) {
        case .success(let statements):
            let reason = RoutedExecutor.refusal(
                body.unsupported.first, revision: body.revision, function: body.direction.rawValue, path: body.path)
            notes.append("note: the SQL of \(body.revision) \(body.direction.rawValue)() is written by the project's Alembic (\(reason))")
            return statements
        case .failure(let refusal):
            alembicRefusals[body.revision + body.direction.rawValue] = refusal.description
            return nil
        }
    }

    public func comments(for step: MigrationStep) -> [String] {
        guard let node = step.node else { return [] }
        return notesByStep[Key(node: node, upgrade: step.action == .upgrade)] ?? []
    }

    public func printed(for step: MigrationStep) -> [PrintedText] {
        guard let node = step.node else { return [] }
        return printedByStep[Key(node: node, upgrade: step.action == .upgrade)] ?? []
    }

    public func statements(for step: MigrationStep, dialect: Dialect) throws -> [String] {
        guard step.action != .stamp, let node = step.node else { return [] }
        guard let statements = bodies[Key(node: node, upgrade: step.action == .upgrade)] else {
            throw CommandFailure(.uninterpretable, "the SQL of \(graph.revisions[node].id) was not prepared")
        }
        return statements
    }
}
