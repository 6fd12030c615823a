/// Gives the SQL statements of the revision function a step runs: its `upgrade()` for an
/// upgrade step, its `downgrade()` for a downgrade step (stamps run none).
///
/// Statements come without the terminating `;`; the offline script adds it, as Alembic
/// does. A body that cannot be rendered must throw: a script that silently leaves a
/// revision's work out would be worse than none.
public protocol RevisionBodyProvider {
    /// Called once with the whole plan before any statement is asked for: a provider
    /// that can fail checks every step here, so nothing is written when one would fail.
    func prepare(_ plan: MigrationPlan, dialect: Dialect) throws
    func statements(for step: MigrationStep, dialect: Dialect) throws -> [String]
    /// Lines the script writes as `--` comments above the step's statements (what they
    /// rest on that the reader should know).
    func comments(for step: MigrationStep) -> [String]
    /// What the step's function printed to standard output while it was written, which
    /// Alembic's offline script holds where it was printed.
    func printed(for step: MigrationStep) -> [PrintedText]
}

extension RevisionBodyProvider {
    public func prepare(_ plan: MigrationPlan, dialect: Dialect) throws {}
    public func comments(for step: MigrationStep) -> [String] { [] }
    public func printed(for step: MigrationStep) -> [PrintedText] { [] }
}

/// Text a revision function printed (`print("-- WARNING: ...")`): Alembic's offline
/// script goes to standard output too, so the text stands between the statements.
public struct PrintedText: Sendable, Equatable {
    /// How many of the function's statements were written before it.
    public var after: Int
    public var text: String

    public init(after: Int, text: String) {
        self.after = after
        self.text = text
    }
}

/// The bodies Retort can vouch for before it renders operations: a function that is only
/// `pass` and docstrings gives no statements, and any other stops the run (exit 3).
public struct EmptyBodyProvider: RevisionBodyProvider, Sendable {
    public init() {}

    public func statements(for step: MigrationStep, dialect: Dialect) throws -> [String] {
        guard let revision = step.revision, step.action != .stamp else { return [] }
        let upgrade = step.action == .upgrade
        if upgrade ? revision.upgradeIsEmpty : revision.downgradeIsEmpty { return [] }
        let line = upgrade ? revision.upgradeLine : revision.downgradeLine
        let place = line.map { "\(revision.path):\($0)" } ?? revision.path
        throw CommandFailure(.uninterpretable, "not supported yet: rendering the SQL of \(revision.id) (\(place))")
    }
}
