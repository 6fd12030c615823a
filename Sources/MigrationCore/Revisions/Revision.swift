/// One revision script as Alembic sees it: its id, parents, labels and docstring.
///
/// This is the raw metadata read from the file. Facts that depend on the other
/// revisions (children, heads, labels inherited along a branch) live in `RevisionGraph`.
public struct Revision: Sendable, Equatable {
    /// The revision id (`revision = "..."`, or the legacy hex file name).
    public var id: String
    /// `down_revision` entries in the order written; empty for a base.
    public var downRevisions: [String]
    /// `depends_on` entries as written: revision ids, partial ids or branch labels.
    public var dependencies: [String]
    /// `branch_labels` as written in this file.
    public var branchLabels: [String]
    /// Absolute path of the script.
    public var path: String
    /// The module docstring, stripped like Alembic's `longdoc`; empty when there is none.
    public var longDoc: String
    /// The `Create Date:` line of the docstring, when present.
    public var createDate: String?
    /// 1-based line of the `def upgrade` and `def downgrade` statements, when present.
    public var upgradeLine: Int?
    public var downgradeLine: Int?
    /// Whether `upgrade()` / `downgrade()` is a plain function whose body is only `pass`,
    /// docstrings and `...`, so that running it does nothing. False when the function is
    /// missing, does anything else, or is bound in a way that cannot be known statically.
    public var upgradeIsEmpty: Bool
    public var downgradeIsEmpty: Bool

    public init(
        id: String, downRevisions: [String] = [], dependencies: [String] = [], branchLabels: [String] = [],
        path: String = "", longDoc: String = "", createDate: String? = nil, upgradeLine: Int? = nil,
        downgradeLine: Int? = nil, upgradeIsEmpty: Bool = false, downgradeIsEmpty: Bool = false
    ) {
        self.id = id
        self.downRevisions = downRevisions
        self.dependencies = dependencies
        self.branchLabels = branchLabels
        self.path = path
        self.longDoc = longDoc
        self.createDate = createDate
        self.upgradeLine = upgradeLine
        self.downgradeLine = downgradeLine
        self.upgradeIsEmpty = upgradeIsEmpty
        self.downgradeIsEmpty = downgradeIsEmpty
    }

    /// The message: the docstring's first paragraph, as Alembic's `Script.doc`.
    public var message: String {
        let bytes = longDoc.utf8
        var previous: UInt8 = 0
        for index in bytes.indices {
            let byte = bytes[index]
            if byte == 0x0A && previous == 0x0A {
                // The split point is the first of the two newlines.
                return String(longDoc[..<bytes.index(before: index)])
            }
            previous = byte
        }
        return longDoc
    }

    /// The script's file name.
    public var fileName: String { ProjectPath.lastComponent(path) }

    /// Whether `down_revision` names several parents.
    public var isMergePoint: Bool { downRevisions.count > 1 }

    /// Whether `down_revision` is empty (Alembic's `is_base`).
    public var isBase: Bool { downRevisions.isEmpty }
}
