/// The database schema as a run of migrations leaves it, rebuilt by replaying their
/// typed operations without a database: what SQLite's batch "move and copy" needs to
/// know about a table that Alembic would have to reflect from a live connection.
public struct SchemaModel: Sendable, Equatable {
    public struct Key: Hashable, Sendable {
        public var schema: String?
        public var name: String

        public init(_ name: String, schema: String?) {
            self.name = name
            self.schema = schema
        }
    }

    /// Tables by name.
    public private(set) var tables: [Key: TableSpec] = [:]
    /// Tables whose shape is not known for sure, and why: raw SQL that may have changed
    /// them, or an operation that could not be read.
    public private(set) var uncertain: [Key: String] = [:]
    /// Why the whole schema is uncertain (raw DDL naming no table Retort could tell).
    public private(set) var uncertainEverywhere: String?
    /// PostgreSQL's enum types, as the operations make them on PostgreSQL (or as a live
    /// database has them).
    public internal(set) var enumTypes = EnumTypes()

    /// Part of a model: some of its tables, and its enum types.
    public struct Slice: Sendable {
        public var tables: [Key: TableSpec]
        public var enumTypes: EnumTypes

        public init(tables: [Key: TableSpec], enumTypes: EnumTypes = EnumTypes()) {
            self.tables = tables
            self.enumTypes = enumTypes
        }
    }

    /// The whole model as a slice.
    public var slice: Slice { Slice(tables: tables, enumTypes: enumTypes) }
    /// The raw DDL run so far: a question about a name it mentions has no sure answer
    /// (it may have created, renamed or dropped that table or view).
    public private(set) var rawDDL: [RawDDL] = []

    /// One raw DDL statement, by the words in it.
    public struct RawDDL: Sendable, Equatable {
        /// Its identifiers and keywords, lowercased.
        public var words: Set<String>
        public var reason: String
        /// Whether it may create, drop or rename a table (the list of tables is uncertain).
        public var changesTables: Bool
    }

    /// Whether the tables were read from a live database (and then changed by the
    /// operations applied since), rather than replayed from the revisions.
    public private(set) var isLive = false
    /// For a live model: whether every table of the database's default schema was read
    /// (so a name not among them is not in the database), which the Inspector's answers
    /// need; a batch copy's model holds only the tables it copies.
    public private(set) var holdsEveryTable = false
    /// Live names that a table copy cannot rebuild, and why (a view, a virtual table).
    public private(set) var notCopyable: [Key: String] = [:]
    /// Live names that are views or virtual tables, not tables.
    public private(set) var views: Set<Key> = []
    /// What a copy of each live table loses (`LiveTable.lostByCopy`), for the notes.
    public private(set) var copyLosses: [Key: [String]] = [:]

    public init() {}

    /// The tables of a live database as reflection reads them: what batch table copies
    /// start from in a live run.
    public init(live: [LiveTable], everyTable: Bool = false) {
        isLive = true
        holdsEveryTable = everyTable
        for table in live {
            let key = Key(table.spec.name, schema: table.spec.schema)
            switch table.kind {
            case .table:
                if let blocker = table.copyBlocker { notCopyable[key] = blocker }
                tables[key] = table.spec
                let lost = table.lostByCopy
                if !lost.isEmpty { copyLosses[key] = lost }
            case .view, .virtualTable:
                views.insert(key)
                notCopyable[key] = "\(table.spec.name) is a \(table.kind.rawValue) in the database, which a batch table copy cannot rebuild"
            }
        }
    }

    /// The table's shape if known for sure; otherwise the reason it is not.
    public func table(_ name: String, schema: String?) -> Result<TableSpec, SQLRenderError> {
        let key = Key(name, schema: schema)
        if let reason = notCopyable[key] { return .failure(SQLRenderError(reason)) }
        if let reason = uncertain[key] ?? uncertainEverywhere {
            return .failure(SQLRenderError("the shape of table \(name) is not known: \(reason)"))
        }
        guard let table = tables[key] else {
            if isLive {
                return .failure(
                    SQLRenderError("table \(schema.map { $0 + "." } ?? "")\(name) does not exist in the database"))
            }
            return .failure(SQLRenderError("table \(name) is not created by any earlier revision"))
        }
        return .success(table)
    }

    /// Applies one revision's operations (`revision` names it in reasons).
    public mutating func apply(_ operations: [Operation], revision: String) {
        for operation in operations { apply(operation, revision: revision) }
    }

    /// Puts `table` in place of the table of the same name (after a batch table copy).
    public mutating func replace(_ table: TableSpec) {
        let key = Key(table.name, schema: table.schema)
        tables[key] = table
        // What the copy lost is gone: a later copy of the new table loses nothing more.
        copyLosses[key] = nil
    }

    /// Marks one table uncertain, with the reason.
    public mutating func markUncertain(_ key: Key, _ reason: String) {
        uncertain[key] = reason
    }

    /// Applies a revision function as far as it was read; one not read to the end leaves
    /// uncertain what its code may have touched (`reason` says which revision, and why).
    public mutating func apply(_ body: RevisionBody, reason: @autoclosure () -> String) {
        apply(body.operations, revision: body.revision)
        guard !body.isInterpretable else { return }
        guard let footprint = body.footprint, footprint.unbounded == nil else { return markUnknown(reason()) }
        let why = reason()
        for key in footprint.reshaped.union(footprint.appearing) { markUncertain(key, why) }
        if !footprint.appearing.isEmpty {
            // Whether these exist is open: a list of the tables has no sure answer.
            rawDDL.append(
                RawDDL(words: Set(footprint.appearing.map { $0.name.lowercased() }), reason: why, changesTables: true))
        }
    }

    /// Marks everything uncertain: a revision that could not be interpreted came before.
    public mutating func markUnknown(_ reason: String) {
        if uncertainEverywhere == nil { uncertainEverywhere = reason }
    }

    public mutating func apply(_ operation: Operation, revision: String) {
        switch operation.kind {
        case .createTable(let table):
            let key = Key(table.name, schema: table.schema)
            var stored = table
            // Column-level unique/index flags become the table's constraints and indexes,
            // as they are in the database once created.
            for (i, column) in stored.columns.enumerated() {
                if column.index == true {
                    var index = IndexSpec(
                        name: "ix_\(table.name)_\(column.name)", table: table.name, schema: table.schema,
                        elements: [.column(table: nil, name: column.name)])
                    index.unique = column.unique == true
                    stored.indexes.append(index)
                    stored.columns[i].index = nil
                    stored.columns[i].unique = nil
                }
            }
            tables[key] = stored
            uncertain[key] = nil
            enumTypes.tableCreated(table)
        case .dropTable(let name, let schema, _):
            tables[Key(name, schema: schema)] = nil
        case .renameTable(let old, let new, let schema):
            if var table = tables.removeValue(forKey: Key(old, schema: schema)) {
                table.name = new
                for i in table.indexes.indices { table.indexes[i].table = new }
                tables[Key(new, schema: schema)] = table
            }
            if let reason = uncertain.removeValue(forKey: Key(old, schema: schema)) { uncertain[Key(new, schema: schema)] = reason }
        case .addColumn(let name, let schema, let column, _):
            update(name, schema) { table in
                var stored = column
                if column.index == true {
                    var index = IndexSpec(
                        name: "ix_\(name)_\(column.name)", table: name, schema: schema, elements: [.column(table: nil, name: column.name)])
                    index.unique = column.unique == true
                    table.indexes.append(index)
                    stored.index = nil
                    stored.unique = nil
                }
                table.columns.append(stored)
            }
        case .dropColumn(let name, let schema, let column, _):
            update(name, schema) { table in
                table.columns.removeAll { $0.name == column }
                table.indexes.removeAll { index in index.elements.contains { $0 == .column(table: nil, name: column) } }
            }
        case .alterColumn(let alter):
            update(alter.table, alter.schema) { table in
                guard let i = table.columns.firstIndex(where: { $0.name == alter.column }) else { return }
                if let nullable = alter.nullable { table.columns[i].nullable = nullable }
                if let type = alter.type { table.columns[i].type = type }
                if let change = alter.serverDefault { table.columns[i].serverDefault = change }
                if let change = alter.comment { table.columns[i].comment = change }
                if let newName = alter.newName { Self.rename(column: alter.column, to: newName, in: &table) }
            }
        case .createIndex(let index):
            update(index.table, index.schema) { table in table.indexes.append(index) }
        case .dropIndex(let name, let tableName, let schema, _, _):
            for key in tables.keys where tableName == nil || key.name == tableName {
                tables[key]?.indexes.removeAll { $0.name == name && (key.schema == schema || schema == nil) }
            }
        case .addConstraint(let name, let schema, let constraint):
            update(name, schema) { table in table.constraints.append(constraint) }
        case .dropConstraint(let name, let tableName, let schema, _, _):
            update(tableName, schema) { table in
                // An unnamed constraint is dropped by the name PostgreSQL gave it.
                func named(_ given: String?, _ columns: [String], _ suffix: String) -> Bool {
                    given == name || (given == nil && PostgresNames.constraint(table.name, columns, suffix) == name)
                }
                table.constraints.removeAll { constraint in
                    switch constraint.kind {
                    case .primaryKey: return named(constraint.name, [], "pkey")
                    case .unique(let columns): return named(constraint.name, columns, "key")
                    case .foreignKey(let key): return named(constraint.name, key.columns, "fkey")
                    case .check, .exclude: return constraint.name == name
                    }
                }
                for i in table.columns.indices {
                    table.columns[i].foreignKeys.removeAll { named($0.name, $0.columns, "fkey") }
                    table.columns[i].checks.removeAll { $0.name == name }
                    if table.columns[i].unique == true, table.columns[i].index != true,
                        PostgresNames.constraint(table.name, [table.columns[i].name], "key") == name
                    {
                        table.columns[i].unique = nil
                    }
                }
            }
        case .createTableComment(let name, let schema, let comment):
            update(name, schema) { table in table.comment = comment }
        case .dropTableComment(let name, let schema):
            update(name, schema) { table in table.comment = nil }
        case .execute(.text(let sql)):
            switch enumTypes.applyRaw(sql, reason: { "revision \(revision) changes them with raw SQL at line \(operation.line)" }) {
            case .applied: return
            case .renamed(let old, let new): return renameEnumType(old, to: new)
            case .notAboutTypes: break
            }
            if let known = RawTableDDL.parse(sql), applyRaw(known) { break }
            noteRawSQL(sql, revision: revision, line: operation.line)
        case .createType(let type):
            enumTypes.add(type)
        case .dropType(let type):
            enumTypes.remove(type)
        case .execute, .bulkInsert:
            break
        case .batch(let batch):
            for nested in batch.operations { apply(nested, revision: revision) }
        }
    }

    /// The columns of enum type `old` name `new` after `ALTER TYPE old RENAME TO new`.
    private mutating func renameEnumType(_ old: Key, to new: Key) {
        func renamed(_ type: SQLType) -> SQLType {
            var type = type
            if type.nativeEnum, type.enumName == old.name, type.enumSchema == old.schema { type.enumName = new.name }
            type.itemType = type.itemType.map(renamed)
            type.variants = type.variants.mapValues { $0.map(renamed) }
            return type
        }
        for key in tables.keys {
            update(key.name, key.schema) { table in
                for i in table.columns.indices { table.columns[i].type = table.columns[i].type.map(renamed) }
            }
        }
    }

    private mutating func update(_ name: String, _ schema: String?, _ change: (inout TableSpec) -> Void) {
        let key = Key(name, schema: schema)
        guard var table = tables[key] else { return }
        change(&table)
        tables[key] = table
    }

    private static func rename(column old: String, to new: String, in table: inout TableSpec) {
        for i in table.columns.indices where table.columns[i].name == old { table.columns[i].name = new }
        func renamed(_ names: [String]) -> [String] { names.map { $0 == old ? new : $0 } }
        for i in table.constraints.indices {
            switch table.constraints[i].kind {
            case .primaryKey(let columns): table.constraints[i].kind = .primaryKey(columns: renamed(columns))
            case .unique(let columns): table.constraints[i].kind = .unique(columns: renamed(columns))
            case .foreignKey(var fk):
                fk.columns = renamed(fk.columns)
                table.constraints[i].kind = .foreignKey(fk)
            case .check, .exclude: break
            }
        }
        for i in table.indexes.indices {
            table.indexes[i].elements = table.indexes[i].elements.map {
                if case .column(nil, old) = $0 { return .column(table: nil, name: new) }
                return $0
            }
        }
    }

    /// A raw DROP TABLE or RENAME of a table the model holds for sure; false when the
    /// statement's effect is not certain (the table unknown or uncertain).
    private mutating func applyRaw(_ ddl: RawTableDDL) -> Bool {
        guard uncertainEverywhere == nil else { return false }
        switch ddl {
        case .dropTable(let name, let cascade, _):
            let key = Key(name, schema: nil)
            guard tables[key] != nil, uncertain[key] == nil else { return false }
            tables[key] = nil
            let referring = tables.filter { _, table in
                table.constraints.contains { if case .foreignKey(let fk) = $0.kind { return fk.referredTable == name } else { return false } }
            }
            if !referring.isEmpty {
                // CASCADE drops the foreign keys that refer to it; without CASCADE the database refuses.
                guard cascade else { return false }
                for key in referring.keys {
                    tables[key]?.constraints.removeAll {
                        if case .foreignKey(let fk) = $0.kind { return fk.referredTable == name } else { return false }
                    }
                }
            }
            return true
        case .renameTable(let old, let new):
            let key = Key(old, schema: nil)
            guard var table = tables[key], uncertain[key] == nil, tables[Key(new, schema: nil)] == nil else { return false }
            tables[key] = nil
            table.name = new
            for i in table.indexes.indices { table.indexes[i].table = new }
            tables[Key(new, schema: nil)] = table
            // Foreign keys elsewhere follow the table (PostgreSQL refers by identity; SQLite
            // rewrites them under its default legacy_alter_table=OFF).
            for (otherKey, other) in tables {
                var changed = other
                for i in changed.constraints.indices {
                    if case .foreignKey(var fk) = changed.constraints[i].kind, fk.referredTable == old {
                        fk.referredTable = new
                        changed.constraints[i].kind = .foreignKey(fk)
                    }
                }
                if changed != other { tables[otherKey] = changed }
            }
            return true
        }
    }

    /// Raw SQL is not parsed; DDL in it makes the tables it may touch uncertain.
    private mutating func noteRawSQL(_ sql: String, revision: String, line: Int) {
        let upper = sql.uppercased()
        let isDDL = ["CREATE ", "ALTER ", "DROP ", "RENAME "].contains { upper.contains($0) }
        guard isDDL else { return }
        let reason = "revision \(revision) changes it with raw SQL at line \(line)"
        var named = false
        let words = Set(sql.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).map { $0.lowercased() })
        let changesTables = words.contains("table") && !words.isDisjoint(with: ["create", "drop", "rename"])
        rawDDL.append(RawDDL(words: words, reason: reason, changesTables: changesTables))
        for key in tables.keys where words.contains(key.name.lowercased()) {
            uncertain[key] = reason
            named = true
        }
        if !named && (upper.contains("TABLE") || upper.contains("COLUMN")) { markUnknown(reason) }
    }
}
