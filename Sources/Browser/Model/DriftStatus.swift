import MigrationCore

/// What the browser knows of the connected database's drift from the history: still
/// being read, the comparison, or why it could not be made.
public enum DriftStatus: Sendable {
    case checking
    case compared(DatabaseDrift)
    case failed(String)

    /// The header's words for it, and their role; nil when there is nothing to say.
    var headerText: (text: String, role: String)? {
        switch self {
        case .checking:
            return ("checking drift…", "header")
        case .failed:
            return ("drift not checked", "warning")
        case .compared(let drift):
            if drift.hasDrift {
                let count = drift.differences.count
                return ("drift: \(count) difference\(count == 1 ? "" : "s") (D)", "warning")
            }
            if drift.notComparedAtAll != nil || !drift.notCompared.isEmpty { return ("drift: not all compared (D)", "warning") }
            return ("no drift", "header")
        }
    }
}
