/// A cache entry that does not read as its writer wrote it (damaged, or from another
/// layout): the caller reads the script instead.
struct CacheDamage: Error {}

/// Reads what `CacheWriter`'s operation coding wrote (OperationCoding.swift), field for
/// field in the same order, throwing `CacheDamage` at the first thing out of place.
struct OperationDecoder {
    var reader: CacheReader

    init(_ reader: CacheReader) { self.reader = reader }

    mutating func bool() throws -> Bool {
        guard let byte = reader.byte(), byte <= 1 else { throw CacheDamage() }
        return byte == 1
    }
    mutating func int() throws -> Int {
        guard let v = reader.i64() else { throw CacheDamage() }
        return Int(v)
    }
    mutating func tag() throws -> UInt8 {
        guard let byte = reader.byte() else { throw CacheDamage() }
        return byte
    }
    mutating func string() throws -> String {
        guard let s = reader.string() else { throw CacheDamage() }
        return s
    }
    mutating func strings() throws -> [String] {
        guard let list = reader.strings() else { throw CacheDamage() }
        return list
    }
    mutating func count() throws -> Int {
        guard let n = reader.u32(), Int(n) <= reader.bytes.count - reader.offset else { throw CacheDamage() }
        return Int(n)
    }

    mutating func optional<T>(_ read: (inout OperationDecoder) throws -> T) throws -> T? {
        try bool() ? try read(&self) : nil
    }
    mutating func list<T>(_ read: (inout OperationDecoder) throws -> T) throws -> [T] {
        let n = try count()
        // Most lists and maps are empty: no storage is reserved for them.
        if n == 0 { return [] }
        var values: [T] = []
        values.reserveCapacity(n)
        for _ in 0..<n { values.append(try read(&self)) }
        return values
    }
    mutating func dictionary<T>(_ read: (inout OperationDecoder) throws -> T) throws -> [String: T] {
        let n = try count()
        if n == 0 { return [:] }
        var values: [String: T] = [:]
        values.reserveCapacity(n)
        for _ in 0..<n {
            let key = try string()
            values[key] = try read(&self)
        }
        return values
    }
    /// What `CacheWriter.givenOrDropped` wrote: absent, given as None, or given.
    mutating func givenOrDropped<T>(_ read: (inout OperationDecoder) throws -> T) throws -> T?? {
        switch try tag() {
        case 0: return .none
        case 1: return .some(.none)
        case 2: return .some(.some(try read(&self)))
        default: throw CacheDamage()
        }
    }
    mutating func optionalInteger() throws -> Int? { try optional { try $0.int() } }
    mutating func optionalText() throws -> String? { try optional { try $0.string() } }
    mutating func optionalFlag() throws -> Bool? { try optional { try $0.bool() } }

    mutating func operations() throws -> [Operation] { try list { try $0.operation() } }

    mutating func operation() throws -> Operation {
        let kind = try operationKind()
        return Operation(
            kind: kind, line: try int(), inAutocommitBlock: try bool(), autocommitBlock: try int(),
            raised: try optional { try $0.raised() })
    }

    mutating func raised() throws -> RaisedException {
        RaisedException(type: try string(), message: try string())
    }

    mutating func operationKind() throws -> Operation.Kind {
        switch try tag() {
        case 0: return .createTable(try tableSpec())
        case 1: return .dropTable(name: try string(), schema: try optionalText(), ifExists: try bool())
        case 2: return .renameTable(old: try string(), new: try string(), schema: try optionalText())
        case 3:
            return .addColumn(table: try string(), schema: try optionalText(), column: try columnSpec(), ifNotExists: try bool())
        case 4: return .dropColumn(table: try string(), schema: try optionalText(), column: try string(), ifExists: try bool())
        case 5: return .alterColumn(try alterColumn())
        case 6: return .createIndex(try indexSpec())
        case 7:
            return .dropIndex(
                name: try string(), table: try optionalText(), schema: try optionalText(), ifExists: try bool(),
                options: try dictionary { try $0.indexOption() })
        case 8: return .addConstraint(table: try string(), schema: try optionalText(), try constraintSpec())
        case 9:
            return .dropConstraint(
                name: try string(), table: try string(), schema: try optionalText(), type: try optionalText(), ifExists: try bool())
        case 10: return .createTableComment(table: try string(), schema: try optionalText(), comment: try string())
        case 11: return .dropTableComment(table: try string(), schema: try optionalText())
        case 12: return .execute(try sqlStatement())
        case 13:
            let table = try string()
            let schema = try optionalText()
            let columns = try dictionary { try $0.sqlType() }
            let rows = try list { decoder in
                try decoder.list { decoder -> (String, LiteralOrExpression) in (try decoder.string(), try decoder.literalOrExpression()) }
            }
            return .bulkInsert(table: table, schema: schema, columns: columns, rows: rows, multiInsert: try bool())
        case 14: return .createType(try sqlType())
        case 15: return .dropType(try sqlType())
        case 16: return .batch(try batchSpec())
        default: throw CacheDamage()
        }
    }

    mutating func literalOrExpression() throws -> LiteralOrExpression {
        switch try tag() {
        case 0: return .literal(try literalValue())
        case 1: return .expression(try sqlExpression())
        default: throw CacheDamage()
        }
    }

    mutating func alterColumn() throws -> AlterColumn {
        let table = try string()
        let schema = try optionalText()
        let column = try string()
        let nullable = try optionalFlag()
        let serverDefault = try givenOrDropped { try $0.sqlExpression() }
        let newName = try optionalText()
        let type = try optional { try $0.sqlType() }
        let comment = try givenOrDropped { try $0.string() }
        return AlterColumn(
            table: table, schema: schema, column: column, nullable: nullable, serverDefault: serverDefault, newName: newName,
            type: type, comment: comment, existingType: try optional { try $0.sqlType() }, existingNullable: try optionalFlag(),
            existingServerDefault: try optional { try $0.sqlExpression() }, existingComment: try optionalText(),
            postgresqlUsing: try optionalText(), autoincrement: try optionalFlag())
    }

    mutating func sqlStatement() throws -> SQLStatement {
        func values(_ decoder: inout OperationDecoder) throws -> [(String, SQLExpression)] {
            try decoder.list { decoder -> (String, SQLExpression) in (try decoder.string(), try decoder.sqlExpression()) }
        }
        switch try tag() {
        case 0: return .text(try string())
        case 1: return .expression(try sqlExpression())
        case 2: return .insert(table: try string(), schema: try optionalText(), values: try values(&self))
        case 3:
            return .insertRows(
                table: try string(), schema: try optionalText(), columns: try strings(),
                rows: try list { try $0.list { try $0.sqlExpression() } })
        case 4:
            return .update(
                table: try string(), schema: try optionalText(), values: try values(&self),
                whereClause: try optional { try $0.sqlExpression() })
        case 5: return .delete(table: try string(), schema: try optionalText(), whereClause: try optional { try $0.sqlExpression() })
        case 6: return .select(try selectSpec())
        case 7: return .insertFromSelect(table: try string(), schema: try optionalText(), columns: try strings(), select: try selectSpec())
        default: throw CacheDamage()
        }
    }

    mutating func batchSpec() throws -> BatchSpec {
        BatchSpec(
            table: try string(), schema: try optionalText(), recreate: try string(), operations: try operations(),
            hasCopyFrom: try bool(), copyFrom: try optional { try $0.tableSpec() },
            placements: try dictionary { ColumnPlacement(before: try $0.optionalText(), after: try $0.optionalText()) },
            unfollowedCopyOptions: try strings())
    }

    mutating func sqlType() throws -> SQLType {
        var type = SQLType(name: try string())
        type.length = try optionalInteger()
        type.precision = try optionalInteger()
        type.scale = try optionalInteger()
        type.timezone = try bool()
        type.collation = try optionalText()
        type.enumValues = try strings()
        type.enumName = try optionalText()
        type.enumSchema = try optionalText()
        type.nativeEnum = try bool()
        type.createConstraint = try bool()
        type.createType = try bool()
        type.itemType = try list { try $0.sqlType() }
        type.dimensions = try optionalInteger()
        type.variants = try dictionary { try $0.list { try $0.sqlType() } }
        type.fields = try optionalText()
        type.varying = try bool()
        type.subclassOf = try optionalText()
        return type
    }

    mutating func sqlExpression() throws -> SQLExpression {
        switch try tag() {
        case 0: return .text(try string())
        case 1: return .raw(try string())
        case 2: return .boundText(try string(), binds: try dictionary { try $0.sqlExpression() })
        case 3:
            return .caseWhen(
                whens: try list { try $0.sqlExpression() }, thens: try list { try $0.sqlExpression() },
                otherwise: try optional { try $0.sqlExpression() })
        case 4: return .clauseList(try list { try $0.sqlExpression() }, conjunction: try string())
        case 5: return .postfix(try sqlExpression(), try string())
        case 6: return .literal(try literalValue())
        case 7: return .function(name: try string(), arguments: try list { try $0.sqlExpression() })
        case 8: return .column(table: try optionalText(), name: try string())
        case 9: return .schemaColumn(schema: try string(), table: try string(), name: try string())
        case 10: return .binary(try sqlExpression(), try string(), try sqlExpression())
        case 11: return .unary(try string(), try sqlExpression())
        case 12: return .cast(try sqlExpression(), try sqlType())
        case 13: return .null
        case 14: return .list(try list { try $0.sqlExpression() })
        case 15: return .scalarSelect(try selectSpec())
        default: throw CacheDamage()
        }
    }

    mutating func selectSpec() throws -> SelectSpec {
        SelectSpec(
            columns: try list { try $0.sqlExpression() },
            froms: try list { TableName(name: try $0.string(), schema: try $0.optionalText()) },
            whereClause: try optional { try $0.sqlExpression() }, orderBy: try list { try $0.sqlExpression() })
    }

    mutating func literalValue() throws -> LiteralValue {
        func timestamp(_ decoder: inout OperationDecoder) throws -> Timestamp {
            Timestamp(
                year: try decoder.int(), month: try decoder.int(), day: try decoder.int(), hour: try decoder.int(),
                minute: try decoder.int(), second: try decoder.int(), microsecond: try decoder.int())
        }
        switch try tag() {
        case 0: return .string(try string())
        case 1: return .int(try int())
        case 2:
            guard let bits = reader.u64() else { throw CacheDamage() }
            return .float(Double(bitPattern: bits))
        case 3: return .bool(try bool())
        case 4: return .none
        case 5: return .decimal(try string())
        case 6: return .date(try timestamp(&self))
        case 7: return .dateTime(try timestamp(&self))
        case 8: return .time(try timestamp(&self))
        case 9: return .uuid(try string())
        default: throw CacheDamage()
        }
    }

    mutating func columnSpec() throws -> ColumnSpec {
        var column = ColumnSpec(name: try string())
        column.type = try optional { try $0.sqlType() }
        column.nullable = try optionalFlag()
        column.primaryKey = try bool()
        column.autoincrement = try optionalFlag()
        column.serverDefault = try optional { try $0.sqlExpression() }
        column.hasPythonDefault = try bool()
        column.hasSequence = try bool()
        column.comment = try optionalText()
        column.unique = try optionalFlag()
        column.index = try optionalFlag()
        column.foreignKeys = try list { try $0.foreignKeySpec() }
        column.computed = try optional { ComputedSpec(sql: try $0.sqlExpression(), persisted: try $0.optionalFlag()) }
        column.identity = try optional { decoder in
            IdentitySpec(
                always: try decoder.bool(), onNull: try decoder.optionalFlag(), start: try decoder.optionalInteger(),
                increment: try decoder.optionalInteger(), minValue: try decoder.optionalInteger(),
                maxValue: try decoder.optionalInteger(), cycle: try decoder.optionalFlag(), cache: try decoder.optionalInteger())
        }
        column.checks = try list { try $0.constraintSpec() }
        return column
    }

    mutating func foreignKeySpec() throws -> ForeignKeySpec {
        ForeignKeySpec(
            name: try optionalText(), columns: try strings(), referredSchema: try optionalText(), referredTable: try string(),
            referredColumns: try strings(), onDelete: try optionalText(), onUpdate: try optionalText(),
            deferrable: try optionalFlag(), initially: try optionalText(), match: try optionalText())
    }

    mutating func constraintSpec() throws -> ConstraintSpec {
        let name = try optionalText()
        let kind: ConstraintSpec.Kind
        switch try tag() {
        case 0: kind = .primaryKey(columns: try strings())
        case 1: kind = .unique(columns: try strings())
        case 2: kind = .check(try sqlExpression())
        case 3: kind = .foreignKey(try foreignKeySpec())
        case 4:
            kind = .exclude(
                using: try string(), elements: try list { ExcludeElement(expression: try $0.sqlExpression(), op: try $0.string()) },
                whereClause: try optional { try $0.sqlExpression() })
        default: throw CacheDamage()
        }
        return ConstraintSpec(
            name: name, kind: kind, deferrable: try optionalFlag(), initially: try optionalText(),
            options: try dictionary { try $0.string() })
    }

    mutating func indexSpec() throws -> IndexSpec {
        IndexSpec(
            name: try optionalText(), table: try string(), schema: try optionalText(), elements: try list { try $0.sqlExpression() },
            unique: try bool(), ifNotExists: try bool(), options: try dictionary { try $0.indexOption() })
    }

    mutating func indexOption() throws -> IndexOption {
        switch try tag() {
        case 0: return .bool(try bool())
        case 1: return .text(try string())
        case 2: return .expression(try sqlExpression())
        case 3: return .list(try strings())
        case 4: return .mapping(try dictionary { try $0.string() })
        default: throw CacheDamage()
        }
    }

    mutating func tableSpec() throws -> TableSpec {
        TableSpec(
            name: try string(), schema: try optionalText(), columns: try list { try $0.columnSpec() },
            constraints: try list { try $0.constraintSpec() }, indexes: try list { try $0.indexSpec() },
            comment: try optionalText(), prefixes: try strings(), ifNotExists: try bool(), options: try dictionary { try $0.string() })
    }
}
