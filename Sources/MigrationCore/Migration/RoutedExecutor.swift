/// Runs each step of a plan on the engine chosen for it: Retort's own where its SQL is
/// exactly what Alembic would run under this env.py, the project's Alembic otherwise
/// (`--engine auto`), or one engine for everything.
///
/// Native and Alembic steps may alternate in one plan. Each engine runs its stretch of
/// consecutive steps as a plan of its own, and each starts from the version table as the
/// one before left it (both read the rows before every step), so the guarantees stay
/// those of the engine running the step: the lock is the command's, held for the whole
/// run; every step is atomic with its version rows; a stop or failure leaves the steps
/// before it applied.
public final class RoutedExecutor: MigrationExecutor {
    public enum Engine: String, Sendable {
        case native, alembic
    }

    let native: NativeExecutor
    let alembic: AlembicExecutor?
    let choice: EngineChoice
    /// Why env.py needs Alembic for every step under `auto` (nil when Retort honours it).
    let projectReason: String?
    /// Said in a refusal when no Alembic engine is available.
    let pythonHint: String
    var engines: [LiveMigration.StepIdentity: Engine] = [:]

    public init(
        native: NativeExecutor, alembic: AlembicExecutor?, choice: EngineChoice, projectReason: String?,
        pythonHint: String
    ) {
        self.native = native
        self.alembic = alembic
        self.choice = choice
        self.projectReason = projectReason
        self.pythonHint = pythonHint
    }

    public var refusalHint: String? { alembic == nil && choice != .native ? pythonHint : nil }

    /// The engine chosen for a prepared step.
    public func engine(for step: MigrationStep) -> Engine {
        engines[LiveMigration.StepIdentity(step)] ?? .native
    }

    public func prepare(_ steps: [MigrationStep], live: LiveTableCache?) throws -> [StepPreview] {
        let work = steps.filter { $0.action != .stamp }
        if choice == .alembic || (choice == .auto && projectReason != nil && alembic != nil) {
            guard let alembic else {
                return steps.map { step in
                    var preview = StepPreview(statementCount: step.action == .stamp ? 0 : nil)
                    if let revision = step.revision {
                        preview.refusal = "\(revision.id) \(step.name)(): --engine alembic needs the project's Python"
                        preview.refusalReasons = [preview.refusal ?? ""]
                    }
                    return preview
                }
            }
            for step in work {
                engines[LiveMigration.StepIdentity(step)] = .alembic
                alembic.route(step, reason: choice == .alembic ? "--engine alembic" : projectReason ?? "")
            }
            return try previews(steps, native: [], live: live)
        }
        let natives = try native.prepare(steps, live: live)
        let refused = zip(steps, natives).filter { $0.1.refusal != nil && !$0.1.missingFunction }
        guard !refused.isEmpty, choice == .auto, let alembic else { return natives }
        for (step, preview) in refused {
            engines[LiveMigration.StepIdentity(step)] = .alembic
            alembic.route(step, reason: preview.refusalReasons.first ?? "\(step.revision?.id ?? "") \(step.name)()")
        }
        return try previews(steps, native: natives, live: live)
    }

    /// `a2 upgrade() line 18: <why>`: the first thing the native engine cannot do in a function.
    static func refusal(_ first: Unsupported?, revision: String, function: String, path: String? = nil) -> String {
        guard let first else { return "\(revision) \(function)() copies a table after a step Retort does not run" }
        return "\(revision) \(function)() \(first.location(in: path)): \(first.reason)"
    }

    /// Each step's preview from the engine chosen for it (`native`: the native engine's, in order, when made).
    func previews(_ steps: [MigrationStep], native natives: [StepPreview], live: LiveTableCache?) throws -> [StepPreview] {
        var previews: [StepPreview] = []
        for (index, step) in steps.enumerated() {
            if engine(for: step) == .alembic, let alembic {
                previews += try alembic.prepare([step], live: live)
            } else {
                previews.append(index < natives.count ? natives[index] : native.preview(of: step) ?? StepPreview(statementCount: nil))
            }
        }
        return previews
    }

    public func run(_ plan: MigrationPlan, in session: MigrationSession, events: (MigrationEvent) -> Void) throws
        -> MigrationOutcome
    {
        var outcome = MigrationOutcome()
        var start = 0
        while start < plan.steps.count {
            if start > 0, session.shouldStop() {
                outcome.stoppedEarly = true
                break
            }
            let engine = self.engine(for: plan.steps[start])
            var end = start + 1
            while end < plan.steps.count, self.engine(for: plan.steps[end]) == engine { end += 1 }
            let stretch = MigrationPlan(
                command: plan.command, destinations: plan.destinations, startingHeads: plan.steps[start].headsBefore,
                steps: Array(plan.steps[start..<end]),
                finalHeads: end < plan.steps.count ? plan.steps[end].headsBefore : plan.finalHeads,
                purge: start == 0 && plan.purge)
            let offset = start
            var executor: any MigrationExecutor = native
            if engine == .alembic, let alembic {
                alembic.appliedBefore = outcome.applied
                executor = alembic
            }
            let done: MigrationOutcome
            do {
                let shifted: (MigrationEvent) -> Void = { event in events(event.shifted(by: offset)) }
                done = try executor.run(stretch, in: session, events: shifted)
            } catch var error as MigrationRunError {
                error.index = error.index.map { $0 + offset }
                // A stretch knows only its own steps: rows another run moved past its end
                // are checked against the whole plan, and the run goes on from there.
                guard error.error.kind == .versionTable, let failed = error.index,
                    let rows = try? session.versionTable.revisions(on: session.connection)
                else { throw error }
                switch RowCheck.resume(rows: rows, plan: plan, at: failed) {
                case .skip(let range):
                    outcome.applied += failed - start
                    events(.stepsSkipped(range))
                    outcome.skipped += range.count
                    start = range.upperBound
                    continue
                case .done(let range):
                    outcome.applied += failed - start
                    events(.stepsSkipped(range))
                    outcome.skipped += range.count
                    return outcome
                case .run, .moved:
                    throw error
                }
            }
            outcome.applied += done.applied
            outcome.skipped += done.skipped
            outcome.versionTableCreated = outcome.versionTableCreated || done.versionTableCreated
            if done.stoppedEarly {
                outcome.stoppedEarly = true
                break
            }
            start = end
        }
        return outcome
    }

    public func rehearse(
        _ plan: MigrationPlan, in session: MigrationSession, report: RehearsalReport, watchLocks: LockWatchSettings?,
        events: (MigrationEvent) -> Void
    ) -> RehearsalReport {
        let bridged = plan.steps.contains { engine(for: $0) == .alembic }
        if bridged, let alembic {
            return alembic.rehearse(plan, in: session, report: report, watchLocks: watchLocks, events: events)
        }
        return native.rehearse(plan, in: session, report: report, watchLocks: watchLocks, events: events)
    }
}

extension MigrationEvent {
    /// The event with its step positions moved by `offset` (a stretch of a longer plan).
    func shifted(by offset: Int) -> MigrationEvent {
        guard offset != 0 else { return self }
        switch self {
        case .stepStarted(let index, let step): return .stepStarted(index: index + offset, step)
        case .statementStarted(let index, let number, let count):
            return .statementStarted(index: index + offset, number: number, count: count)
        case .outsideTransaction(let index, let statement): return .outsideTransaction(index: index + offset, statement)
        case .stepApplied(let index, let step, let statements):
            return .stepApplied(index: index + offset, step, statements: statements)
        case .stepsSkipped(let range): return .stepsSkipped((range.lowerBound + offset)..<(range.upperBound + offset))
        case .versionTableCreated, .purged: return self
        }
    }
}
