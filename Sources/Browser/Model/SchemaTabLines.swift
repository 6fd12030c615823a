import MigrationCore

/// The Schema tab's lines: the schema the history describes after the selected
/// revision, the tables it changes first and what it changes marked in the gutter
/// (`+` added, `-` dropped, `~` altered); or, with `D`, the connected database against
/// the history at its own revisions.
enum SchemaTabLines {
    /// The schema after `revision`'s upgrade, against the schema before it.
    static func revision(_ revision: String, before: SchemaModel, after: SchemaModel, dialect: Dialect) -> [StyledLine] {
        let from = HistorySchema(model: before, dialect: dialect)
        let to = HistorySchema(model: after, dialect: dialect, revisions: [revision])
        let diff = SchemaDiff(from: from, to: to)
        var lines = [StyledLine("-- the schema after \(revision) for \(dialect.rawValue) (s: dialect, D: the database)", role: "python-comment")]
        lines.append(summary(diff.changes))
        if let everywhere = to.uncertainEverywhere {
            lines.append(StyledLine("? no table is known for sure: \(everywhere)", role: "uninterpretable"))
        }
        for (name, reason) in to.unshapedUncertain {
            lines.append(StyledLine("? table \(name) may exist, its shape not known: \(reason)", role: "uninterpretable"))
        }

        let changes = Dictionary(diff.changes.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let objects = SchemaDiff.orderedObjects(after.slice, dialect: dialect)
        let dropped = SchemaDiff.orderedObjects(before.slice, dialect: dialect).filter { object in
            guard let change = changes[object.key] else { return false }
            return change.kind == .dropped
        }
        // PostgreSQL's enum types first, together.
        let types = (objects + dropped).filter { $0.object == "type" }.sorted { $0.table < $1.table }
        if !types.isEmpty {
            lines.append(StyledLine())
            if let reason = to.enumTypesUncertainty {
                lines.append(StyledLine("? the enum types are uncertain: \(reason)", role: "uninterpretable"))
            }
            for type in types { lines.append(line(type, changes[type.key])) }
        }
        var byTable: [String: [SchemaDiff.Object]] = [:]
        var tableOrder: [String] = []
        for object in objects + dropped where object.object != "type" {
            if byTable[object.table] == nil { tableOrder.append(object.table) }
            byTable[object.table, default: []].append(object)
        }
        let touched = Set(diff.changes.filter { $0.object != "type" }.map(\.table))
        // The tables this revision changes first, then the rest, each group by name.
        let ordered = tableOrder.filter(touched.contains).sorted() + tableOrder.filter { !touched.contains($0) }.sorted()
        let uncertain = Dictionary(
            after.tables.values.compactMap { table in
                to.uncertainty(of: table).map { (HistorySchema.qualifiedName(table), $0) }
            }, uniquingKeysWith: { first, _ in first })
        for table in ordered {
            lines.append(StyledLine())
            let tableChange = changes["table \(table)"]
            for object in byTable[table] ?? [] {
                // An added or dropped table's objects go with it.
                let change = object.object == "table" ? tableChange : changes[object.key] ?? tableChange
                lines.append(line(object, change))
                if object.object == "table", let reason = uncertain[table] {
                    lines.append(StyledLine("?     uncertain: \(reason)", role: "uninterpretable"))
                }
            }
        }
        return lines
    }

    /// `this revision: 2 changes (1 added, 1 altered)`.
    static func summary(_ changes: [SchemaDiff.Change]) -> StyledLine {
        guard !changes.isEmpty else { return StyledLine("-- this revision changes no table", role: "python-comment") }
        let kinds: [SchemaDiff.Change.Kind] = [.added, .dropped, .altered]
        let counts = kinds.compactMap { kind -> String? in
            let count = changes.filter { $0.kind == kind }.count
            return count == 0 ? nil : "\(count) \(kind.rawValue)"
        }
        let count = changes.count
        return StyledLine(
            "-- this revision: \(count) change\(count == 1 ? "" : "s") (\(counts.joined(separator: ", ")))", role: "python-comment")
    }

    /// One object, marked and coloured by what the revision did to it.
    static func line(_ object: SchemaDiff.Object, _ change: SchemaDiff.Change?) -> StyledLine {
        let (mark, role): (String, String) =
            switch change?.kind {
            case .added?: ("+ ", "created")
            case .dropped?: ("- ", "dropped")
            case .altered?: ("~ ", "altered")
            case nil: ("  ", object.object == "table" ? "title" : "normal")
            }
        func shown(_ description: String) -> String {
            switch object.object {
            case "primary key": return "primary key " + description
            case "type": return "type \(object.table) (\(description))"
            default: return description
            }
        }
        let indent = object.object == "table" || object.object == "type" ? "" : "    "
        var segments: [(text: String, role: String)] = [(mark + indent + shown(object.description), role)]
        if change?.kind == .altered, object.object != "table", let before = change?.before {
            segments.append(("  (was \(object.object == "type" ? "(\(before))" : shown(before)))", "date"))
        }
        return StyledLine(segments)
    }

    /// The connected database against the history at its revisions (`D`).
    static func drift(_ status: DriftStatus?, database: DatabaseStatus?) -> [StyledLine] {
        var lines = [StyledLine("-- the database against the history (D: back)", role: "python-comment")]
        guard let status else {
            let why =
                switch database?.state {
                case .unavailable(let reason)?: "the database cannot be read: \(reason)"
                case .rows?: "the database's tables are not read yet"
                default: "no database is connected (set sqlalchemy.url or pass --url)"
                }
            lines.append(StyledLine(why, role: "warning"))
            return lines
        }
        switch status {
        case .checking:
            lines.append(StyledLine("reading the database's tables…", role: "date"))
        case .failed(let reason):
            lines.append(StyledLine("drift not checked: \(reason)", role: "error"))
        case .compared(let drift):
            lines += compared(drift, url: database?.maskedURL)
        }
        return lines
    }

    static func compared(_ drift: DatabaseDrift, url: String?) -> [StyledLine] {
        let at = drift.revisions.isEmpty ? "base" : drift.revisions.joined(separator: ", ")
        var lines = [StyledLine("-- \(url ?? "the database") at \(at)", role: "python-comment")]
        if let reason = drift.notComparedAtAll {
            lines.append(StyledLine("? nothing compared: \(reason)", role: "uninterpretable"))
            return lines
        }
        let count = drift.differences.count
        let tables = Set(drift.differences.map(\.table)).count
        lines.append(
            count == 0
                ? StyledLine("-- no drift: \(drift.compared.count) table\(drift.compared.count == 1 ? "" : "s") as the history says", role: "python-comment")
                : StyledLine(
                    "-- \(count) difference\(count == 1 ? "" : "s") in \(tables) table\(tables == 1 ? "" : "s")"
                        + " (+ only in the database, - only in the history, ~ differs)", role: "python-comment"))
        var table: String?
        for difference in drift.differences {
            let whole = difference.object == "table" || difference.object == "type"
            if difference.table != table {
                table = difference.table
                lines.append(StyledLine())
                if !whole { lines.append(StyledLine("  table \(difference.table)", role: "title")) }
            }
            let (mark, role): (String, String) =
                switch difference.state {
                case .extra: ("+ ", "created")
                case .missing: ("- ", "dropped")
                case .altered: ("~ ", "altered")
                }
            let text = whole ? "\(difference.object) \(difference.table): \(difference.line)" : "    " + difference.line
            lines.append(StyledLine(mark + text, role: role))
        }
        for item in drift.notCompared {
            lines.append(StyledLine())
            lines.append(StyledLine("? table \(item.table): not compared: \(item.reason)", role: "uninterpretable"))
        }
        return lines
    }
}
