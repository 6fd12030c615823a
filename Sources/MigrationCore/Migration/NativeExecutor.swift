/// Retort's own executor: runs the SQL it rendered from each revision function, in
/// transactions it opens itself (an explicit `BEGIN IMMEDIATE` on SQLite too, so a
/// failed migration leaves none of its DDL behind), and writes the version rows with
/// compare-and-swap changes in the same transaction as the step's work.
public final class NativeExecutor: MigrationExecutor {
    public let bodies: LiveBodies

    public init(bodies: LiveBodies) {
        self.bodies = bodies
    }

    public func prepare(_ steps: [MigrationStep], live: LiveTableCache?) throws -> [StepPreview] {
        do {
            try bodies.prepare(steps, live: live)
        } catch let failure as CommandFailure where failure.status == .uninterpretable {
            // Each step without a body says why below.
        }
        return steps.map { preview(of: $0) ?? refused($0) }
    }

    /// The preview of a step whose function cannot be interpreted: its reasons.
    func refused(_ step: MigrationStep) -> StepPreview {
        var preview = StepPreview(statementCount: nil)
        guard let revision = step.revision else { return preview }
        let direction: RevisionBody.Direction = step.action == .upgrade ? .upgrade : .downgrade
        let body =
            bodies.refusal(for: step)
            ?? LiveBody.render(revision, direction, dialect: bodies.dialect, serverVersion: bodies.serverVersion)
        preview.refusal =
            "\(revision.id) \(direction.rawValue)(): " + (body.unsupported.first?.description ?? "cannot be interpreted")
            + (body.unsupported.count > 1 ? " (and \(body.unsupported.count - 1) more)" : "")
        preview.refusalReasons = body.unsupported.map { "\(revision.id) \(direction.rawValue)() \($0.location(in: revision.path)): \($0.reason)" }
        preview.missingFunction = !body.exists
        if body.unsupported.isEmpty {
            preview.refusalReasons = ["\(revision.id) \(direction.rawValue)(): its table copy follows a step Retort cannot interpret"]
        }
        return preview
    }

    /// What a prepared step will do; nil for a revision function not prepared (one that
    /// cannot be interpreted).
    public func preview(of step: MigrationStep) -> StepPreview? {
        guard step.action != .stamp else { return StepPreview(statementCount: 0, operations: []) }
        guard let body = bodies.body(for: step) else { return nil }
        var preview = StepPreview(
            statementCount: body.statements.count, destructive: body.destructive,
            outsideTransaction: body.statements.filter { $0.outsideTransaction != nil },
            warnings: body.warnings + body.decidedWhenItRuns,
            operations: body.operations)
        preview.copiedTables = body.copiedTables
        preview.statements = body.statements.map(\.sql)
        return preview
    }

    public func run(_ plan: MigrationPlan, in session: MigrationSession, events: (MigrationEvent) -> Void) throws
        -> MigrationOutcome
    {
        for step in plan.steps where step.action != .stamp && bodies.body(for: step) == nil {
            // The command prepares every step first; running one unprepared would skip its work.
            throw CommandFailure(.uninterpretable, "the SQL of \(step.shortLog) was not prepared; nothing was applied")
        }
        return try withoutActuallyEscaping(events) { events in
            var run = NativeRun(plan: plan, session: session, bodies: bodies, events: events)
            return try run.execute()
        }
    }

    public func rehearse(
        _ plan: MigrationPlan, in session: MigrationSession, report: RehearsalReport, watchLocks: LockWatchSettings?,
        events: (MigrationEvent) -> Void
    ) -> RehearsalReport {
        var report = report
        let watch = watchLocks.flatMap { PostgresLockWatch(session.connection, url: $0.url, options: $0.options) }
        withoutActuallyEscaping(events) { events in
            var rehearsal = NativeRehearsal(plan: plan, session: session, bodies: bodies, watch: watch, events: events)
            rehearsal.run(into: &report)
        }
        return report
    }
}
