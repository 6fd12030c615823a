import Foundation

/// Reads a table of a live SQLite database the way SQLAlchemy 2.1's SQLite dialect
/// reflects it for Alembic's online batch (`PRAGMA table_xinfo`, `index_list`,
/// `index_info`, `foreign_key_list`, and the `CREATE TABLE` text for names, CHECKs and
/// options), and, beyond that, what such a reflection leaves out (collations,
/// AUTOINCREMENT, expression indexes, inline UNIQUEs and foreign-key actions SQLAlchemy
/// cannot read, triggers), so that a copy never loses them silently.
///
/// Every query runs on the connection it is given, inside whatever transaction is open:
/// a live run reads the table in the transaction of the step that copies it.
struct SQLiteReflector {
    let connection: any DatabaseConnection

    /// The table `name`, or nil when the database has no table or view of that name.
    func table(_ name: String) throws(DatabaseError) -> LiveTable? {
        let found = try connection.query(
            "SELECT type, sql FROM (SELECT * FROM main.sqlite_master UNION ALL SELECT * FROM sqlite_temp_master) "
                + "WHERE name = $1 AND type IN ('table', 'view')", [name])
        guard let row = found.first, let type = row[0] else { return nil }
        let sql = row.count > 1 ? row[1] ?? "" : ""
        var spec = TableSpec(name: name)
        if type == "view" { return LiveTable(kind: .view, spec: spec) }
        if sql.range(of: #"^\s*CREATE\s+VIRTUAL\s+TABLE"#, options: [.regularExpression, .caseInsensitive]) != nil {
            return LiveTable(kind: .virtualTable, spec: spec)
        }
        var table = LiveTable(kind: .table, spec: spec)
        spec.columns = try columns(name, sql: sql, into: &table)
        spec.constraints = try constraints(name, sql: sql, columns: spec.columns, into: &table)
        spec.indexes = try indexes(name, into: &table)
        spec.options = SQLiteTableText.tableOptions(sql)
        table.spec = spec
        table.triggers = try connection.query(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = $1 COLLATE NOCASE ORDER BY name", [name]
        ).compactMap { $0.first ?? nil }
        table.views = try views(naming: name)
        let legacyRename = try connection.query("PRAGMA legacy_alter_table").first?.first ?? nil
        if let view = table.views.first, legacyRename != "1" {
            table.copyBlocker =
                "view \(view) reads table \(name): SQLite refuses to rename the copy into place while a view names the "
                + "dropped table (Alembic fails there too, leaving _alembic_tmp_\(name) behind); drop the view before this "
                + "migration and create it again after"
        } else if try connection.query("PRAGMA foreign_keys").first?.first == "1",
            let child = try referencingTables(name).first
        {
            // DROP TABLE deletes the rows first, and with foreign keys enforced the
            // children's ON DELETE actions run: a copy would delete or change their rows.
            table.copyBlocker =
                "foreign keys are enforced on this connection (PRAGMA foreign_keys=ON) and table \(child) refers to "
                + "\(name): dropping \(name) for its copy would apply \(child)'s ON DELETE actions to its rows (Alembic's "
                + "copy does so without a word); turn foreign keys off for this migration"
        }
        return table
    }

    /// The other tables with a foreign key to `name`, sorted.
    func referencingTables(_ name: String) throws(DatabaseError) -> [String] {
        try connection.query(
            "SELECT DISTINCT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' "
                + "AND f.\"table\" = $1 COLLATE NOCASE AND m.name <> $1 COLLATE NOCASE ORDER BY 1", [name]
        ).compactMap { $0.first ?? nil }
    }

    /// The names of the database's own tables (not SQLite's), sorted.
    func tableNames() throws(DatabaseError) -> [String] {
        try connection.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY name"
        ).compactMap { $0.first ?? nil }
    }

    // MARK: Columns

    /// `get_columns`: `table_xinfo` without hidden columns, each type read by SQLite's
    /// affinity rules as SQLAlchemy reads it, the default as SQL text.
    private func columns(_ name: String, sql: String, into table: inout LiveTable) throws(DatabaseError) -> [ColumnSpec] {
        var columns: [ColumnSpec] = []
        for row in try pragma("table_xinfo", name) {
            guard row.count >= 7, let columnName = row[1] else { continue }
            let hidden = Int(row[6] ?? "0") ?? 0
            if hidden == 1 { continue }
            var declared = (row[2] ?? "").uppercased()
            let generated = hidden == 2 || hidden == 3
            if generated {
                // "x INTEGER GENERATED ALWAYS AS (...)" has the type "INTEGER GENERATED ALWAYS".
                declared = declared.replacingOccurrences(of: "GENERATED", with: "")
                    .replacingOccurrences(of: "ALWAYS", with: "").trimmingCharacters(in: .whitespaces)
            }
            var column = ColumnSpec(name: columnName)
            let (type, warning) = Self.type(declared)
            column.type = type
            if let warning { table.warnings.append(warning) }
            column.nullable = row[3] == "0"
            column.primaryKey = (Int(row[5] ?? "0") ?? 0) > 0
            if let value = row[4] { column.serverDefault = .text(Self.batchDefault(value)) }
            if generated {
                column.computed = ComputedSpec(
                    sql: .text(SQLiteTableText.generatedExpression(column: columnName, in: sql)), persisted: hidden == 3)
            }
            if let metadata = (connection as? SQLiteConnection)?.columnMetadata(table: name, column: columnName) {
                if metadata.collation.uppercased() != "BINARY" {
                    table.details.collations[columnName] = metadata.collation
                    table.notReflected.append("COLLATE \(metadata.collation) of column \(columnName)")
                }
                if metadata.isAutoincrement {
                    table.notReflected.append(
                        "AUTOINCREMENT of column \(columnName) (ids may be reused after the copy; sqlite_sequence keeps no row for it)")
                }
            }
            columns.append(column)
        }
        return columns
    }

    /// `_resolve_type_affinity`: a known type name, else SQLite's affinity rules; the
    /// numbers in parentheses become the type's arguments when it takes them. Returns
    /// SQLAlchemy's warning for arguments a type does not take.
    static func type(_ declared: String) -> (SQLType, String?) {
        var name = ""
        var arguments: [Int]?
        if let match = typePattern.matchAtStart(declared) {
            name = match[1] ?? ""
            arguments = match[2].map { text in numberPattern.all(text).compactMap { $0[1].flatMap { Int($0) } } }
        } else {
            arguments = []
        }
        let resolved: String
        if let known = knownTypes[name] {
            resolved = known
        } else if name.contains("INT") {
            resolved = "INTEGER"
        } else if name.contains("CHAR") || name.contains("CLOB") || name.contains("TEXT") {
            resolved = "TEXT"
        } else if name.contains("BLOB") || name.isEmpty {
            resolved = "NullType"
        } else if name.contains("REAL") || name.contains("FLOA") || name.contains("DOUB") {
            resolved = "REAL"
        } else {
            resolved = "NUMERIC"
        }
        var type = SQLType(name: resolved)
        guard let arguments, !arguments.isEmpty else { return (type, nil) }
        // How many positional arguments each type's constructor takes (at most).
        switch resolved {
        case "VARCHAR", "NVARCHAR", "CHAR", "NCHAR", "TEXT":
            type.length = arguments[0]
        case "NUMERIC", "DECIMAL":
            type.precision = arguments[0]
            if arguments.count > 1 { type.scale = arguments[1] }
        case "FLOAT", "REAL", "DOUBLE":
            type.precision = arguments[0]
        case "DATE", "INTEGER", "BIGINT", "SMALLINT", "NullType":
            return (
                type,
                "Could not instantiate type \(resolved) with reflected arguments ["
                    + arguments.map { "'\($0)'" }.joined(separator: ", ") + "]; using no arguments."
            )
        default:
            break  // DATETIME(timezone), BLOB(length), BOOLEAN, JSON: nothing their DDL shows
        }
        return (type, nil)
    }

    /// Alembic's `SQLiteImpl.autogen_column_reflect`, which its batch hooks into
    /// reflection: a default that is not one digit or dot, a quoted string or already
    /// parenthesised is taken as an SQL expression and put in parentheses.
    static func batchDefault(_ text: String) -> String {
        if text.isEmpty || singleDigit.matchAtStart(text) != nil || quoted.matchAtStart(text) != nil
            || parenthesised.matchAtStart(text) != nil
        {
            return text
        }
        return "(\(text))"
    }

    private static let singleDigit = PythonPattern(#"^[0-9\.]$"#)
    private static let quoted = PythonPattern(#"^'.+'$"#)
    private static let parenthesised = PythonPattern(#"^\(.+\)$"#)
    private static let typePattern = PythonPattern(#"([\w ]+)(\(.*?\))?"#)
    private static let numberPattern = PythonPattern(#"(\d+)"#)
    /// SQLAlchemy's `ischema_names` for SQLite, as the type names Retort's compiler writes.
    private static let knownTypes: [String: String] = [
        "BIGINT": "BIGINT", "BLOB": "BLOB", "BOOL": "BOOLEAN", "BOOLEAN": "BOOLEAN", "CHAR": "CHAR", "DATE": "DATE",
        "DATE_CHAR": "DATE", "DATETIME": "DATETIME", "DATETIME_CHAR": "DATETIME", "DOUBLE": "DOUBLE", "DECIMAL": "DECIMAL",
        "FLOAT": "FLOAT", "INT": "INTEGER", "INTEGER": "INTEGER", "JSON": "JSON", "JSONB": "JSONB", "NUMERIC": "NUMERIC",
        "REAL": "REAL", "SMALLINT": "SMALLINT", "TEXT": "TEXT", "TIME": "TIME", "TIME_CHAR": "TIME", "TIMESTAMP": "TIMESTAMP",
        "VARCHAR": "VARCHAR", "NVARCHAR": "NVARCHAR", "NCHAR": "NCHAR",
    ]

    // MARK: Constraints

    /// The primary key, foreign keys, UNIQUE and CHECK constraints, as table-level
    /// constraints in the order reflection appends them.
    private func constraints(_ name: String, sql: String, columns: [ColumnSpec], into table: inout LiveTable)
        throws(DatabaseError) -> [ConstraintSpec]
    {
        var result: [ConstraintSpec] = []
        let pk = try primaryKeyColumns(name)
        if !pk.isEmpty {
            result.append(ConstraintSpec(name: SQLiteTableText.primaryKeyName(sql), kind: .primaryKey(columns: pk)))
        }
        result += try foreignKeys(name, sql: sql, into: &table)
        result += try uniqueConstraints(name, sql: sql, primaryKey: pk, into: &table)
        for check in SQLiteTableText.checkConstraints(sql) {
            result.append(ConstraintSpec(name: check.name, kind: .check(.text(check.text))))
        }
        return result
    }

    /// `get_pk_constraint`'s columns: those with a `pk` position, in that order.
    private func primaryKeyColumns(_ name: String) throws(DatabaseError) -> [String] {
        try pragma("table_xinfo", name).compactMap { row -> (Int, String)? in
            guard row.count >= 6, let column = row[1], let position = Int(row[5] ?? "0"), position > 0 else { return nil }
            return (position, column)
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// `get_foreign_keys`: the constraints `foreign_key_list` gives, named and given
    /// their ON DELETE/ON UPDATE/DEFERRABLE from a table-level FOREIGN KEY clause of the
    /// same signature; those written inline keep no name and no options, as in Alembic,
    /// and an action lost that way is named.
    private func foreignKeys(_ name: String, sql: String, into table: inout LiveTable) throws(DatabaseError)
        -> [ConstraintSpec]
    {
        struct Pragma {
            var fk: ForeignKeySpec
            var onDelete: String
            var onUpdate: String
        }
        var order: [Int] = []
        var byID: [Int: Pragma] = [:]
        for row in try pragma("foreign_key_list", name) {
            guard row.count >= 7, let id = Int(row[0] ?? ""), let referred = row[2], let local = row[3] else { continue }
            if byID[id] == nil {
                var referredColumns: [String] = []
                if row[4] == nil { referredColumns = try primaryKeyColumns(referred) }
                order.append(id)
                byID[id] = Pragma(
                    fk: ForeignKeySpec(
                        name: nil, columns: [], referredSchema: nil, referredTable: referred, referredColumns: referredColumns),
                    onDelete: row[6] ?? "NO ACTION", onUpdate: row[5] ?? "NO ACTION")
            }
            byID[id]?.fk.columns.append(local)
            if let remote = row[4] { byID[id]?.fk.referredColumns.append(remote) }
        }
        table.details.foreignKeys = order.compactMap { id in
            byID[id].map { pragma in
                var fk = pragma.fk
                fk.onDelete = pragma.onDelete == "NO ACTION" ? nil : pragma.onDelete
                fk.onUpdate = pragma.onUpdate == "NO ACTION" ? nil : pragma.onUpdate
                return fk
            }
        }
        func signature(_ fk: ForeignKeySpec) -> [String] { fk.columns + [fk.referredTable] + fk.referredColumns }
        var unmatched = order.compactMap { byID[$0] }
        var result: [ConstraintSpec] = []
        for clause in SQLiteTableText.foreignKeys(sql) {
            let sig = clause.columns + [clause.referredTable] + clause.referredColumns
            guard let i = unmatched.firstIndex(where: { signature($0.fk) == sig }) else {
                table.warnings.append(
                    "WARNING: SQL-parsed foreign key constraint '\(sig)' could not be located in PRAGMA foreign_keys for table \(name)")
                continue
            }
            var fk = unmatched.remove(at: i).fk
            fk.name = clause.name
            fk.onDelete = clause.onDelete
            fk.onUpdate = clause.onUpdate
            fk.deferrable = clause.deferrable
            fk.initially = clause.initially
            result.append(ConstraintSpec(name: clause.name, kind: .foreignKey(fk), deferrable: clause.deferrable, initially: clause.initially))
        }
        for pragma in unmatched {
            let reference = "(\(pragma.fk.columns.joined(separator: ", "))) REFERENCES \(pragma.fk.referredTable)"
            for (action, value) in [("ON DELETE", pragma.onDelete), ("ON UPDATE", pragma.onUpdate)] where value != "NO ACTION" {
                table.notReflected.append(
                    "\(action) \(value) of the inline foreign key \(reference) (SQLAlchemy reads actions only from FOREIGN KEY clauses)")
            }
            result.append(ConstraintSpec(name: nil, kind: .foreignKey(pragma.fk)))
        }
        return result
    }

    /// `get_unique_constraints`: UNIQUE clauses whose columns match one of SQLite's
    /// automatic indexes; an automatic UNIQUE index nothing matches (a UNIQUE written
    /// after a type with parentheses) is named as lost.
    private func uniqueConstraints(_ name: String, sql: String, primaryKey: [String], into table: inout LiveTable)
        throws(DatabaseError) -> [ConstraintSpec]
    {
        var automatic: [(columns: [String], origin: String)] = []
        for row in try pragma("index_list", name) {
            guard row.count >= 4, let index = row[1], index.hasPrefix("sqlite_autoindex") else { continue }
            let columns = try pragma("index_info", index).compactMap { $0.count > 2 ? $0[2] : nil }
            automatic.append((columns, row[3] ?? ""))
            if row[3] == "u" { table.details.uniqueColumnSets.append(columns) }
        }
        var result: [ConstraintSpec] = []
        for (constraintName, columns) in SQLiteTableText.uniqueConstraints(sql) {
            guard let i = automatic.firstIndex(where: { $0.columns == columns }) else { continue }
            automatic.remove(at: i)
            result.append(ConstraintSpec(name: constraintName, kind: .unique(columns: columns)))
        }
        for index in automatic where index.origin == "u" {
            table.notReflected.append(
                "UNIQUE (\(index.columns.joined(separator: ", "))), written where SQLAlchemy's reflection does not find it")
        }
        return result
    }

    // MARK: Indexes

    /// `get_indexes`: the indexes made with CREATE INDEX, sorted by name, a partial
    /// index with its WHERE; expression indexes are skipped, as SQLAlchemy skips them.
    private func indexes(_ name: String, into table: inout LiveTable) throws(DatabaseError) -> [IndexSpec] {
        var result: [IndexSpec] = []
        for row in try pragma("index_list", name) {
            guard row.count >= 5, let indexName = row[1], !indexName.hasPrefix("sqlite_autoindex") else { continue }
            var index = IndexSpec(name: indexName, table: name, elements: [])
            index.unique = row[2] == "1"
            if row[4] == "1" {
                let definition = try connection.query(
                    "SELECT sql FROM sqlite_master WHERE name = $1 AND type = 'index'", [indexName]
                ).first?.first ?? nil
                if let predicate = definition.flatMap({ Self.partialPredicate.search($0)?[1] }) {
                    index.options["sqlite_where"] = .text(predicate)
                } else {
                    table.warnings.append("Failed to look up filter predicate of partial index \(indexName)")
                }
            }
            var expression = false
            for column in try pragma("index_xinfo", indexName) where column.count >= 6 && column[5] == "1" {
                guard let columnName = column[2] else {
                    expression = true
                    break
                }
                index.elements.append(.column(table: nil, name: columnName))
                if column[3] == "1" { table.notReflected.append("DESC order of \(columnName) in index \(indexName)") }
                if let collation = column[4], collation.uppercased() != "BINARY" {
                    table.notReflected.append("COLLATE \(collation) of \(columnName) in index \(indexName)")
                }
            }
            if expression {
                table.details.unreflectedIndexes.append(indexName)
                let definition = try connection.query(
                    "SELECT sql FROM sqlite_master WHERE name = $1 AND type = 'index'", [indexName]
                ).first?.first ?? nil
                if let elements = definition.flatMap(SQLiteTableText.indexElements) {
                    table.details.expressionIndexes[indexName] = LiveTable.ExpressionIndex(elements: elements, unique: index.unique)
                }
                table.warnings.append("Skipped unsupported reflection of expression-based index \(indexName)")
                table.notReflected.append("the expression index \(indexName), which SQLAlchemy's reflection skips")
                continue
            }
            result.append(index)
        }
        return result.sorted { ($0.name ?? "~") < ($1.name ?? "~") }
    }

    private static let partialPredicate = PythonPattern(#"\)\s+where\s+(.+)"#, ignoreCase: true)

    // MARK: Views and pragmas

    /// The views whose SQL names `table` as a word.
    private func views(naming table: String) throws(DatabaseError) -> [String] {
        let word = PythonPattern(
            #"(?<![A-Za-z0-9_$])["`\[]?"# + NSRegularExpressionEscape.escape(table) + #"["`\]]?(?![A-Za-z0-9_$])"#,
            ignoreCase: true)
        return try connection.query("SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name").compactMap { row in
            guard row.count > 1, let name = row[0], let sql = row[1], word.search(sql) != nil else { return nil }
            return name
        }
    }

    /// `PRAGMA main.<pragma>("name")`, then the temp schema's when main has no rows.
    private func pragma(_ pragma: String, _ name: String) throws(DatabaseError) -> [[String?]] {
        let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let rows = try connection.query("PRAGMA main.\(pragma)(\(quoted))")
        return rows.isEmpty ? try connection.query("PRAGMA temp.\(pragma)(\(quoted))") : rows
    }
}
