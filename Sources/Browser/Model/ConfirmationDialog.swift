import TerminalUI

/// The dialog every action that changes the database or writes a file opens first: what
/// will run, its SQL, what it destroys, and an explicit key to go on.
///
/// `y` confirms and `n` or Esc cancels; Enter does neither, so a reflexive Enter never
/// runs anything. When the plan destroys data, the user first types the table's name
/// (or `yes` when several tables lose data). A refused action (a revision that cannot
/// be interpreted) can only be closed.
public struct ConfirmationDialog: Sendable {
    /// What the user decided.
    public enum Outcome: Sendable, Equatable {
        case confirm, cancel
        /// `r` in a plan's confirmation: run it in a transaction that is rolled back first.
        case rehearse
        /// `>` / `<` in a run's report: the next step's confirmation, forward or back.
        case stepForward, stepBack
    }

    public var title: String
    /// Whether the action destroys data: the title is drawn in the destructive role.
    public var isDestructive: Bool
    public var planLines: [StyledLine]
    public var warningLines: [StyledLine]
    public var sqlLines: [StyledLine]
    /// The heading over `sqlLines` (a merge shows its file there).
    public var sqlTitle = "SQL"
    /// Why the action cannot run at all; then only cancelling is possible.
    public var refusal: String?
    /// A report of what happened (a run's result or failure), closed by any of
    /// Enter, Esc, `q`, `n`, `y`: nothing is left to confirm.
    public var isReport = false
    /// Whether `r` rehearses the plan (an upgrade or downgrade that can run).
    public var offersRehearsal = false
    /// Whether `>` and `<` open the next step's confirmation (a run's report).
    public var offersSteps = false
    /// The word to type before `y` is accepted.
    public var confirmationWord: String?
    public private(set) var typed = ""
    /// The first SQL line on screen.
    public private(set) var sqlTop = 0
    /// The SQL over the whole screen (`v`).
    public private(set) var showsSQLOnly = false
    /// A one-line hint after a key that did nothing (Enter, `y` before the word is typed).
    public private(set) var hint: String?

    public init(
        title: String, isDestructive: Bool, planLines: [StyledLine], warningLines: [StyledLine], sqlLines: [StyledLine],
        refusal: String? = nil, confirmationWord: String? = nil
    ) {
        self.title = title
        self.isDestructive = isDestructive
        self.planLines = planLines
        self.warningLines = warningLines
        self.sqlLines = sqlLines
        self.refusal = refusal
        self.confirmationWord = confirmationWord
    }

    /// Whether `y` would confirm now.
    public var canConfirm: Bool {
        refusal == nil && (confirmationWord.map { typed == $0 } ?? true)
    }

    /// Handles a key; returns the outcome when the dialog closes.
    public mutating func handle(_ key: Key, sqlHeight: Int) -> Outcome? {
        hint = nil
        if isReport {
            switch key {
            case .escape, .enter, .character("q"), .character("n"), .character("y"): return .cancel
            case .character(">") where offersSteps: return .stepForward
            case .character("<") where offersSteps: return .stepBack
            default: break
            }
        }
        if offersRehearsal, refusal == nil, !isReport, typed.isEmpty, case .character(let c) = key,
            c == "R" || (c == "r" && !(confirmationWord?.hasPrefix("r") ?? false))
        {
            return .rehearse
        }
        switch key {
        case .escape:
            return .cancel
        case .enter:
            hint = refusal != nil ? "Esc or n closes" : "Enter does not confirm: press y (or n to cancel)"
            return nil
        case .backspace:
            if !typed.isEmpty { typed.removeLast() }
            return nil
        case .down: scroll(1, sqlHeight)
        case .up: scroll(-1, sqlHeight)
        case .pageDown: scroll(max(1, sqlHeight), sqlHeight)
        case .pageUp: scroll(-max(1, sqlHeight), sqlHeight)
        case .character(let c):
            // While a word is being typed, letters go to it (a `y` or `n` in the word included).
            if let word = confirmationWord, refusal == nil, typed != word {
                if word.hasPrefix(typed + String(c)) {
                    typed.append(c)
                    return nil
                }
                if c == "n" && typed.isEmpty { return .cancel }
                hint = "type \(word) to confirm"
                return nil
            }
            switch c {
            case "y":
                if canConfirm { return .confirm }
                hint = refusal != nil ? "this action cannot run: \(refusal ?? "")" : nil
            case "n", "q": return .cancel
            case "v": showsSQLOnly.toggle()
            case "j": scroll(1, sqlHeight)
            case "k": scroll(-1, sqlHeight)
            default: break
            }
        default:
            break
        }
        return nil
    }

    private mutating func scroll(_ lines: Int, _ height: Int) {
        sqlTop = max(0, min(max(0, sqlLines.count - max(1, height)), sqlTop + lines))
    }

    /// The key line at the bottom of the dialog.
    public var footer: String {
        if isReport {
            return "Enter/Esc close" + (offersSteps ? "  > next step  < step back" : "") + "  v "
                + (showsSQLOnly ? "back" : "\(sqlTitle) full screen") + "  ↑↓ scroll \(sqlTitle)"
        }
        if refusal != nil { return "n/Esc close" }
        let rehearse = offersRehearsal ? (confirmationWord?.hasPrefix("r") ?? false ? "  R rehearse" : "  r rehearse") : ""
        if let word = confirmationWord, typed != word { return "type \(word) to confirm: \(typed)▏  n/Esc cancel" + rehearse }
        return "y confirm  n/Esc cancel" + rehearse + "  v " + (showsSQLOnly ? "back to the plan" : "\(sqlTitle) full screen")
            + "  ↑↓ scroll \(sqlTitle)"
    }
}
