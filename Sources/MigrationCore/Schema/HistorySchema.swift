import Foundation

/// The schema the history describes at some revisions: the upgrades of every revision
/// they rest on, replayed without a database (`SchemaTimeline`), with the tables the
/// replay cannot vouch for named and why.
public struct HistorySchema: Sendable {
    /// The revisions asked for, as ids.
    public var revisions: [String]
    public var dialect: Dialect
    public var model: SchemaModel
    /// The tables as a live database has them, when the schema was read from one (`schema
    /// --engine alembic`): their shapes are read as drift reads a database's.
    public var reflected: [SchemaModel.Key: LiveTable] = [:]

    /// A schema already replayed.
    public init(model: SchemaModel, dialect: Dialect, revisions: [String] = []) {
        self.model = model
        self.dialect = dialect
        self.revisions = revisions
    }

    /// The schema after the upgrades of `nodes` and of everything they rest on, each
    /// applied once in the order `upgrade` runs them.
    public init(_ nodes: [Int], graph: RevisionGraph, dialect: Dialect) {
        self.init(nodes, functions: RevisionFunctions(graph: graph, dialect: dialect))
    }

    /// The same, with the functions read through `functions` (its cache, when it has one).
    public init(_ nodes: [Int], functions: RevisionFunctions) {
        revisions = nodes.map { functions.graph.revisions[$0].id }
        dialect = functions.dialect
        model = nodes.isEmpty ? SchemaModel() : SchemaReplay.at(nodes, functions: functions)
    }

    /// The tables by name, each moved after those its foreign keys refer to (a cycle of
    /// references is broken where it closes), so that the DDL runs in an empty database.
    public var tables: [TableSpec] {
        func key(_ table: TableSpec) -> SchemaModel.Key { SchemaModel.Key(table.name, schema: table.schema) }
        func referred(_ table: TableSpec) -> [SchemaModel.Key] {
            let keys = table.columns.flatMap(\.foreignKeys) + table.constraints.compactMap { constraint in
                if case .foreignKey(let fk) = constraint.kind { return fk }
                return nil
            }
            return keys.map { SchemaModel.Key($0.referredTable, schema: $0.referredSchema ?? table.schema) }
                .sorted { ($0.schema ?? "", $0.name) < ($1.schema ?? "", $1.name) }
        }
        // The keys are sorted, not the tables: moving whole tables about costs more than the sort.
        let byName = model.tables.keys.sorted { ($0.schema ?? "", $0.name) < ($1.schema ?? "", $1.name) }
        var visited = Set<SchemaModel.Key>()
        var ordered: [TableSpec] = []
        ordered.reserveCapacity(byName.count)
        // Depth first, by name: a table comes right after the last of those it refers to.
        func visit(_ table: TableSpec) {
            guard visited.insert(key(table)).inserted else { return }
            for other in referred(table) { if let referredTable = model.tables[other] { visit(referredTable) } }
            ordered.append(table)
        }
        for name in byName { if let table = model.tables[name] { visit(table) } }
        return ordered
    }

    /// Names the replay cannot vouch for that it holds no shape of (made by raw SQL, say).
    public var unshapedUncertain: [(name: String, reason: String)] {
        model.uncertain.filter { model.tables[$0.key] == nil }.map { (Self.qualified($0.key), $0.value) }.sorted { $0.name < $1.name }
    }

    /// Why no table can be vouched for, when the whole schema is uncertain.
    public var uncertainEverywhere: String? { model.uncertainEverywhere }

    /// PostgreSQL's enum types, by name (none for another dialect).
    public var enumTypes: [(key: SchemaModel.Key, labels: [String])] {
        guard dialect == .postgresql else { return [] }
        return model.enumTypes.labels.map { ($0.key, $0.value) }.sorted { ($0.key.schema ?? "", $0.key.name) < ($1.key.schema ?? "", $1.key.name) }
    }

    /// Why the enum types cannot be vouched for, if they cannot.
    public var enumTypesUncertainty: String? {
        guard dialect == .postgresql else { return nil }
        return model.enumTypes.uncertain ?? uncertainEverywhere
    }

    /// Why the replay cannot vouch for `table`'s shape, if it cannot.
    public func uncertainty(of table: TableSpec) -> String? {
        model.uncertain[SchemaModel.Key(table.name, schema: table.schema)] ?? uncertainEverywhere
    }

    /// The schema as the dialect's DDL: what would create it in an empty database. A
    /// table the replay cannot vouch for is written as a `--` comment (its last shape the
    /// history shows), after the reason, so that the DDL that runs is only what is sure.
    public func ddl() throws -> String {
        var out = ""
        if let everywhere = uncertainEverywhere { out += "-- no table is known for sure: \(everywhere)\n\n" }
        for (name, reason) in unshapedUncertain { out += "-- \(name) may exist, with a shape not known: \(reason)\n\n" }
        var renderer = SQLRenderer(dialect: dialect)
        // The types first, once each: the tables that use them come after.
        renderer.createsEnumTypes = false
        if let reason = model.enumTypes.uncertain, dialect == .postgresql { out += "-- the enum types are uncertain: \(reason)\n\n" }
        for (key, labels) in enumTypes {
            out += renderer.createEnumType(key.name, schema: key.schema, labels: labels) + ";\n\n"
        }
        // Each table's DDL depends on that table alone: written in parallel, joined in order.
        let tables = self.tables
        let written = ParallelSlots.map(tables.count) { i -> Result<[String], any Error> in
            var own = renderer
            return Result { try own.createTable(tables[i]) }
        }
        for (table, result) in zip(tables, written) {
            do {
                let statements = try result.get()
                guard let reason = uncertainty(of: table) else {
                    for statement in statements { out += statement + ";\n\n" }
                    continue
                }
                out += "-- \(Self.qualified(SchemaModel.Key(table.name, schema: table.schema))) is uncertain: \(reason)\n"
                for statement in statements {
                    out += (statement + ";").split(separator: "\n", omittingEmptySubsequences: false).map { "-- " + $0 }
                        .joined(separator: "\n") + "\n"
                }
                out += "\n"
            } catch let error as SQLRenderError {
                throw CommandFailure(.uninterpretable, "table \(Self.qualified(SchemaModel.Key(table.name, schema: table.schema))): \(error.description)")
            }
        }
        return out
    }

    /// The schema object by object, as drift compares it: each table's columns (DDL type,
    /// nullability, default), primary key, indexes, unique, check and foreign-key
    /// constraints, and `uncertain`: why the replay cannot vouch for it (null when it can);
    /// on PostgreSQL, the enum types with their labels.
    public func json() -> JSONValue {
        let tables = self.tables.map { table -> JSONValue in
            let shape =
                reflected[SchemaModel.Key(table.name, schema: table.schema)].map { TableShape(live: $0, dialect: dialect) }
                ?? TableShape(declared: table, dialect: dialect)
            var fields: [(String, JSONValue)] = [("name", .string(table.name))]
            if let schema = table.schema { fields.append(("schema", .string(schema))) }
            fields.append(("uncertain", uncertainty(of: table).map(JSONValue.string) ?? .null))
            return .object(fields + shape.jsonFields)
        }
        var fields: [(String, JSONValue)] = [
            ("revisions", .array(revisions.map(JSONValue.string))), ("dialect", .string(dialect.rawValue)),
            ("tables", .array(tables)),
            ("uncertain_without_shape", .array(unshapedUncertain.map { .object([("table", .string($0.name)), ("reason", .string($0.reason))]) })),
        ]
        if dialect == .postgresql {
            fields.append(
                (
                    "types",
                    .array(
                        enumTypes.map { type in
                            var entry: [(String, JSONValue)] = [("name", .string(type.key.name))]
                            if let schema = type.key.schema { entry.append(("schema", .string(schema))) }
                            return .object(entry + [("labels", .array(type.labels.map(JSONValue.string)))])
                        })
                ))
            fields.append(("types_uncertain", enumTypesUncertainty.map(JSONValue.string) ?? .null))
        }
        if let everywhere = uncertainEverywhere { fields.append(("uncertain_everywhere", .string(everywhere))) }
        return .object(fields)
    }

    static func qualified(_ key: SchemaModel.Key) -> String { key.schema.map { "\($0).\(key.name)" } ?? key.name }

    /// The table's name as the schema's objects name it: `schema.name`, or the name alone.
    public static func qualifiedName(_ table: TableSpec) -> String { qualified(SchemaModel.Key(table.name, schema: table.schema)) }
}

extension TableShape {
    /// The shape's parts as JSON fields, in a fixed order (indexes and constraints sorted).
    var jsonFields: [(String, JSONValue)] {
        let columns = self.columns.map { column -> JSONValue in
            var fields: [(String, JSONValue)] = [
                ("name", .string(column.name)), ("type", .string(column.type)), ("nullable", .bool(column.nullable)),
                ("default", column.defaultText.map(JSONValue.string) ?? .null),
            ]
            if let generated = column.generated { fields.append(("generated", .string(generated))) }
            if let collation = column.collation { fields.append(("collation", .string(collation))) }
            return .object(fields)
        }
        let indexes = self.indexes.sorted { $0.name < $1.name }.map { index -> JSONValue in
            var fields: [(String, JSONValue)] = [
                ("name", .string(index.name)), ("columns", .array(index.columns.map(JSONValue.string))),
                ("unique", .bool(index.unique)),
            ]
            if let condition = index.whereClause { fields.append(("where", .string(condition))) }
            return .object(fields)
        }
        let foreignKeys = self.foreignKeys.sorted { $0.key < $1.key }.map { fk -> JSONValue in
            .object([
                ("columns", .array(fk.columns.map(JSONValue.string))), ("referred_table", .string(fk.referredTable)),
                ("referred_columns", .array(fk.referredColumns.map(JSONValue.string))),
                ("on_delete", fk.onDelete.map(JSONValue.string) ?? .null),
                ("on_update", fk.onUpdate.map(JSONValue.string) ?? .null),
            ])
        }
        return [
            ("columns", .array(columns)), ("primary_key", .array(primaryKey.map(JSONValue.string))),
            ("indexes", .array(indexes)),
            ("unique", .array(uniques.map { $0.joined(separator: ", ") }.sorted().map(JSONValue.string))),
            ("checks", .array(checks.sorted().map(JSONValue.string))), ("foreign_keys", .array(foreignKeys)),
        ]
    }
}
