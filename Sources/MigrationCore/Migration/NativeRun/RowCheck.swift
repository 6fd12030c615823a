/// Where a run stands after it reads the version rows at the start of a transaction.
///
/// SQLite runs serialise per transaction, not per run, and a runner without Retort's
/// lock (Alembic) may move the rows at any time: when the rows match a later step's
/// starting rows, another runner applied the steps between, and they are skipped; rows
/// that match no step stop the run before anything more is written.
enum RowCheck: Equatable {
    /// The rows are where step `index` starts from: run it.
    case run(Int)
    /// The steps of the range were applied meanwhile: skip them and run the one after.
    case skip(Range<Int>)
    /// Every step from the range's start on was applied meanwhile: the run is done.
    case done(skipping: Range<Int>)
    /// The rows match no step of the plan from `index` on, nor its end.
    case moved

    /// What to do at step `index` of `plan`, the version table holding `rows`.
    static func resume(rows: [String], plan: MigrationPlan, at index: Int) -> RowCheck {
        if same(rows, plan.steps[index].headsBefore) { return .run(index) }
        if let later = (index + 1..<plan.steps.count).first(where: { same(rows, plan.steps[$0].headsBefore) }) {
            return .skip(index..<later)
        }
        if same(rows, plan.finalHeads) { return .done(skipping: index..<plan.steps.count) }
        return .moved
    }

    /// Whether two lists of version rows hold the same revisions (their order is the
    /// order rows came to be, which means nothing).
    static func same(_ a: [String], _ b: [String]) -> Bool { a.count == b.count && Set(a) == Set(b) }
}
