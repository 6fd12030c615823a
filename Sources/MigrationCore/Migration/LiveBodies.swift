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
    /// The functions that cannot run, as last rendered (with the database when they ask it):
    /// what the plan names as the reason.
    private var refused: [Key: LiveBody] = [:]

    public init(graph: RevisionGraph, dialect: Dialect, serverVersion: Int?) {
        self.graph = graph
        self.dialect = dialect
        self.serverVersion = serverVersion
    }

    /// Renders every step's function not rendered yet; throws exit 3 naming each one
    /// that cannot be interpreted.
    ///
    /// A function whose batch copies a table is written from the table as the live
    /// database has it (`live`), as Alembic's online batch reflects it: the tables are
    /// read once, and the operations of the plan's steps before it are applied to them,
    /// so that the statements shown are those the run will send (which it checks, by
    /// reading the table again in the step's transaction). Without `live`, such a
    /// function cannot be written.
    public func prepare(_ steps: [MigrationStep], live: LiveTableCache? = nil) throws {
        var seen = Set<Key>()
        let work = steps.compactMap { step -> Key? in
            guard let key = Self.key(step), bodies[key] == nil, seen.insert(key).inserted else { return nil }
            return key
        }
        let graph = self.graph
        let dialect = self.dialect
        let serverVersion = self.serverVersion
        let rendered = ParallelSlots.map(work.count) { i in
            LiveBody.render(
                graph.revisions[work[i].node], work[i].upgrade ? .upgrade : .downgrade, dialect: dialect, serverVersion: serverVersion)
        }
        var failures: [LiveBody] = []
        var copies: [Key: LiveBody] = [:]
        for (key, body) in zip(work, rendered) {
            if body.isInterpretable {
                bodies[key] = body
            } else if body.hasBatch || body.asksTheDatabase {
                copies[key] = body  // written below, from the live tables
            } else {
                failures.append(body)
            }
        }
        var blocked: [LiveBody] = []
        if !copies.isEmpty {
            let (uninterpretable, cannotRun) = try renderCopies(copies, in: steps, live: live)
            failures += uninterpretable
            blocked = cannotRun
            // With a function that cannot be interpreted, every refusal is named together (exit 3).
            if !failures.isEmpty { failures += blocked }
        }
        if failures.isEmpty, !blocked.isEmpty {
            let lines = blocked.flatMap { body in
                body.unsupported.map { "  \(body.revision) \(body.direction.rawValue)() \($0.location(in: body.path)): \($0.reason)" }
            }
            let count = blocked.count
            throw CommandFailure(
                .database,
                "\(count) step\(count == 1 ? "" : "s") of the plan cannot run on the database as it is, so nothing was applied:\n"
                    + lines.joined(separator: "\n"))
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

    /// Writes the functions `copies` from the live tables, walking the plan in order and
    /// applying each step's operations to the tables. Returns those that still cannot be
    /// written: because something besides their table copies cannot be interpreted, or
    /// because the database's tables cannot be copied (a view, a missing table, a column
    /// without a type).
    private func renderCopies(_ copies: [Key: LiveBody], in steps: [MigrationStep], live: LiveTableCache?) throws
        -> (uninterpretable: [LiveBody], cannotRun: [LiveBody])
    {
        let keys = steps.compactMap(Self.key)
        guard let last = keys.lastIndex(where: { copies[$0] != nil }) else { return ([], []) }
        var failures: [LiveBody] = []
        var blocked: [LiveBody] = []
        var model = SchemaModel(live: [])
        if let live {
            // Every table the steps up to the last copy name, as the database has them now;
            // every table of the database when a step asks the Inspector about it.
            var named: [SchemaModel.Key] = []
            for key in keys[...last] {
                if let body = bodies[key] ?? copies[key] { named += TouchedTables.of(body.operations) }
            }
            let everyTable = copies.values.contains { $0.asksTheDatabase }
            var seen = Set<SchemaModel.Key>()
            do {
                if everyTable {
                    named = try live.reader.tableNames(schema: nil).map { SchemaModel.Key($0, schema: nil) } + named
                }
                model = SchemaModel(live: try live.tables(named.filter { seen.insert($0).inserted }), everyTable: everyTable)
            } catch {
                throw CommandFailure(.database, "cannot read the tables the plan copies or asks about: \(error.summary)")
            }
        }
        for key in keys[...last] {
            let revision = graph.revisions[key.node]
            if copies[key] != nil {
                var body = LiveBody.render(
                    revision, key.upgrade ? .upgrade : .downgrade, dialect: dialect, serverVersion: serverVersion,
                    schema: live == nil ? nil : model, database: live?.connection)
                if body.isInterpretable {
                    model = body.schemaAfter ?? model
                    body.schemaAfter = nil
                    bodies[key] = body
                    continue
                }
                // Without a schema, only the batch copies failed: the database is the reason.
                let base = copies[key]
                let batchLines = Set(base?.operations.filter(\.isBatch).map(\.line) ?? [])
                let onlyCopies =
                    live != nil && base?.asksTheDatabase != true
                    && (base?.unsupported ?? []).allSatisfy { batchLines.contains($0.line) }
                if onlyCopies { blocked.append(body) } else { failures.append(body) }
                refused[key] = body
                for operation in body.operations {
                    guard case .batch(let batch) = operation.kind else { continue }
                    model.markUncertain(
                        SchemaModel.Key(batch.table, schema: batch.schema),
                        "its copy in \(revision.id) \(key.upgrade ? "upgrade" : "downgrade")() cannot be written")
                }
            } else if let body = bodies[key] {
                model.apply(body.operations, revision: revision.id)
            } else {
                model.markUnknown("revision \(revision.id) before it cannot be interpreted")
            }
        }
        return (failures, blocked)
    }

    /// The statements of a step that copies tables or asks the Inspector, written again
    /// from `tables` (read in the step's transaction; every table when `everyTable`); nil
    /// for a step that does neither.
    func liveStatements(
        for step: MigrationStep, tables: [LiveTable], everyTable: Bool = false, connection: (any DatabaseConnection)? = nil
    ) -> LiveBody? {
        guard let key = Self.key(step), let prepared = bodies[key], prepared.isWrittenWhenItRuns else { return nil }
        var body = LiveBody.render(
            graph.revisions[key.node], key.upgrade ? .upgrade : .downgrade, dialect: dialect, serverVersion: serverVersion,
            schema: SchemaModel(live: tables, everyTable: everyTable), database: connection)
        body.schemaAfter = nil
        return body
    }

    /// The function of `step` as rendered when it was found not to run (with the database,
    /// when it asks it); nil when it was not.
    public func refusal(for step: MigrationStep) -> LiveBody? {
        Self.key(step).flatMap { refused[$0] }
    }

    /// The rendered function of `step`; nil for a stamp, or a step not prepared.
    public func body(for step: MigrationStep) -> LiveBody? {
        Self.key(step).flatMap { bodies[$0] }
    }

    static func key(_ step: MigrationStep) -> Key? {
        guard step.action != .stamp, let node = step.node else { return nil }
        return Key(node: node, upgrade: step.action == .upgrade)
    }
}
