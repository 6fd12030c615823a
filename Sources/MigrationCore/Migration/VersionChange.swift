/// One change to the rows of the version table, as Alembic's `HeadMaintainer` makes it.
///
/// Run against a database, each must touch exactly one row: an UPDATE is a compare-and-
/// swap (`WHERE version_num = 'from'`), and a row count other than one stops the run with
/// `rowCountError`.
public enum VersionChange: Sendable, Equatable, CustomStringConvertible {
    case insert(String)
    case update(from: String, to: String)
    case delete(String)

    public var description: String {
        switch self {
        case .insert(let id): return "INSERT \(id)"
        case .update(let from, let to): return "UPDATE \(from) -> \(to)"
        case .delete(let id): return "DELETE \(id)"
        }
    }

    /// Alembic's error when a database reports `found` rows for this change instead of
    /// one (only UPDATE and DELETE are checked; an INSERT fails on its own). `table` is
    /// the bare version table name, as Alembic prints it.
    public func rowCountError(found: Int, table: String) -> MigrationPlanError? {
        guard found != 1 else { return nil }
        switch self {
        case .insert:
            return nil
        case .update(let from, let to):
            return MigrationPlanError(
                "Online migration expected to match one row when updating '\(from)' to '\(to)' in '\(table)'; "
                    + "\(found) found")
        case .delete(let id):
            return MigrationPlanError(
                "Online migration expected to match one row when deleting '\(id)' in '\(table)'; \(found) found")
        }
    }
}

/// A plan that cannot be made or carried out: the heads and the steps disagree.
public struct MigrationPlanError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
