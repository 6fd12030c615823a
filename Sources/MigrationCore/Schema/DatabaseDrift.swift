/// Every table of a live database against the schema the history describes at the
/// database's own revisions: what `retort drift` reports, and what the browser's header
/// counts.
public struct DatabaseDrift: Sendable {
    /// One object that differs.
    public struct Difference: Sendable, Equatable {
        public enum State: String, Sendable {
            /// In the database, never made by the history.
            case extra
            /// Made by the history, not in the database.
            case missing
            /// In both, in different forms.
            case altered
        }

        /// The table (for an enum type: the type's name).
        public var table: String
        /// `table`, `column`, `primary key`, `index`, `unique`, `check`, `foreign key`,
        /// `trigger`, or `type` (a PostgreSQL enum type).
        public var object: String
        /// The object's name within its table; the table's own name for a table.
        public var name: String
        public var state: State
        /// How it reads on each side (nil on the side that lacks it).
        public var database: String?
        public var history: String?

        /// `column nickname VARCHAR(20): in the database, not in the history`.
        public var line: String {
            switch (object, state) {
            case ("table", .extra), ("type", .extra): return "in the database, never made by the history"
            case ("table", .missing), ("type", .missing): return "made by the history, not in the database"
            case ("type", .altered): return "labels \(database ?? "") in the database, \(history ?? "") in the history"
            case (_, .extra): return "\(database ?? name): in the database, not in the history"
            case (_, .missing): return "\(history ?? name): in the history, not in the database"
            case (_, .altered):
                return "\(object) \(name): \(database ?? "") in the database, \(history ?? "") in the history"
            }
        }
    }

    /// A table the history cannot vouch for, and why: not compared.
    public struct Uncompared: Sendable, Equatable {
        public var table: String
        public var reason: String
    }

    /// The revisions the history is read at (the database's rows; empty: base).
    public var revisions: [String]
    /// Every table compared, by name.
    public var compared: [String] = []
    /// How many of PostgreSQL's enum types were compared, on either side (none on
    /// SQLite, or when the history cannot vouch for them).
    public var comparedTypes = 0
    /// By table, in name order; a table's own line first.
    public var differences: [Difference] = []
    public var notCompared: [Uncompared] = []
    /// Why nothing could be compared, when the whole history is uncertain.
    public var notComparedAtAll: String?

    public var hasDrift: Bool { !differences.isEmpty }

    /// Reads every table of the database's default schema (and the history's tables in
    /// other schemas) through `reader`, and compares each with the history at `rows`.
    /// The version table is not compared.
    public static func make(
        rows: [String], functions: RevisionFunctions, reader: any LiveSchemaReader, versionTable: VersionTable
    ) throws(DatabaseError) -> DatabaseDrift {
        let dialect = functions.dialect
        var drift = DatabaseDrift(revisions: rows)
        let nodes = rows.compactMap { functions.graph.indexByID[$0] }
        let history = nodes.isEmpty ? SchemaModel() : SchemaReplay.at(nodes, functions: functions)
        if let reason = history.uncertainEverywhere {
            drift.notComparedAtAll = reason
            return drift
        }
        let version = SchemaModel.Key(versionTable.name, schema: versionTable.schema)
        var keys = Set(try reader.tableNames(schema: nil).map { SchemaModel.Key($0, schema: nil) })
        keys.formUnion(history.tables.keys)
        keys.formUnion(history.uncertain.keys)
        keys.remove(version)
        for key in keys.sorted(by: { ($0.schema ?? "", $0.name) < ($1.schema ?? "", $1.name) }) {
            let name = HistorySchema.qualified(key)
            if let reason = history.uncertain[key] {
                drift.notCompared.append(Uncompared(table: name, reason: reason))
                continue
            }
            let live = try reader.table(key.name, schema: key.schema)
            let declared = history.tables[key]
            switch (live, declared) {
            case (nil, nil):
                continue
            case (let live?, _) where live.kind != .table:
                drift.compared.append(name)
                drift.differences.append(
                    Difference(
                        table: name, object: "table", name: name, state: .altered, database: live.kind.rawValue,
                        history: declared == nil ? nil : "table"))
            case (nil, _?):
                drift.compared.append(name)
                drift.differences.append(Difference(table: name, object: "table", name: name, state: .missing, history: "table"))
            case (_?, nil):
                drift.compared.append(name)
                drift.differences.append(Difference(table: name, object: "table", name: name, state: .extra, database: "table"))
            case (let live?, let declared?):
                drift.compared.append(name)
                for difference in TableShape.differences(live: live, declared: declared, dialect: dialect) {
                    drift.differences.append(Difference(table: name, difference))
                }
            }
        }
        if dialect == .postgresql {
            if let reason = history.enumTypes.uncertain {
                drift.notCompared.append(Uncompared(table: "enum types", reason: reason))
            } else {
                let live = try reader.enumTypes(schema: nil)
                drift.comparedTypes = Set(live.keys).union(history.enumTypes.labels.keys.filter { $0.schema == nil }.map(\.name)).count
                drift.differences += typeDifferences(live: live, history: history.enumTypes)
            }
        }
        return drift
    }

    /// The enum types of the default schema against those the history made there.
    static func typeDifferences(live: [String: [String]], history: EnumTypes) -> [Difference] {
        let declared = Dictionary(
            history.labels.filter { $0.key.schema == nil }.map { ($0.key.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        func text(_ labels: [String]) -> String { "(" + labels.map { "'\($0)'" }.joined(separator: ", ") + ")" }
        var differences: [Difference] = []
        for name in Set(live.keys).union(declared.keys).sorted() {
            switch (live[name], declared[name]) {
            case (let found?, nil):
                differences.append(Difference(table: name, object: "type", name: name, state: .extra, database: text(found)))
            case (nil, let made?):
                differences.append(Difference(table: name, object: "type", name: name, state: .missing, history: text(made)))
            case (let found?, let made?) where found != made:
                differences.append(
                    Difference(table: name, object: "type", name: name, state: .altered, database: text(found), history: text(made)))
            default:
                break
            }
        }
        return differences
    }

    /// The report as text: one block per table that differs, then what was not compared.
    public func text(url: String) -> String {
        let at = revisions.isEmpty ? "base" : revisions.joined(separator: ", ")
        var lines: [String] = []
        if let notComparedAtAll {
            return "Drift not checked: the history up to \(at) cannot be read whole: \(notComparedAtAll)\n"
        }
        let tables = Dictionary(grouping: differences.filter { $0.object != "type" }, by: \.table)
        let types = differences.filter { $0.object == "type" }
        if differences.isEmpty {
            let count = compared.count
            let types = comparedTypes == 0 ? "" : ", and so \(comparedTypes == 1 ? "is its enum type" : "are its \(comparedTypes) enum types")"
            lines.append(
                "No drift: every table of \(url) (\(count)) is as the history made \(count == 1 ? "it" : "them") at \(at)\(types)")
        } else {
            let count = tables.count
            let subject =
                types.isEmpty
                ? "\(count) table\(count == 1 ? "" : "s")"
                : count == 0
                    ? "\(types.count) enum type\(types.count == 1 ? "" : "s")"
                    : "\(count) table\(count == 1 ? "" : "s") and \(types.count) enum type\(types.count == 1 ? "" : "s")"
            let one = count + types.count == 1
            lines.append(
                "Drift: \(subject) of \(url) differ\(one ? "s" : "") from the history at "
                    + "\(at) (\(differences.count) difference\(differences.count == 1 ? "" : "s")):")
            for type in types { lines.append("  type \(type.name): " + type.line) }
            for name in compared {
                guard let items = tables[name] else { continue }
                if let whole = items.first(where: { $0.object == "table" }) {
                    lines.append("  \(name): " + (whole.state == .altered ? "a \(whole.database ?? "") in the database, a table in the history" : whole.line))
                    continue
                }
                lines.append("  \(name):")
                lines += items.map { "    " + $0.line }
            }
        }
        for item in notCompared { lines.append("Not compared: \(item.table): \(item.reason)") }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json(url: String) -> JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        var fields: [(String, JSONValue)] = [
            ("url", .string(url)), ("revisions", .array(revisions.map(JSONValue.string))),
            ("compared", .array(compared.map(JSONValue.string))),
            (
                "differences",
                .array(
                    differences.map {
                        .object([
                            ("table", .string($0.table)), ("object", .string($0.object)), ("name", .string($0.name)),
                            ("state", .string($0.state.rawValue)), ("database", optional($0.database)),
                            ("history", optional($0.history)),
                        ])
                    })
            ),
            ("not_compared", .array(notCompared.map { .object([("table", .string($0.table)), ("reason", .string($0.reason))]) })),
        ]
        if let notComparedAtAll { fields.append(("not_compared_at_all", .string(notComparedAtAll))) }
        return .object(fields)
    }
}

extension DatabaseDrift.Difference {
    /// A difference inside a table both sides have.
    init(table: String, _ difference: TableDifference) {
        self.table = table
        object = difference.object
        name = difference.name
        switch difference.state {
        case .onlyInDatabase:
            state = .extra
            database = difference.feature.text
        case .onlyInHistory:
            state = .missing
            history = difference.feature.text
        case .differs(let declared):
            state = .altered
            database = difference.feature.detail
            history = declared.detail
        }
    }
}
