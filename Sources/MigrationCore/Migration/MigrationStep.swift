/// One step of a plan: a revision's `upgrade()` or `downgrade()`, or a stamp that only
/// moves version rows, with what it does to the version table (Alembic's `RevisionStep`
/// and `StampStep`).
public struct MigrationStep: Sendable, Equatable {
    public enum Action: Sendable, Equatable {
        case upgrade
        case downgrade
        case stamp
    }

    public var action: Action
    /// The revision whose function runs, and its node in the graph; nil for a stamp.
    public var revision: Revision?
    public var node: Int?
    /// The ids on each side of the arrow in the step's description, without `depends_on`
    /// (Alembic's `from_revisions_no_deps` / `to_revisions_no_deps`).
    public var fromRevisions: [String]
    public var toRevisions: [String]
    /// For a stamp, Alembic's `is_upgrade` and `branch_move`: whether the stamp moves up
    /// the graph, and whether it starts or ends a branch rather than moving one.
    public var stampIsUpgrade: Bool
    public var stampMovesBranch: Bool
    /// The version table's rows just before this step (in the order they came to be).
    public internal(set) var headsBefore: [String] = []
    /// The row changes made after the step's body ran, in order.
    public internal(set) var versionChanges: [VersionChange] = []

    /// A revision's upgrade or downgrade.
    init(revision: Revision, node: Int, upgrade: Bool) {
        action = upgrade ? .upgrade : .downgrade
        self.revision = revision
        self.node = node
        fromRevisions = upgrade ? revision.downRevisions : [revision.id]
        toRevisions = upgrade ? [revision.id] : revision.downRevisions
        stampIsUpgrade = false
        stampMovesBranch = false
    }

    /// A stamp from the rows `from` to `to` (Alembic's `StampStep(from_, to_, is_upgrade, branch_move)`).
    init(stampFrom from: [String], to: [String], isUpgrade: Bool, branchMove: Bool) {
        action = .stamp
        fromRevisions = from
        toRevisions = to
        stampIsUpgrade = isUpgrade
        stampMovesBranch = branchMove
    }

    /// The name of the function Alembic runs, as its log shows it.
    public var name: String {
        switch action {
        case .upgrade: return "upgrade"
        case .downgrade: return "downgrade"
        case .stamp: return "stamp_revision"
        }
    }

    /// Whether the step moves up the graph (Alembic's `is_upgrade`).
    public var isUpgrade: Bool {
        switch action {
        case .upgrade: return true
        case .downgrade: return false
        case .stamp: return stampIsUpgrade
        }
    }

    /// Alembic's `short_log`, the text after `-- Running ` in `--sql` output:
    /// `upgrade a, b -> m`, `downgrade m -> a, b`, `upgrade  -> a` from base.
    public var shortLog: String {
        "\(name) \(fromRevisions.joined(separator: ", ")) -> \(toRevisions.joined(separator: ", "))"
    }
}
