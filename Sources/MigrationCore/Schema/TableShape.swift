import Foundation

/// A table reduced to what drift compares, the same way whether it comes from the
/// history (a table as the revisions declare it) or from the database (as reflected):
/// columns with their DDL type, nullability, default and generated expression, the
/// primary key, indexes, UNIQUE, CHECK and foreign-key constraints, and triggers.
struct TableShape: Equatable {
    struct Column: Equatable {
        var name: String
        var type: String
        var nullable: Bool
        var defaultText: String?
        var generated: String?
        var collation: String?

        /// `salary INTEGER NOT NULL DEFAULT '0'`.
        var description: String {
            var text = "\(name) \(type)" + (collation.map { " COLLATE \($0)" } ?? "")
            if let generated { text += " GENERATED ALWAYS AS (\(generated))" }
            if !nullable { text += " NOT NULL" }
            if let defaultText { text += " DEFAULT \(defaultText)" }
            return text
        }
    }

    struct Index: Equatable {
        var name: String
        var columns: [String]
        var unique: Bool
        var whereClause: String?

        var description: String {
            (unique ? "unique index " : "index ") + "\(name) (\(columns.joined(separator: ", ")))"
                + (whereClause.map { " WHERE \($0)" } ?? "")
        }
    }

    struct ForeignKey: Equatable {
        var columns: [String]
        var referredTable: String
        var referredColumns: [String]
        var onDelete: String?
        var onUpdate: String?

        var key: String { "(\(columns.joined(separator: ", "))) REFERENCES \(referredTable) (\(referredColumns.joined(separator: ", ")))" }
        var description: String {
            "foreign key " + key + (onDelete.map { " ON DELETE \($0)" } ?? "") + (onUpdate.map { " ON UPDATE \($0)" } ?? "")
        }
    }

    var columns: [Column] = []
    var primaryKey: [String] = []
    var indexes: [Index] = []
    /// UNIQUE constraints by their columns.
    var uniques: [[String]] = []
    /// CHECK conditions, as written.
    var checks: [String] = []
    var foreignKeys: [ForeignKey] = []
    var triggers: [String] = []

    /// The table as the history declares it: column flags (`unique=True`, a column's
    /// foreign keys and CHECKs, a type's own CHECK) become the constraints the database has.
    init(declared table: TableSpec, dialect: Dialect) {
        let renderer = SQLRenderer(dialect: dialect)
        primaryKey = renderer.primaryKeyColumns(table)
        let serial = dialect.isPostgreSQL ? renderer.autoincrementColumn(table, primaryKey) : nil
        for column in table.columns {
            let type = column.type.map { Self.typeText($0, dialect) } ?? "?"
            var defaultText = column.serverDefault.flatMap { try? dialect.defaultClause($0) }.map(Self.literal)
            if column.name == serial && column.identity == nil { defaultText = nil }  // SERIAL's nextval
            columns.append(
                Column(
                    name: column.name, type: type, nullable: column.isNullable && !primaryKey.contains(column.name),
                    defaultText: defaultText.map(Self.plain),
                    generated: column.computed.flatMap { try? dialect.ddlExpression($0.sql) }.map(Self.plain),
                    collation: column.type?.resolved(for: dialect.rawValue).collation))
            if column.unique == true && column.index != true { uniques.append([column.name]) }
            for fk in column.foreignKeys { foreignKeys.append(Self.foreignKey(fk)) }
            for check in column.checks { if case .check(let condition) = check.kind { checks.append(Self.condition(condition, dialect)) } }
            if let type = column.type?.resolved(for: dialect.rawValue), let check = renderer.schemaTypeCheck(type, column: column.name),
                case .check(let condition) = check.kind
            {
                checks.append(Self.condition(condition, dialect))
            }
        }
        for constraint in table.constraints {
            switch constraint.kind {
            case .unique(let columns): uniques.append(columns)
            case .check(let condition): checks.append(Self.condition(condition, dialect))
            case .foreignKey(let fk): foreignKeys.append(Self.foreignKey(fk))
            case .primaryKey, .exclude: break
            }
        }
        indexes = table.indexes.compactMap { Self.index($0, dialect) }
    }

    /// The table as the database has it.
    init(live table: LiveTable, dialect: Dialect) {
        let spec = table.spec
        let renderer = SQLRenderer(dialect: dialect)
        primaryKey = renderer.primaryKeyColumns(spec)
        for column in spec.columns {
            var defaultText = column.serverDefault.map { Self.literal(Self.plain(SQLExpressionText.plain($0))) }
            if let text = defaultText, Self.isSerialDefault(text, column: column.name, primaryKey: primaryKey) { defaultText = nil }
            columns.append(
                Column(
                    name: column.name, type: column.type.map { Self.typeText($0, dialect) } ?? "?",
                    nullable: column.isNullable && !primaryKey.contains(column.name), defaultText: defaultText,
                    generated: column.computed.map { Self.plain(SQLExpressionText.plain($0.sql)) },
                    collation: table.details.collations[column.name] ?? column.type?.collation))
        }
        for constraint in spec.constraints {
            if case .check(let condition) = constraint.kind { checks.append(Self.condition(condition, dialect)) }
        }
        uniques = table.details.uniqueColumnSets
        for constraint in spec.constraints where dialect.isPostgreSQL {
            if case .unique(let columns) = constraint.kind { uniques.append(columns) }
        }
        let enforced = table.details.foreignKeys.isEmpty
            ? spec.constraints.compactMap { constraint -> ForeignKeySpec? in
                if case .foreignKey(let fk) = constraint.kind { return fk }
                return nil
            }
            : table.details.foreignKeys
        foreignKeys = enforced.map(Self.foreignKey)
        indexes = spec.indexes.compactMap { Self.index($0, dialect) }
        indexes += table.details.unreflectedIndexes.map { name in
            // Its elements as its CREATE INDEX wrote them, when that could be read.
            let read = table.details.expressionIndexes[name]
            return Index(name: name, columns: read?.elements ?? ["(expression)"], unique: read?.unique ?? false)
        }
        triggers = table.triggers
    }

    /// What a table copy of `table` keeps: what reflection carries into its spec, less
    /// the unnamed CHECKs Alembic leaves out.
    init(kept table: LiveTable, dialect: Dialect) {
        var spec = table.spec
        spec.constraints.removeAll { constraint in
            if case .check = constraint.kind { return constraint.name == nil }
            return false
        }
        var copy = LiveTable(kind: table.kind, spec: spec)
        copy.details.uniqueColumnSets = spec.constraints.compactMap { constraint in
            if case .unique(let columns) = constraint.kind { return columns }
            return nil
        }
        self.init(live: copy, dialect: dialect)
    }

    /// One thing drift compares: its key (`column salary`, `index ix_a`), its text in full
    /// (`column salary INTEGER NOT NULL`) and the part after the key (`INTEGER NOT NULL`).
    struct Feature: Equatable {
        var key: String
        var text: String
        var detail: String
    }

    /// The features by key, in the table's order.
    struct Features {
        var ordered: [Feature] = []
        private var byKey: [String: Feature] = [:]

        mutating func add(_ key: String, _ detail: String) {
            let feature = Feature(key: key, text: detail.isEmpty ? key : key + " " + detail, detail: detail.isEmpty ? "as is" : detail)
            guard byKey[key] == nil else { return }
            byKey[key] = feature
            ordered.append(feature)
        }

        subscript(_ key: String) -> Feature? { byKey[key] }
    }

    func features(dialect: Dialect) -> Features {
        var result = Features()
        for column in columns {
            result.add("column \(column.name)", String(column.description.dropFirst(column.name.count + 1)))
        }
        if !primaryKey.isEmpty { result.add("primary key (\(primaryKey.joined(separator: ", ")))", "") }
        for index in indexes {
            result.add(
                "index \(index.name)",
                (index.unique ? "UNIQUE " : "") + "(\(index.columns.joined(separator: ", ")))"
                    + (index.whereClause.map { " WHERE \($0)" } ?? ""))
        }
        for unique in uniques { result.add("unique (\(unique.joined(separator: ", ")))", "") }
        for check in checks { result.add("check (\(check))", "") }
        for fk in foreignKeys {
            result.add(
                "foreign key \(fk.key)",
                [fk.onDelete.map { "ON DELETE \($0)" }, fk.onUpdate.map { "ON UPDATE \($0)" }].compactMap { $0 }
                    .joined(separator: " "))
        }
        for trigger in triggers { result.add("trigger \(trigger)", "") }
        return result
    }

    /// The columns both have, in each one's order, when the orders differ.
    static func columnOrder(live: LiveTable, declared: TableSpec) -> (live: String, history: String)? {
        let liveNames = live.spec.columns.map(\.name)
        let historyNames = declared.columns.map(\.name)
        let common = Set(liveNames).intersection(historyNames)
        let a = liveNames.filter(common.contains)
        let b = historyNames.filter(common.contains)
        guard a != b else { return nil }
        return (a.joined(separator: ", "), b.joined(separator: ", "))
    }

    // MARK: Normal forms

    static func typeText(_ type: SQLType, _ dialect: Dialect) -> String {
        var plain = type.resolved(for: dialect.rawValue)
        plain.collation = nil
        let text = (try? dialect.typeName(plain)) ?? plain.name
        // A native enum is named by its type, which keeps its case (as the catalogue has it).
        let isNamedType = dialect == .postgresql && plain.nativeEnum && (plain.name == "Enum" || plain.name == "postgresql.ENUM")
        return isNamedType ? text : Self.storedType(text.uppercased(), dialect)
    }

    /// The type PostgreSQL keeps for the one a migration writes, where they differ in
    /// name only: `FLOAT` is `DOUBLE PRECISION`, `FLOAT(p)` is `REAL` up to 24 bits of
    /// precision and `DOUBLE PRECISION` above (what the catalogue and the inspector say).
    static func storedType(_ text: String, _ dialect: Dialect) -> String {
        guard dialect == .postgresql, text.hasPrefix("FLOAT") else { return text }
        if text == "FLOAT" { return "DOUBLE PRECISION" }
        guard text.hasPrefix("FLOAT("), text.hasSuffix(")"), let bits = Int(text.dropFirst(6).dropLast()) else { return text }
        return bits <= 24 ? "REAL" : "DOUBLE PRECISION"
    }

    /// Whitespace collapsed, one pair of surrounding parentheses and PostgreSQL's casts
    /// of literals (`'x'::character varying`) taken off.
    static func plain(_ text: String) -> String {
        var result = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if let cast = castPattern.search(result), cast.range.location + cast.range.length == (result as NSString).length {
            result = (result as NSString).substring(to: cast.range.location)
        }
        if result.hasPrefix("("), result.hasSuffix(")"),
            SQLiteTableText.matchingParen(Array(result.utf16), 0) == result.utf16.count - 1
        {
            result = String(result.dropFirst().dropLast())
        }
        return result
    }

    private static let castPattern = PythonPattern(#"::[a-z ]+(\(\d+(, *\d+)?\))?(\[\])?$"#, ignoreCase: true)

    /// A default as its value: `'0'` and `0` alike (PostgreSQL keeps a number's default
    /// unquoted, whichever way the migration wrote it).
    static func literal(_ text: String) -> String {
        let inner = text.count >= 2 && text.hasPrefix("'") && text.hasSuffix("'") ? String(text.dropFirst().dropLast()) : text
        if Double(inner) != nil || ["true", "false"].contains(inner.lowercased()) { return inner.lowercased() }
        return text
    }

    static func condition(_ condition: SQLExpression, _ dialect: Dialect) -> String {
        let text = plain(SQLExpressionText.plain(condition))
        return dialect.isPostgreSQL ? PostgresCheckText.canonical(text) : text
    }

    static func isSerialDefault(_ text: String, column: String, primaryKey: [String]) -> Bool {
        primaryKey == [column] && text.hasPrefix("nextval(")
    }

    static func foreignKey(_ fk: ForeignKeySpec) -> ForeignKey {
        ForeignKey(
            columns: fk.columns, referredTable: fk.referredTable, referredColumns: fk.referredColumns,
            onDelete: fk.onDelete?.uppercased(), onUpdate: fk.onUpdate?.uppercased())
    }

    static func index(_ index: IndexSpec, _ dialect: Dialect) -> Index? {
        guard let name = index.name else { return nil }
        let columns = index.elements.map { element -> String in
            if case .column(_, let column) = element { return column }
            return plain((try? dialect.ddlExpression(element)) ?? "\(element)")
        }
        var whereClause: String?
        switch index.options[dialect.isPostgreSQL ? "postgresql_where" : "sqlite_where"] {
        case .text(let sql)?: whereClause = plain(sql)
        case .expression(let e)?: whereClause = (try? dialect.ddlExpression(e)).map(plain)
        default: break
        }
        return Index(name: name, columns: columns, unique: index.unique, whereClause: whereClause)
    }
}
