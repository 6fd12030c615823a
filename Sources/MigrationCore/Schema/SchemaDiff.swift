import Foundation

/// What changes between the schemas the history describes at two revisions, object by
/// object (tables, columns, primary keys, indexes, unique, check and foreign-key
/// constraints), each with the revision that made the change.
public struct SchemaDiff: Sendable {
    /// One object that differs.
    public struct Change: Sendable, Equatable {
        public enum Kind: String, Sendable { case added, dropped, altered }

        /// `table`, `column`, `primary key`, `index`, `unique`, `check`, `foreign key`.
        public var object: String
        public var table: String
        /// The object's name within its table (`email`, `ix_users_email`, `(user_id)`);
        /// the table's own name for a table.
        public var name: String
        public var kind: Kind
        /// How it reads at each end (nil where it does not exist).
        public var before: String?
        public var after: String?
        /// The revision whose upgrade made the change going from the first revision to the
        /// second; `undone` when the change is one of the first revision's own revisions
        /// that the second does not have (their downgrades make it).
        public var revision: String?
        public var undone = false

        /// The key of the object it changes, as `Object.key` names it.
        public var key: String { object == "table" ? "table \(table)" : "\(object) \(table).\(name)" }

        public var line: String {
            let subject = object == "table" || name.isEmpty ? "\(object) \(table)" : "\(object) \(table).\(name)"
            var text = "\(subject): \(kind.rawValue)"
            switch kind {
            case .added: if let after, object != "table" { text += " (\(after))" }
            case .dropped: if let before, object != "table" { text += " (\(before))" }
            case .altered: text += ": \(before ?? "") -> \(after ?? "")"
            }
            if let revision { text += undone ? ", undoing \(revision)" : ", by \(revision)" }
            return text
        }
    }

    public var from: HistorySchema
    public var to: HistorySchema
    public var changes: [Change]
    /// Tables whose shape either end cannot vouch for, with the reason: not compared.
    public var notCompared: [(table: String, reason: String)]

    /// The difference from the schema at `from` to the schema at `to` (each a set of
    /// revisions, as `HistorySchema` takes them).
    public init(from: [Int], to: [Int], functions: RevisionFunctions) {
        let (graph, dialect) = (functions.graph, functions.dialect)
        // Who made each change: the revisions only one end has, each compared with the
        // schema just before it, oldest first. Going forward the last to touch an object
        // names it; going back (their downgrades undo it) the earliest.
        let fromAncestors = Set(graph.ancestors(of: from))
        let toAncestors = Set(graph.ancestors(of: to))
        var madeBy: [String: (revision: String, undone: Bool)] = [:]
        func schema(_ nodes: [Int], only side: Set<Int>, undone: Bool) -> HistorySchema {
            guard !nodes.isEmpty else { return HistorySchema(model: SchemaModel(), dialect: dialect) }
            let model = SchemaReplay.at(nodes, functions: functions, watched: side) { node, previous, next in
                let step = Self.objects(previous, dialect: dialect)
                let done = Self.objects(next, dialect: dialect)
                for key in Set(step.keys).union(done.keys) where step[key] != done[key] {
                    if undone, madeBy[key] != nil { continue }
                    madeBy[key] = (graph.revisions[node].id, undone)
                }
            }
            return HistorySchema(model: model, dialect: dialect, revisions: nodes.map { graph.revisions[$0].id })
        }
        self.init(
            from: schema(from, only: fromAncestors.subtracting(toAncestors), undone: true),
            to: schema(to, only: toAncestors.subtracting(fromAncestors), undone: false), madeBy: madeBy)
    }

    /// The difference between two schemas already replayed (the browser's, before and
    /// after one revision): no change names a revision.
    public init(from: HistorySchema, to: HistorySchema) {
        self.init(from: from, to: to, madeBy: [:])
    }

    private init(from: HistorySchema, to: HistorySchema, madeBy: [String: (revision: String, undone: Bool)]) {
        self.from = from
        self.to = to
        let dialect = to.dialect
        let before = Self.objects(from.model.slice, dialect: dialect)
        let after = Self.objects(to.model.slice, dialect: dialect)
        var uncertain: [String: String] = [:]
        for schema in [from, to] {
            for table in schema.model.tables.values {
                if let reason = schema.uncertainty(of: table) { uncertain[table.name] = uncertain[table.name] ?? reason }
            }
            for (name, reason) in schema.unshapedUncertain { uncertain[name] = uncertain[name] ?? reason }
        }
        // The enum types are compared when both ends can vouch for them.
        let typesUncertain = from.enumTypesUncertainty ?? to.enumTypesUncertainty
        notCompared = uncertain.map { ($0.key, $0.value) }.sorted { $0.table < $1.table }

        var changes: [Change] = []
        // By table, the table itself first, then its objects by kind and name.
        let keys = Set(before.keys).union(after.keys).sorted { a, b in
            let (x, y) = ((before[a] ?? after[a])!, (before[b] ?? after[b])!)
            return (x.table, x.object == "table" ? 0 : 1, a) < (y.table, y.object == "table" ? 0 : 1, b)
        }
        for key in keys {
            let (old, new) = (before[key], after[key])
            guard old?.description != new?.description, let object = old ?? new else { continue }
            if object.object == "type" ? typesUncertain != nil : uncertain[object.table] != nil { continue }
            let kind: Change.Kind = old == nil ? .added : new == nil ? .dropped : .altered
            // A table's own objects go with it when it is added or dropped.
            if object.object != "table", object.object != "type", kind != .altered,
                (old == nil ? before : after)["table \(object.table)"] == nil
            {
                continue
            }
            let made = madeBy[key]
            changes.append(
                Change(
                    object: object.object, table: object.table, name: object.name, kind: kind, before: old?.description,
                    after: new?.description, revision: made?.revision, undone: made?.undone ?? false))
        }
        self.changes = changes
    }

    /// The diff as lines of text, then what was not compared.
    public var text: String {
        var lines = changes.map(\.line)
        for (table, reason) in notCompared { lines.append("table \(table): not compared: \(reason)") }
        if lines.isEmpty { lines.append("no differences") }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() -> JSONValue {
        .object([
            ("from", .array(from.revisions.map(JSONValue.string))), ("to", .array(to.revisions.map(JSONValue.string))),
            ("dialect", .string(to.dialect.rawValue)),
            (
                "changes",
                .array(
                    changes.map { change in
                        .object([
                            ("object", .string(change.object)), ("table", .string(change.table)), ("name", .string(change.name)),
                            ("change", .string(change.kind.rawValue)), ("before", change.before.map(JSONValue.string) ?? .null),
                            ("after", change.after.map(JSONValue.string) ?? .null),
                            ("revision", change.revision.map(JSONValue.string) ?? .null), ("undone", .bool(change.undone)),
                        ])
                    })
            ),
            ("not_compared", .array(notCompared.map { .object([("table", .string($0.table)), ("reason", .string($0.reason))]) })),
        ])
    }

    /// One object of a schema: what it is, where, and how it reads.
    public struct Object: Sendable, Equatable {
        /// `table`, `column`, `primary key`, `index`, `unique`, `check`, `foreign key`.
        public var object: String
        public var table: String
        public var name: String
        public var description: String

        /// The key that names it across schemas (`column users.email`).
        public var key: String { object == "table" ? "table \(table)" : "\(object) \(table).\(name)" }
    }

    /// Every object of the schema, by a key that names it (`column users.email`).
    static func objects(_ slice: SchemaModel.Slice, dialect: Dialect) -> [String: Object] {
        Dictionary(orderedObjects(slice, dialect: dialect).map { ($0.key, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Every object of the schema in reading order: on PostgreSQL the enum types first,
    /// then the tables by name, each followed by its columns (in table order), primary
    /// key, indexes, unique, check and foreign-key constraints.
    public static func orderedObjects(_ slice: SchemaModel.Slice, dialect: Dialect) -> [Object] {
        var objects: [Object] = []
        if dialect == .postgresql {
            for (key, labels) in slice.enumTypes.labels.sorted(by: { ($0.key.schema ?? "", $0.key.name) < ($1.key.schema ?? "", $1.key.name) }) {
                let name = HistorySchema.qualified(key)
                let description = labels.map { "'\($0)'" }.joined(separator: ", ")
                objects.append(Object(object: "type", table: name, name: "", description: description))
            }
        }
        for table in slice.tables.values.sorted(by: { ($0.schema ?? "", $0.name) < ($1.schema ?? "", $1.name) }) {
            let shape = TableShape(declared: table, dialect: dialect)
            let name = HistorySchema.qualified(SchemaModel.Key(table.name, schema: table.schema))
            func add(_ object: String, _ objectName: String, _ description: String) {
                objects.append(Object(object: object, table: name, name: objectName, description: description))
            }
            add("table", name, "table \(name)")
            for column in shape.columns { add("column", column.name, column.description) }
            if !shape.primaryKey.isEmpty { add("primary key", "", "(\(shape.primaryKey.joined(separator: ", ")))") }
            for index in shape.indexes { add("index", index.name, index.description) }
            for unique in shape.uniques { add("unique", "(\(unique.joined(separator: ", ")))", "unique (\(unique.joined(separator: ", ")))") }
            for check in shape.checks { add("check", check, "check (\(check))") }
            for fk in shape.foreignKeys { add("foreign key", "(\(fk.columns.joined(separator: ", ")))", fk.description) }
        }
        return objects
    }
}
