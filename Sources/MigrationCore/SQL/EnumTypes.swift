/// PostgreSQL's enum types as the history makes them: created with a table whose column
/// has a native enum (as Alembic's `create_table` creates them), by
/// `postgresql.ENUM(...).create()` / `.drop()`, and by raw `CREATE TYPE`, `ALTER TYPE`
/// and `DROP TYPE`. A table dropped leaves its types, as `op.drop_table` does (it knows
/// no columns); `add_column` creates none, as Alembic's does not.
public struct EnumTypes: Sendable, Equatable {
    /// The labels of each type, in order, by name.
    public private(set) var labels: [SchemaModel.Key: [String]] = [:]
    /// Why the types are not known for sure: raw type DDL that could not be read.
    public private(set) var uncertain: String?

    public init() {}

    /// The types of a live database's default schema, by name.
    init(reflected: [String: [String]]) {
        labels = Dictionary(uniqueKeysWithValues: reflected.map { (SchemaModel.Key($0.key, schema: nil), $0.value) })
    }

    /// The native enum a column's type makes on PostgreSQL, if it makes one.
    static func created(by type: SQLType?) -> SQLType? {
        guard let type = type?.resolved(for: Dialect.postgresql.rawValue) else { return nil }
        let candidate = type.name.hasSuffix("ENUM") || type.name == "Enum" ? type : type.itemType.first
        guard let e = candidate, e.name == "Enum" || e.name == "postgresql.ENUM", e.nativeEnum, e.createType, e.enumName != nil
        else { return nil }
        return e
    }

    /// The types `create_table` makes for `table`'s columns.
    mutating func tableCreated(_ table: TableSpec) {
        for column in table.columns { if let type = Self.created(by: column.type) { add(type) } }
    }

    /// `postgresql.ENUM(...).create(bind)`.
    mutating func add(_ type: SQLType) {
        guard type.nativeEnum, let name = type.enumName else { return }
        labels[SchemaModel.Key(name, schema: type.enumSchema)] = type.enumValues
    }

    /// `postgresql.ENUM(...).drop(bind)`.
    mutating func remove(_ type: SQLType) {
        guard type.nativeEnum, let name = type.enumName else { return }
        labels[SchemaModel.Key(name, schema: type.enumSchema)] = nil
    }

    /// What a raw statement did to the types.
    enum RawOutcome: Equatable {
        /// Not about a type: the tables' reading of raw SQL applies.
        case notAboutTypes
        case applied
        /// `ALTER TYPE old RENAME TO new`: the columns of that type now name the new one.
        case renamed(from: SchemaModel.Key, to: SchemaModel.Key)
    }

    /// Applies raw SQL about a type (`CREATE TYPE ... AS ENUM`, `ALTER TYPE ... ADD VALUE
    /// / RENAME VALUE / RENAME TO`, `DROP TYPE`). Type DDL that cannot be read leaves the
    /// types uncertain, with `reason`.
    mutating func applyRaw(_ sql: String, reason: () -> String) -> RawOutcome {
        let tokens = SQLTokenizer.tokens(sql).filter { !$0.isSymbol(";") }
        guard tokens.count >= 3, tokens[1].is("TYPE"), tokens[0].is("CREATE") || tokens[0].is("ALTER") || tokens[0].is("DROP")
        else { return .notAboutTypes }
        renamed = nil
        if !applyParsed(tokens) {
            uncertain = uncertain ?? reason()
            return .applied
        }
        return renamed.map { .renamed(from: $0[0], to: $0[1]) } ?? .applied
    }

    /// The rename the statement being applied made, if any: the old name and the new.
    private var renamed: [SchemaModel.Key]?

    private mutating func applyParsed(_ tokens: [SQLToken]) -> Bool {
        var i = 2
        func next() -> SQLToken? { i < tokens.count ? tokens[i] : nil }
        func word(_ text: String) -> Bool {
            guard next()?.is(text) == true else { return false }
            i += 1
            return true
        }
        func name() -> SchemaModel.Key? {
            guard let first = next()?.name else { return nil }
            i += 1
            guard next()?.isSymbol(".") == true, i + 1 < tokens.count, let second = tokens[i + 1].name else {
                return SchemaModel.Key(first, schema: nil)
            }
            i += 2
            return SchemaModel.Key(second, schema: first)
        }
        func string() -> String? {
            guard let token = next(), token.kind == .string else { return nil }
            i += 1
            return token.text
        }
        switch tokens[0].text {
        case "CREATE":
            guard let key = name(), word("AS"), word("ENUM"), next()?.isSymbol("(") == true else { return false }
            i += 1
            var values: [String] = []
            while let value = string() {
                values.append(value)
                if next()?.isSymbol(",") == true { i += 1 }
            }
            guard next()?.isSymbol(")") == true, i + 1 == tokens.count else { return false }
            labels[key] = values
            return true
        case "DROP":
            let ifExists = word("IF") && word("EXISTS")
            var keys: [SchemaModel.Key] = []
            while let key = name() {
                keys.append(key)
                guard next()?.isSymbol(",") == true else { break }
                i += 1
            }
            _ = word("CASCADE") || word("RESTRICT")
            guard !keys.isEmpty, i == tokens.count else { return false }
            for key in keys {
                guard labels.removeValue(forKey: key) != nil || ifExists else { return false }
            }
            return true
        default:
            guard let key = name(), var values = labels[key] else { return false }
            if word("ADD") {
                guard word("VALUE") else { return false }
                let ifNotExists = word("IF") && word("NOT") && word("EXISTS")
                guard let value = string() else { return false }
                if values.contains(value) { return ifNotExists && i == tokens.count }
                if word("BEFORE"), let other = string(), let at = values.firstIndex(of: other) {
                    values.insert(value, at: at)
                } else if word("AFTER"), let other = string(), let at = values.firstIndex(of: other) {
                    values.insert(value, at: at + 1)
                } else {
                    values.append(value)
                }
            } else if word("RENAME") {
                if word("VALUE") {
                    guard let old = string(), word("TO"), let new = string(), let at = values.firstIndex(of: old) else { return false }
                    values[at] = new
                } else {
                    guard word("TO"), let new = next()?.name, i + 1 == tokens.count else { return false }
                    i += 1
                    labels[key] = nil
                    labels[SchemaModel.Key(new, schema: key.schema)] = values
                    renamed = [key, SchemaModel.Key(new, schema: key.schema)]
                    return true
                }
            } else {
                return false
            }
            guard i == tokens.count else { return false }
            labels[key] = values
            return true
        }
    }
}
