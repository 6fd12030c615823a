import MigrationCore

/// What the browser is doing about the database and the script directory between keys:
/// which confirmation is open and for what, and what follows when it closes. The app
/// carries out the effects (plan, rehearse, apply, write); this keeps the decisions in
/// one place that tests can drive without a terminal.
struct ActionFlow {
    /// What the open confirmation is for.
    enum Pending {
        case plan(ActionPlanner.Planned)
        case merge(MergeRevision)
    }

    /// What the app does next.
    enum Effect {
        case none
        /// A line for the status bar.
        case message(String)
        case apply(ActionPlanner.Planned)
        /// Rehearse the plan and show the report, from which `y` applies it.
        case rehearse(ActionPlanner.Planned)
        case writeMerge(MergeRevision)
        /// Plan this action on this revision and show its confirmation.
        case plan(BrowserAction, node: Int)
    }

    private(set) var pending: Pending?
    /// The revision the last action on the database aimed at: `>` and `<` in a run's
    /// report go on toward it (the next step forward, or back).
    private(set) var target: Int?

    /// A plan's confirmation is open; `target` is the revision it aims at, if one.
    mutating func opened(_ planned: ActionPlanner.Planned, target: Int?) {
        pending = .plan(planned)
        if let target { self.target = target }
    }

    mutating func opened(merge: MergeRevision) { pending = .merge(merge) }

    /// The open dialog closed with `outcome`.
    mutating func closed(_ outcome: ConfirmationDialog.Outcome) -> Effect {
        switch (pending, outcome) {
        case (.merge(let merge)?, .confirm):
            pending = nil
            return .writeMerge(merge)
        case (.merge?, _):
            pending = nil
            return .message("cancelled: nothing was written")
        case (.plan(let planned)?, .confirm):
            pending = nil
            return .apply(planned)
        case (.plan(let planned)?, .rehearse):
            // The rehearsal's report confirms the same plan.
            return .rehearse(planned)
        case (.plan?, _):
            pending = nil
            return .message("cancelled: nothing was applied")
        case (nil, .stepForward):
            return target.map { .plan(.stepForward, node: $0) } ?? .none
        case (nil, .stepBack):
            return target.map { .plan(.stepBack, node: $0) } ?? .none
        case (nil, _):
            return .none
        }
    }
}
