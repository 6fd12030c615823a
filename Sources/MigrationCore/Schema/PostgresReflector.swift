import Foundation

/// Reads a table of a live PostgreSQL database from the catalogue the way SQLAlchemy
/// 2.1's PostgreSQL dialect reflects it for Alembic's batch with `recreate="always"`
/// (sqlalchemy/dialects/postgresql/base.py: `_reflect_type`, `_get_columns_info`, the
/// constraint and index queries), with Alembic's own hook that takes a SERIAL column's
/// `nextval` default off; and what a table copy cannot carry over (triggers, views and
/// other tables' foreign keys that depend on the table, the sequence a SERIAL restarts).
struct PostgresReflector: LiveSchemaReader {
    let connection: any DatabaseConnection

    func table(_ name: String, schema: String?) throws(DatabaseError) -> LiveTable? {
        let found = try connection.query(
            "SELECT c.oid, c.relkind, n.nspname, obj_description(c.oid, 'pg_class') FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = $1 "
                + "AND n.nspname = coalesce($2, current_schema()) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')",
            [name, schema])
        guard let row = found.first, let oid = row[0], let kind = row[1] else { return nil }
        var spec = TableSpec(name: name, schema: schema)
        switch kind {
        case "v", "m": return LiveTable(kind: .view, spec: spec)
        case "f": return LiveTable(kind: .virtualTable, spec: spec)
        default: break
        }
        spec.comment = row[3]
        var table = LiveTable(kind: .table, spec: spec)
        spec.columns = try columns(oid, into: &table)
        spec.constraints = try constraints(oid, columns: spec.columns)
        spec.indexes = try indexes(oid, table: name, schema: schema, into: &table)
        table.spec = spec
        table.triggers = try connection.query(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = $1::oid AND NOT tgisinternal ORDER BY 1", [oid]
        ).compactMap { $0.first ?? nil }
        try dependents(oid, name, into: &table)
        return table
    }

    func tableNames(schema: String?) throws(DatabaseError) -> [String] {
        try connection.query(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind IN ('r', 'p') AND n.nspname = coalesce($1, current_schema()) ORDER BY 1", [schema]
        ).compactMap { $0.first ?? nil }
    }

    func enumTypes(schema: String?) throws(DatabaseError) -> [String: [String]] {
        var types: [String: [String]] = [:]
        for row in try connection.query(
            "SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid "
                + "JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = coalesce($1, current_schema()) "
                + "ORDER BY t.typname, e.enumsortorder", [schema])
        {
            guard let name = row[0], let label = row[1] else { continue }
            types[name, default: []].append(label)
        }
        return types
    }

    // MARK: Columns

    private func columns(_ oid: String, into table: inout LiveTable) throws(DatabaseError) -> [ColumnSpec] {
        let rows = try connection.query(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid), "
                + "a.attidentity, a.attgenerated, CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, "
                + "col_description(a.attrelid, a.attnum), t.typtype, et.typtype, "
                + "(SELECT s.relname FROM pg_depend dep JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S' "
                + "WHERE dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.classid = 'pg_class'::regclass "
                + "AND dep.refclassid = 'pg_class'::regclass LIMIT 1) "
                + "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                + "LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A' "
                + "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                + "LEFT JOIN pg_collation co ON co.oid = a.attcollation "
                + "WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", [oid])
        var columns: [ColumnSpec] = []
        for row in rows {
            guard row.count >= 11, let name = row[0] else { continue }
            var column = ColumnSpec(name: name)
            if row[8] == "e" || row[9] == "e" || row[8] == "d" || row[9] == "d" {
                table.copyBlocker =
                    "not supported yet: column \(name) of \(table.spec.name) has the "
                    + (row[8] == "d" || row[9] == "d" ? "domain" : "enum") + " type \(row[1] ?? "?"), "
                    + "which Retort cannot copy as Alembic's reflection would"
            }
            var (type, warning) = Self.type(row[1])
            if row[8] == "e", let enumName = row[1] {
                // Compared by its name; a copy is refused above.
                type = SQLType(name: "postgresql.ENUM")
                type.enumName = Self.unqualified(enumName)
                warning = nil
            }
            if let warning { table.warnings.append(warning + " of column '\(name)'") }
            var resolved = type
            if let collation = row[6] { resolved.collation = collation }
            column.type = resolved
            column.nullable = row[2] != "t"
            column.comment = row[7]
            // SQLAlchemy reflects autoincrement as False unless a sequence or identity says otherwise.
            column.autoincrement = false
            var defaultText = row[3]
            if let generated = row[5], !generated.isEmpty {
                column.computed = ComputedSpec(sql: .text(defaultText ?? ""), persisted: generated == "s")
                defaultText = nil
            }
            if let identity = row[4], !identity.isEmpty {
                column.identity = try self.identity(oid, column: name, always: identity == "a")
                column.autoincrement = true
                table.notReflected.append(
                    "where the identity of column \(name) stands: the copy's identity starts again at "
                        + "\(column.identity?.start ?? 1) whatever ids the rows hold (set it with ALTER TABLE ... ALTER COLUMN "
                        + "\(name) RESTART WITH before inserting without an id)")
            }
            if let text = defaultText, let sequence = Self.nextvalSequence(text) {
                if BatchCopy.affinity(resolved) == "Integer" { column.autoincrement = true }
                // Alembic's PostgresqlImpl.autogen_column_reflect: a sequence owned by this
                // integer column is a SERIAL, written again as one (without the default).
                if ["INTEGER", "BIGINT"].contains(resolved.name), let owned = row[10], Self.unqualified(sequence) == owned {
                    defaultText = nil
                    table.notReflected.append(
                        "the sequence \(owned) of column \(name): the copy is SERIAL again, with a new sequence that "
                            + "starts at 1 whatever ids the rows hold (set it with setval before inserting without an id)")
                }
            }
            if let text = defaultText { column.serverDefault = .text(text) }
            columns.append(column)
        }
        return columns
    }

    /// `nextval('name'::regclass)`: the sequence's name as written.
    static func nextvalSequence(_ text: String) -> String? {
        nextval.matchAtStart(text)?[1]
    }

    private static let nextval = PythonPattern(#"nextval\('(.+?)'::regclass\)"#)

    static func unqualified(_ name: String) -> String {
        let last = name.split(separator: ".").last.map(String.init) ?? name
        return last.hasPrefix("\"") && last.hasSuffix("\"") ? String(last.dropFirst().dropLast()) : last
    }

    private func identity(_ oid: String, column: String, always: Bool) throws(DatabaseError) -> IdentitySpec {
        var identity = IdentitySpec()
        identity.always = always
        let rows = try connection.query(
            "SELECT s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle FROM pg_sequence s "
                + "WHERE s.seqrelid = pg_get_serial_sequence($1::oid::regclass::text, $2)::regclass", [oid, column])
        if let row = rows.first, row.count >= 6 {
            identity.start = row[0].flatMap { Int($0) }
            identity.increment = row[1].flatMap { Int($0) }
            identity.minValue = row[2].flatMap { Int($0) }
            identity.maxValue = row[3].flatMap { Int($0) }
            identity.cache = row[4].flatMap { Int($0) }
            identity.cycle = row[5] == "t"
        }
        return identity
    }

    /// `_reflect_type`: a `format_type` name with its arguments and array brackets, as
    /// the type SQLAlchemy makes of it; nil's warning for a type it does not know.
    static func type(_ formatType: String?) -> (SQLType, String?) {
        guard let formatType else { return (SQLType(name: "NullType"), "PostgreSQL format_type() returned NULL") }
        let arguments = typeArguments.search(formatType)?[1].map { argumentDelimiter.split($0) } ?? []
        let dimensions = ((arraySpec.search(formatType)?[1] ?? "") as NSString).length / 2
        var base = typeArgumentsPattern.replace(formatType, with: "")
        base = arraySpecPattern.replace(base, with: "")
        let known = knownTypes[base.lowercased()]
        var type = SQLType(name: known ?? "NullType")
        switch base {
        case "numeric":
            if arguments.count == 2, let p = Int(arguments[0]), let s = Int(arguments[1]) {
                type.precision = p
                type.scale = s
            }
        case "timestamp with time zone", "time with time zone":
            type.timezone = true
            if arguments.count == 1 { type.precision = Int(arguments[0]) }
        case "timestamp without time zone", "time without time zone", "time":
            if arguments.count == 1 { type.precision = Int(arguments[0]) }
        case "bit varying":
            type.varying = true
            if arguments.count == 1 { type.length = Int(arguments[0]) }
        case "double precision", "integer":
            break
        default:
            if base == "interval" || base.hasPrefix("interval ") {
                type = SQLType(name: "postgresql.INTERVAL")
                if base.hasPrefix("interval ") { type.fields = String(base.dropFirst("interval ".count)) }
                if arguments.count == 1 { type.precision = Int(arguments[0]) }
            } else if let first = arguments.first, let length = Int(first) {
                if type.name == "NUMERIC" || type.name == "FLOAT" { type.precision = length } else { type.length = length }
            }
        }
        guard known != nil || type.name != "NullType" else {
            return (type, "Did not recognize type '\(base)'")
        }
        if dimensions >= 1 {
            var array = SQLType(name: "ARRAY")
            array.itemType = [type]
            return (array, nil)
        }
        return (type, nil)
    }

    private static let typeArguments = PythonPattern(#"\((.*)\)"#)
    private static let typeArgumentsPattern = PythonRegexReplace(#"\((.*)\)"#)
    private static let arraySpec = PythonPattern(#"((?:\[\])*)$"#)
    private static let arraySpecPattern = PythonRegexReplace(#"((?:\[\])*)$"#)
    private static let argumentDelimiter = PythonPattern(#"\s*,\s*"#)
    /// `ischema_names`, as the names Retort's type compiler writes.
    private static let knownTypes: [String: String] = [
        "json": "JSON", "jsonb": "JSONB", "hstore": "HSTORE", "int4range": "INT4RANGE", "int8range": "INT8RANGE",
        "numrange": "NUMRANGE", "daterange": "DATERANGE", "tsrange": "TSRANGE", "tstzrange": "TSTZRANGE",
        "int4multirange": "INT4MULTIRANGE", "int8multirange": "INT8MULTIRANGE", "nummultirange": "NUMMULTIRANGE",
        "datemultirange": "DATEMULTIRANGE", "tsmultirange": "TSMULTIRANGE", "tstzmultirange": "TSTZMULTIRANGE",
        "integer": "INTEGER", "bigint": "BIGINT", "smallint": "SMALLINT", "character varying": "VARCHAR", "character": "CHAR",
        "\"char\"": "String", "name": "String", "text": "TEXT", "numeric": "NUMERIC", "float": "FLOAT", "real": "REAL",
        "inet": "INET", "cidr": "CIDR", "citext": "CITEXT", "uuid": "UUID", "bit": "BIT", "bit varying": "BIT",
        "macaddr": "MACADDR", "macaddr8": "MACADDR8", "money": "MONEY", "oid": "OID", "regclass": "REGCLASS",
        "double precision": "DOUBLE_PRECISION", "timestamp": "TIMESTAMP", "timestamp with time zone": "TIMESTAMP",
        "timestamp without time zone": "TIMESTAMP", "time with time zone": "TIME", "time without time zone": "TIME",
        "date": "DATE", "time": "TIME", "bytea": "BYTEA", "boolean": "BOOLEAN", "interval": "INTERVAL",
        "tsvector": "TSVECTOR", "tsquery": "TSQUERY",
    ]

    // MARK: Constraints

    /// The primary key, foreign keys, UNIQUE and CHECK constraints, each as
    /// pg_constraint has it.
    private func constraints(_ oid: String, columns: [ColumnSpec]) throws(DatabaseError) -> [ConstraintSpec] {
        let rows = try connection.query(
            "SELECT c.conname, c.contype, pg_get_constraintdef(c.oid), "
                + "array_to_string(ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) "
                + "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i), chr(1)), "
                + "r.relname, CASE WHEN pg_table_is_visible(r.oid) THEN NULL ELSE rn.nspname END, "
                + "array_to_string(ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i) "
                + "JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i), chr(1)), "
                + "c.confupdtype, c.confdeltype, c.condeferrable, c.condeferred, c.confmatchtype "
                + "FROM pg_constraint c LEFT JOIN pg_class r ON r.oid = c.confrelid "
                + "LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace "
                + "WHERE c.conrelid = $1::oid AND c.contype IN ('p', 'f', 'u', 'c') ORDER BY c.contype DESC, c.conname",
            [oid])
        func names(_ text: String?) -> [String] {
            (text ?? "").split(separator: "\u{1}", omittingEmptySubsequences: true).map(String.init)
        }
        func action(_ code: String?) -> String? {
            switch code {
            case "r": return "RESTRICT"
            case "c": return "CASCADE"
            case "n": return "SET NULL"
            case "d": return "SET DEFAULT"
            default: return nil
            }
        }
        var primaryKey: [ConstraintSpec] = []
        var others: [ConstraintSpec] = []
        for row in rows {
            guard row.count >= 12, let name = row[0], let type = row[1] else { continue }
            switch type {
            case "p":
                primaryKey.append(ConstraintSpec(name: name, kind: .primaryKey(columns: names(row[3]))))
            case "u":
                others.append(ConstraintSpec(name: name, kind: .unique(columns: names(row[3]))))
            case "c":
                others.append(ConstraintSpec(name: name, kind: .check(.text(Self.checkText(row[2] ?? "")))))
            case "f":
                var fk = ForeignKeySpec(
                    name: name, columns: names(row[3]), referredSchema: row[5], referredTable: row[4] ?? "",
                    referredColumns: names(row[6]), onDelete: action(row[8]), onUpdate: action(row[7]))
                if row[9] == "t" { fk.deferrable = true }
                if row[10] == "t" { fk.initially = "DEFERRED" }
                if row[11] == "f" { fk.match = "FULL" }
                others.append(ConstraintSpec(name: name, kind: .foreignKey(fk), deferrable: fk.deferrable, initially: fk.initially))
            default:
                break
            }
        }
        return primaryKey + others
    }

    /// SQLAlchemy's reading of `pg_get_constraintdef` for a CHECK: the condition without
    /// the outer parentheses PostgreSQL adds.
    static func checkText(_ definition: String) -> String {
        guard let inner = checkDefinition.matchAtStart(definition)?[1] else { return definition }
        return outerParentheses.matchAtStart(inner)?[1] ?? inner
    }

    private static let checkDefinition = PythonPattern(#"^CHECK *\((.+)\)( NO INHERIT)?( NOT VALID)?$"#, dotAll: true)
    private static let outerParentheses = PythonPattern(#"^[\s\n]*\((.+)\)[\s\n]*$"#, dotAll: true)

    // MARK: Indexes

    /// The indexes that back no constraint: their columns or expressions with DESC and
    /// NULLS order, and `postgresql_where`, `postgresql_using`, `postgresql_include`,
    /// `postgresql_ops` where they are not the default.
    private func indexes(_ oid: String, table: String, schema: String?, into live: inout LiveTable) throws(DatabaseError)
        -> [IndexSpec]
    {
        let rows = try connection.query(
            "SELECT i.relname, ix.indisunique, ix.indnkeyatts, am.amname, pg_get_expr(ix.indpred, ix.indrelid), "
                + "array_to_string(ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true) FROM generate_series(1, ix.indnatts) k "
                + "ORDER BY k), chr(1)), array_to_string(ix.indkey, ' '), array_to_string(ix.indoption, ' '), "
                + "array_to_string(ARRAY(SELECT CASE WHEN o.opcdefault THEN '' ELSE o.opcname END "
                + "FROM unnest(ix.indclass) WITH ORDINALITY k(c, n) JOIN pg_opclass o ON o.oid = k.c ORDER BY k.n), chr(1)), "
                + "EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid), ix.indisvalid "
                + "FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_am am ON am.oid = i.relam "
                + "WHERE ix.indrelid = $1::oid ORDER BY i.relname", [oid])
        var result: [IndexSpec] = []
        for row in rows {
            guard row.count >= 11, let name = row[0] else { continue }
            if row[9] == "t" { continue }  // backs a constraint: reflected as the constraint
            let elements = (row[5] ?? "").components(separatedBy: "\u{1}")
            let keys = (row[6] ?? "").split(separator: " ").map(String.init)
            let options = (row[7] ?? "").split(separator: " ").compactMap { Int($0) }
            let opclasses = (row[8] ?? "").components(separatedBy: "\u{1}")
            let keyCount = Int(row[2] ?? "") ?? elements.count
            var index = IndexSpec(name: name, table: table, schema: schema, elements: [])
            index.unique = row[1] == "t"
            var operatorClasses: [String: String] = [:]
            for (i, element) in elements.prefix(keyCount).enumerated() {
                let isExpression = i < keys.count && keys[i] == "0"
                var expression: SQLExpression = isExpression ? .text(element) : .column(table: nil, name: element)
                let flags = i < options.count ? options[i] : 0
                if flags & 1 != 0 {
                    expression = .postfix(expression, flags & 2 == 0 ? "DESC NULLS LAST" : "DESC")
                } else if flags & 2 != 0 {
                    expression = .postfix(expression, "NULLS FIRST")
                }
                index.elements.append(expression)
                if i < opclasses.count, !opclasses[i].isEmpty { operatorClasses[element] = opclasses[i] }
            }
            if !operatorClasses.isEmpty { index.options["postgresql_ops"] = .mapping(operatorClasses) }
            if elements.count > keyCount { index.options["postgresql_include"] = .list(Array(elements.dropFirst(keyCount))) }
            if let method = row[3], method != "btree" { index.options["postgresql_using"] = .text(method) }
            if let predicate = row[4] { index.options["postgresql_where"] = .text(predicate) }
            if row[10] == "f" { live.warnings.append("index \(name) is INVALID (a CREATE INDEX CONCURRENTLY that failed)") }
            result.append(index)
        }
        return result
    }

    // MARK: What depends on the table

    /// Views over the table and other tables' foreign keys to it, which keep `DROP TABLE`
    /// from running: a copy of the table cannot be made while they exist.
    private func dependents(_ oid: String, _ name: String, into table: inout LiveTable) throws(DatabaseError) {
        table.views = try connection.query(
            "SELECT DISTINCT v.relname FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid "
                + "JOIN pg_class v ON v.oid = r.ev_class WHERE d.refobjid = $1::oid AND v.oid <> $1::oid ORDER BY 1", [oid]
        ).compactMap { $0.first ?? nil }
        let referencing = try connection.query(
            "SELECT c.conname, t.relname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid "
                + "WHERE c.contype = 'f' AND c.confrelid = $1::oid AND c.conrelid <> $1::oid ORDER BY 2, 1", [oid])
        if let view = table.views.first {
            table.copyBlocker =
                "view \(view) reads table \(name): PostgreSQL cannot drop the table a copy replaces while the view "
                + "depends on it (Alembic fails there too); drop the view before this migration and create it again after"
        } else if let row = referencing.first, row.count >= 2 {
            table.copyBlocker =
                "foreign key \(row[0] ?? "?") of table \(row[1] ?? "?") refers to \(name): PostgreSQL cannot drop the table "
                + "a copy replaces while another table's foreign key depends on it (Alembic fails there too)"
        }
    }
}

/// `re.sub(pattern, replacement, text)` for a pattern with no groups in the replacement.
struct PythonRegexReplace: @unchecked Sendable {
    private let expression: NSRegularExpression

    init(_ pattern: String) {
        do {
            expression = try NSRegularExpression(pattern: pattern)
        } catch {
            preconditionFailure("bad pattern \(pattern): \(error)")
        }
    }

    func replace(_ text: String, with replacement: String) -> String {
        expression.stringByReplacingMatches(
            in: text, range: NSRange(location: 0, length: (text as NSString).length),
            withTemplate: NSRegularExpression.escapedTemplate(for: replacement))
    }
}
