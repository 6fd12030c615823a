/// What the tables a live plan touches look like in the database against what the
/// history says they are at the database's current revision, and what the run will do
/// with each difference: shown with the plan, before anything is asked.
public struct DriftReport: Sendable, Equatable {
    /// One difference, and what the plan does with it.
    public struct Item: Sendable, Equatable {
        /// `column extra_notes TEXT`.
        public var what: String
        /// `in the database, not in the history`.
        public var state: String
        /// `kept by the table copy in step 1`, `lost: ...`, `left as it is`.
        public var outcome: String

        public var line: String { "\(what): \(state); \(outcome)" }
    }

    /// A table that differs.
    public struct Table: Sendable, Equatable {
        public var name: String
        /// A line about the table as a whole (it is missing, or unknown to the history).
        public var summary: String?
        public var items: [Item] = []
    }

    /// The revisions the history is read at (`d1`, or `base`).
    public var revision: String
    /// The tables the plan touches, compared.
    public var compared: [String] = []
    /// Those that differ.
    public var tables: [Table] = []
    /// Tables of the database the history never made, and tables the history made that
    /// the database lacks, among those the plan does not touch.
    public var untouchedExtra: [String] = []
    public var untouchedMissing: [String] = []
    /// Why the history could not be compared at all, when it cannot.
    public var notCompared: String?
    /// Whether the database has no tables at all yet (nothing to compare).
    public var databaseIsEmpty = false
    /// Differences that make a step fail for sure: the plan is refused (nothing applied).
    public var blockers: [String] = []

    public var hasDrift: Bool { !tables.isEmpty || !untouchedExtra.isEmpty || !untouchedMissing.isEmpty }

    /// The report in lines, for the plan on the command line and in the browser's dialog.
    public var lines: [String] {
        if let notCompared { return ["Drift not checked: \(notCompared)"] }
        if databaseIsEmpty { return ["No drift: the database has no tables yet"] }
        var lines: [String] = []
        if tables.isEmpty {
            if !compared.isEmpty {
                lines.append(
                    "No drift: the tables this plan touches (\(compared.joined(separator: ", "))) are as the history "
                        + "made them at \(revision)")
            } else {
                lines.append("No drift: the plan touches no table the database or the history has at \(revision)")
            }
        } else {
            let count = tables.count
            lines.append(
                "Drift: \(count) table\(count == 1 ? "" : "s") this plan touches differ\(count == 1 ? "s" : "") "
                    + "from the history at \(revision):")
            for table in tables {
                lines.append("  \(table.name)" + (table.summary.map { ": \($0)" } ?? ":"))
                lines += table.items.map { "    " + $0.line }
            }
        }
        if !untouchedExtra.isEmpty {
            lines.append(
                "Not touched by this plan, in the database but never made by the history: "
                    + untouchedExtra.joined(separator: ", "))
        }
        if !untouchedMissing.isEmpty {
            lines.append(
                "Not touched by this plan, made by the history but not in the database: "
                    + untouchedMissing.joined(separator: ", "))
        }
        return lines
    }
}

extension DriftReport {
    /// Compares the tables `previews` touch (read through `live`) with the history at
    /// the rows `rows`. `versionTable` is left out of the untouched lists.
    public static func make(
        steps: [MigrationStep], previews: [StepPreview], rows: [String], graph: RevisionGraph, dialect: Dialect,
        live: LiveTableCache, versionTable: String
    ) throws(DatabaseError) -> DriftReport {
        var report = DriftReport(revision: rows.isEmpty ? "base" : rows.joined(separator: ", "))
        let uses = PlanUses(steps: steps, previews: previews)
        let touched = uses.tables
        let existing = Set(try live.reader.tableNames(schema: nil)).subtracting([versionTable])
        // Reading the history costs a replay of every applied revision: only when there is
        // something in the database to compare it with.
        guard !existing.isEmpty || touched.contains(where: { $0.schema != nil }) else {
            report.databaseIsEmpty = true
            return report
        }
        let history = SchemaReplay.at(rows.compactMap { graph.indexByID[$0] }, graph: graph, dialect: dialect)
        if let reason = history.uncertainEverywhere {
            report.notCompared = "the history up to \(report.revision) cannot be read whole: \(reason)"
            return report
        }
        // Each table read only where there is one to read, or where the history says so.
        var liveTables: [(SchemaModel.Key, LiveTable?)] = []
        for key in touched {
            let worthReading = key.schema != nil || existing.contains(key.name) || history.tables[key] != nil
            liveTables.append((key, worthReading ? try live.table(key) : nil))
        }
        for (key, table) in liveTables {
            let name = (key.schema.map { $0 + "." } ?? "") + key.name
            let declared = history.tables[key]
            if let reason = history.uncertain[key], table != nil {
                report.compared.append(name)
                report.tables.append(Table(name: name, summary: "not compared: \(reason)"))
                continue
            }
            switch (table, declared) {
            case (nil, nil):
                continue
            case (nil, _?):
                report.compared.append(name)
                let first = uses.first(touching: key)
                if let first, first.creates {
                    report.tables.append(Table(name: name, summary: "made by the history, not in the database; step \(first.step) creates it"))
                } else {
                    let need = first.map { "step \($0.step) (line \($0.line)) needs it" } ?? "the plan needs it"
                    report.tables.append(Table(name: name, summary: "made by the history, not in the database; \(need)"))
                    report.blockers.append("table \(name) is made by the history but not in the database, and \(need)")
                }
            case (_?, nil):
                report.compared.append(name)
                if let first = uses.first(touching: key), first.creates {
                    let summary = "in the database, never made by the history; step \(first.step) (line \(first.line)) creates it again"
                    report.tables.append(Table(name: name, summary: summary))
                    report.blockers.append("table \(name) is in the database already, and step \(first.step) (line \(first.line)) creates it")
                } else {
                    report.tables.append(Table(name: name, summary: "in the database, never made by the history; the plan uses it as it is"))
                }
            case (let table?, let declared?):
                report.compared.append(name)
                let items = compare(table, declared, key: key, uses: uses, dialect: dialect)
                if !items.isEmpty { report.tables.append(Table(name: name, items: items)) }
            }
        }
        let historyNames = Set(history.tables.keys.filter { $0.schema == nil }.map(\.name))
        let touchedNames = Set(touched.filter { $0.schema == nil }.map(\.name))
        report.untouchedExtra = existing.subtracting(historyNames).subtracting(touchedNames).sorted()
        report.untouchedMissing = historyNames.subtracting(existing).subtracting(touchedNames).sorted()
        return report
    }

    /// The differences of one table, each with what the plan does with it.
    static func compare(_ table: LiveTable, _ declared: TableSpec, key: SchemaModel.Key, uses: PlanUses, dialect: Dialect)
        -> [Item]
    {
        let kept = TableShape(kept: table, dialect: dialect).features(dialect: dialect)
        let copy = uses.firstCopy(of: key)
        let drop = uses.firstDrop(of: key)
        func outcome(_ feature: TableShape.Feature) -> String {
            if let copy, drop.map({ copy < $0 }) ?? true {
                if feature.key.hasPrefix("trigger ") { return "lost: DROP TABLE in step \(copy)'s table copy removes it" }
                guard let copied = kept[feature.key] else { return "lost: the table copy in step \(copy) does not keep it" }
                return copied.text == feature.text
                    ? "kept by the table copy in step \(copy)"
                    : "lost: the table copy in step \(copy) makes it \(copied.detail)"
            }
            if let drop { return "dropped with the table in step \(drop)" }
            return "left as it is"
        }
        let differences = TableShape.differences(live: table, declared: declared, dialect: dialect)
        var items: [Item] = []
        for difference in differences where difference.state != .onlyInHistory {
            items.append(Item(what: difference.what, state: difference.stateText, outcome: outcome(difference.feature)))
        }
        if let order = TableShape.columnOrder(live: table, declared: declared) {
            let outcome = copy.map { "the table copy in step \($0) keeps the database's order" } ?? "left as it is"
            items.append(
                Item(
                    what: "column order", state: "\(order.live) in the database, \(order.history) in the history",
                    outcome: outcome))
        }
        for difference in differences where difference.state == .onlyInHistory {
            let outcome: String
            if let use = uses.first(naming: difference.feature.key, in: key) {
                outcome = "step \(use.step) (line \(use.line)) uses it: its statement will fail"
            } else if let copy {
                outcome = "the table copy in step \(copy) is made without it, as the database is"
            } else {
                outcome = "the plan does not use it"
            }
            items.append(Item(what: difference.what, state: difference.stateText, outcome: outcome))
        }
        return items
    }
}

/// What the plan's steps do to each table, for the outcomes of drift.
struct PlanUses {
    struct Use {
        /// The step's number in the plan, from 1.
        var step: Int
        var line: Int
        var operation: Operation
        var creates: Bool {
            if case .createTable = operation.kind { return true }
            return false
        }
    }

    private(set) var tables: [SchemaModel.Key] = []
    private var uses: [SchemaModel.Key: [Use]] = [:]
    private var copies: [SchemaModel.Key: Int] = [:]

    init(steps: [MigrationStep], previews: [StepPreview]) {
        var seen = Set<SchemaModel.Key>()
        for (index, preview) in previews.enumerated() where index < steps.count {
            for operation in preview.operations ?? [] {
                for key in TouchedTables.of(operation) {
                    uses[key, default: []].append(Use(step: index + 1, line: operation.line, operation: operation))
                    if seen.insert(key).inserted { tables.append(key) }
                }
            }
            for key in preview.copiedTables where copies[key] == nil { copies[key] = index + 1 }
        }
    }

    func first(touching key: SchemaModel.Key) -> Use? { uses[key]?.first }

    func firstCopy(of key: SchemaModel.Key) -> Int? { copies[key] }

    func firstDrop(of key: SchemaModel.Key) -> Int? {
        uses[key]?.first { if case .dropTable = $0.operation.kind { return true } else { return false } }?.step
    }

    /// The first operation on the table that names the feature (`column x`, `index ix`,
    /// a constraint by name).
    func first(naming feature: String, in key: SchemaModel.Key) -> Use? {
        let parts = feature.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let (kind, name) = (parts[0], parts[1])
        func names(_ operation: Operation) -> Bool {
            switch operation.kind {
            case .dropColumn(_, _, let column, _): return kind == "column" && column == name
            case .alterColumn(let alter): return kind == "column" && alter.column == name
            case .dropIndex(let index, _, _, _, _): return kind == "index" && index == name
            case .dropConstraint(let constraint, _, _, _, _): return constraint == name
            case .batch(let batch): return batch.operations.contains(where: names)
            default: return false
            }
        }
        return uses[key]?.first { names($0.operation) }
    }
}
