/// One way a live table differs from the table the history declares: a column, index,
/// key, constraint or trigger only one side has, or that both have in different forms.
struct TableDifference: Equatable {
    enum State: Equatable {
        case onlyInDatabase
        /// Both have it; `history` is the history's form.
        case differs(history: TableShape.Feature)
        case onlyInHistory
    }

    /// The feature as the database has it (as the history has it, for `onlyInHistory`).
    var feature: TableShape.Feature
    var state: State

    /// `column extra_notes TEXT`, or for a changed feature only its key (`column salary`).
    var what: String {
        if case .differs = state { return feature.key }
        return feature.text
    }

    /// `in the database, not in the history`; `INTEGER in the database, TEXT in the history`.
    var stateText: String {
        switch state {
        case .onlyInDatabase: return "in the database, not in the history"
        case .differs(let history): return "\(feature.detail) in the database, \(history.detail) in the history"
        case .onlyInHistory: return "in the history, not in the database"
        }
    }

    /// What kind of object the feature is: `column`, `index`, `primary key`, `unique`,
    /// `check`, `foreign key`, `trigger`.
    var object: String {
        for kind in ["primary key", "foreign key", "column", "index", "unique", "check", "trigger"]
        where feature.key.hasPrefix(kind + " ") {
            return kind
        }
        return feature.key
    }

    /// The feature's name within its table (`salary`, `ix_jobs_title`, `(a, b)`).
    var name: String { String(feature.key.dropFirst(object.count).drop { $0 == " " }) }
}

extension TableShape {
    /// How `live` differs from `declared`: what only the database has, then what both
    /// have in different forms (each in the database's order), then what only the
    /// history has (in its order). Column order is not among them (`columnOrder`).
    static func differences(live table: LiveTable, declared: TableSpec, dialect: Dialect) -> [TableDifference] {
        let live = TableShape(live: table, dialect: dialect).features(dialect: dialect)
        let history = TableShape(declared: declared, dialect: dialect).features(dialect: dialect)
        var differences: [TableDifference] = []
        for feature in live.ordered where history[feature.key] == nil {
            differences.append(TableDifference(feature: feature, state: .onlyInDatabase))
        }
        for feature in live.ordered {
            guard let declared = history[feature.key], declared.text != feature.text else { continue }
            differences.append(TableDifference(feature: feature, state: .differs(history: declared)))
        }
        for feature in history.ordered where live[feature.key] == nil {
            differences.append(TableDifference(feature: feature, state: .onlyInHistory))
        }
        return differences
    }
}
