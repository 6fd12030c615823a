/// The typed operations of a revision function as cache bytes, and back: every field of
/// every type, so that an operation read from the cache is the one the evaluator built.
///
/// Each enum is a tag byte and its payload; an optional is a byte (0 absent, 1 present)
/// before the value; a dictionary is written sorted by key, so that the same operation
/// always gives the same bytes. Decoding throws `CacheDamage` on anything it does not
/// expect, and the caller then reads the script instead.
extension CacheWriter {
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    mutating func int(_ v: Int) { i64(Int64(v)) }
    mutating func tag(_ v: UInt8) { bytes.append(v) }

    mutating func optional<T>(_ value: T?, _ write: (inout CacheWriter, T) -> Void) {
        guard let value else { return bytes.append(0) }
        bytes.append(1)
        write(&self, value)
    }
    mutating func list<T>(_ values: [T], _ write: (inout CacheWriter, T) -> Void) {
        u32(UInt32(values.count))
        for value in values { write(&self, value) }
    }
    mutating func dictionary<T>(_ values: [String: T], _ write: (inout CacheWriter, T) -> Void) {
        u32(UInt32(values.count))
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            string(key)
            write(&self, value)
        }
    }
    /// A change that may be absent, given, or given as None (`.some(nil)`: dropped): three states.
    mutating func givenOrDropped<T>(_ value: T??, _ write: (inout CacheWriter, T) -> Void) {
        switch value {
        case .none: tag(0)
        case .some(.none): tag(1)
        case .some(.some(let given)):
            tag(2)
            write(&self, given)
        }
    }
    mutating func optionalInteger(_ v: Int?) { optional(v) { $0.int($1) } }
    mutating func optionalText(_ v: String?) { optional(v) { $0.string($1) } }
    mutating func optionalFlag(_ v: Bool?) { optional(v) { $0.bool($1) } }

    mutating func operations(_ list: [Operation]) { self.list(list) { $0.operation($1) } }

    mutating func operation(_ operation: Operation) {
        operationKind(operation.kind)
        int(operation.line)
        bool(operation.inAutocommitBlock)
        int(operation.autocommitBlock)
        optional(operation.raised) { $0.raised($1) }
    }

    mutating func raised(_ exception: RaisedException) {
        string(exception.type)
        string(exception.message)
    }

    mutating func operationKind(_ kind: Operation.Kind) {
        switch kind {
        case .createTable(let table):
            tag(0)
            tableSpec(table)
        case .dropTable(let name, let schema, let ifExists):
            tag(1)
            string(name)
            optionalText(schema)
            bool(ifExists)
        case .renameTable(let old, let new, let schema):
            tag(2)
            string(old)
            string(new)
            optionalText(schema)
        case .addColumn(let table, let schema, let column, let ifNotExists):
            tag(3)
            string(table)
            optionalText(schema)
            columnSpec(column)
            bool(ifNotExists)
        case .dropColumn(let table, let schema, let column, let ifExists):
            tag(4)
            string(table)
            optionalText(schema)
            string(column)
            bool(ifExists)
        case .alterColumn(let alter):
            tag(5)
            alterColumn(alter)
        case .createIndex(let index):
            tag(6)
            indexSpec(index)
        case .dropIndex(let name, let table, let schema, let ifExists, let options):
            tag(7)
            string(name)
            optionalText(table)
            optionalText(schema)
            bool(ifExists)
            dictionary(options) { $0.indexOption($1) }
        case .addConstraint(let table, let schema, let constraint):
            tag(8)
            string(table)
            optionalText(schema)
            constraintSpec(constraint)
        case .dropConstraint(let name, let table, let schema, let type, let ifExists):
            tag(9)
            string(name)
            string(table)
            optionalText(schema)
            optionalText(type)
            bool(ifExists)
        case .createTableComment(let table, let schema, let comment):
            tag(10)
            string(table)
            optionalText(schema)
            string(comment)
        case .dropTableComment(let table, let schema):
            tag(11)
            string(table)
            optionalText(schema)
        case .execute(let statement):
            tag(12)
            sqlStatement(statement)
        case .bulkInsert(let table, let schema, let columns, let rows, let multiInsert):
            tag(13)
            string(table)
            optionalText(schema)
            dictionary(columns) { $0.sqlType($1) }
            list(rows) { writer, row in
                writer.list(row) { writer, cell in
                    writer.string(cell.0)
                    writer.literalOrExpression(cell.1)
                }
            }
            bool(multiInsert)
        case .createType(let type):
            tag(14)
            sqlType(type)
        case .dropType(let type):
            tag(15)
            sqlType(type)
        case .batch(let batch):
            tag(16)
            batchSpec(batch)
        }
    }

    mutating func literalOrExpression(_ value: LiteralOrExpression) {
        switch value {
        case .literal(let literal):
            tag(0)
            literalValue(literal)
        case .expression(let expression):
            tag(1)
            sqlExpression(expression)
        }
    }

    mutating func alterColumn(_ alter: AlterColumn) {
        string(alter.table)
        optionalText(alter.schema)
        string(alter.column)
        optionalFlag(alter.nullable)
        givenOrDropped(alter.serverDefault) { $0.sqlExpression($1) }
        optionalText(alter.newName)
        optional(alter.type) { $0.sqlType($1) }
        givenOrDropped(alter.comment) { $0.string($1) }
        optional(alter.existingType) { $0.sqlType($1) }
        optionalFlag(alter.existingNullable)
        optional(alter.existingServerDefault) { $0.sqlExpression($1) }
        optionalText(alter.existingComment)
        optionalText(alter.postgresqlUsing)
        optionalFlag(alter.autoincrement)
    }

    mutating func sqlStatement(_ statement: SQLStatement) {
        func values(_ writer: inout CacheWriter, _ values: [(String, SQLExpression)]) {
            writer.list(values) { writer, pair in
                writer.string(pair.0)
                writer.sqlExpression(pair.1)
            }
        }
        switch statement {
        case .text(let text):
            tag(0)
            string(text)
        case .expression(let expression):
            tag(1)
            sqlExpression(expression)
        case .insert(let table, let schema, let pairs):
            tag(2)
            string(table)
            optionalText(schema)
            values(&self, pairs)
        case .insertRows(let table, let schema, let columns, let rows):
            tag(3)
            string(table)
            optionalText(schema)
            strings(columns)
            list(rows) { $0.list($1) { $0.sqlExpression($1) } }
        case .update(let table, let schema, let pairs, let whereClause):
            tag(4)
            string(table)
            optionalText(schema)
            values(&self, pairs)
            optional(whereClause) { $0.sqlExpression($1) }
        case .delete(let table, let schema, let whereClause):
            tag(5)
            string(table)
            optionalText(schema)
            optional(whereClause) { $0.sqlExpression($1) }
        case .select(let select):
            tag(6)
            selectSpec(select)
        case .insertFromSelect(let table, let schema, let columns, let select):
            tag(7)
            string(table)
            optionalText(schema)
            strings(columns)
            selectSpec(select)
        }
    }

    mutating func batchSpec(_ batch: BatchSpec) {
        string(batch.table)
        optionalText(batch.schema)
        string(batch.recreate)
        operations(batch.operations)
        bool(batch.hasCopyFrom)
        optional(batch.copyFrom) { $0.tableSpec($1) }
        dictionary(batch.placements) { writer, placement in
            writer.optionalText(placement.before)
            writer.optionalText(placement.after)
        }
        strings(batch.unfollowedCopyOptions)
    }

    mutating func sqlType(_ type: SQLType) {
        string(type.name)
        optionalInteger(type.length)
        optionalInteger(type.precision)
        optionalInteger(type.scale)
        bool(type.timezone)
        optionalText(type.collation)
        strings(type.enumValues)
        optionalText(type.enumName)
        optionalText(type.enumSchema)
        bool(type.nativeEnum)
        bool(type.createConstraint)
        bool(type.createType)
        list(type.itemType) { $0.sqlType($1) }
        optionalInteger(type.dimensions)
        dictionary(type.variants) { $0.list($1) { $0.sqlType($1) } }
        optionalText(type.fields)
        bool(type.varying)
        optionalText(type.subclassOf)
    }

    mutating func sqlExpression(_ expression: SQLExpression) {
        switch expression {
        case .text(let text):
            tag(0)
            string(text)
        case .raw(let text):
            tag(1)
            string(text)
        case .boundText(let text, let binds):
            tag(2)
            string(text)
            dictionary(binds) { $0.sqlExpression($1) }
        case .caseWhen(let whens, let thens, let otherwise):
            tag(3)
            list(whens) { $0.sqlExpression($1) }
            list(thens) { $0.sqlExpression($1) }
            optional(otherwise) { $0.sqlExpression($1) }
        case .clauseList(let items, let conjunction):
            tag(4)
            list(items) { $0.sqlExpression($1) }
            string(conjunction)
        case .postfix(let operand, let modifier):
            tag(5)
            sqlExpression(operand)
            string(modifier)
        case .literal(let literal):
            tag(6)
            literalValue(literal)
        case .function(let name, let arguments):
            tag(7)
            string(name)
            list(arguments) { $0.sqlExpression($1) }
        case .column(let table, let name):
            tag(8)
            optionalText(table)
            string(name)
        case .schemaColumn(let schema, let table, let name):
            tag(9)
            string(schema)
            string(table)
            string(name)
        case .binary(let left, let op, let right):
            tag(10)
            sqlExpression(left)
            string(op)
            sqlExpression(right)
        case .unary(let op, let operand):
            tag(11)
            string(op)
            sqlExpression(operand)
        case .cast(let operand, let type):
            tag(12)
            sqlExpression(operand)
            sqlType(type)
        case .null:
            tag(13)
        case .list(let items):
            tag(14)
            list(items) { $0.sqlExpression($1) }
        case .scalarSelect(let select):
            tag(15)
            selectSpec(select)
        }
    }

    mutating func selectSpec(_ select: SelectSpec) {
        list(select.columns) { $0.sqlExpression($1) }
        list(select.froms) { writer, table in
            writer.string(table.name)
            writer.optionalText(table.schema)
        }
        optional(select.whereClause) { $0.sqlExpression($1) }
        list(select.orderBy) { $0.sqlExpression($1) }
    }

    mutating func literalValue(_ value: LiteralValue) {
        func timestamp(_ writer: inout CacheWriter, _ t: Timestamp) {
            for field in [t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond] { writer.int(field) }
        }
        switch value {
        case .string(let text):
            tag(0)
            string(text)
        case .int(let v):
            tag(1)
            int(v)
        case .float(let v):
            tag(2)
            u64(v.bitPattern)
        case .bool(let v):
            tag(3)
            bool(v)
        case .none: tag(4)
        case .decimal(let text):
            tag(5)
            string(text)
        case .date(let t):
            tag(6)
            timestamp(&self, t)
        case .dateTime(let t):
            tag(7)
            timestamp(&self, t)
        case .time(let t):
            tag(8)
            timestamp(&self, t)
        case .uuid(let text):
            tag(9)
            string(text)
        }
    }

    mutating func columnSpec(_ column: ColumnSpec) {
        string(column.name)
        optional(column.type) { $0.sqlType($1) }
        optionalFlag(column.nullable)
        bool(column.primaryKey)
        optionalFlag(column.autoincrement)
        optional(column.serverDefault) { $0.sqlExpression($1) }
        bool(column.hasPythonDefault)
        bool(column.hasSequence)
        optionalText(column.comment)
        optionalFlag(column.unique)
        optionalFlag(column.index)
        list(column.foreignKeys) { $0.foreignKeySpec($1) }
        optional(column.computed) { writer, computed in
            writer.sqlExpression(computed.sql)
            writer.optionalFlag(computed.persisted)
        }
        optional(column.identity) { writer, identity in
            writer.bool(identity.always)
            writer.optionalFlag(identity.onNull)
            for value in [identity.start, identity.increment, identity.minValue, identity.maxValue] {
                writer.optionalInteger(value)
            }
            writer.optionalFlag(identity.cycle)
            writer.optionalInteger(identity.cache)
        }
        list(column.checks) { $0.constraintSpec($1) }
    }

    mutating func foreignKeySpec(_ fk: ForeignKeySpec) {
        optionalText(fk.name)
        strings(fk.columns)
        optionalText(fk.referredSchema)
        string(fk.referredTable)
        strings(fk.referredColumns)
        optionalText(fk.onDelete)
        optionalText(fk.onUpdate)
        optionalFlag(fk.deferrable)
        optionalText(fk.initially)
        optionalText(fk.match)
    }

    mutating func constraintSpec(_ constraint: ConstraintSpec) {
        optionalText(constraint.name)
        switch constraint.kind {
        case .primaryKey(let columns):
            tag(0)
            strings(columns)
        case .unique(let columns):
            tag(1)
            strings(columns)
        case .check(let condition):
            tag(2)
            sqlExpression(condition)
        case .foreignKey(let fk):
            tag(3)
            foreignKeySpec(fk)
        case .exclude(let using, let elements, let whereClause):
            tag(4)
            string(using)
            list(elements) { writer, element in
                writer.sqlExpression(element.expression)
                writer.string(element.op)
            }
            optional(whereClause) { $0.sqlExpression($1) }
        }
        optionalFlag(constraint.deferrable)
        optionalText(constraint.initially)
        dictionary(constraint.options) { $0.string($1) }
    }

    mutating func indexSpec(_ index: IndexSpec) {
        optionalText(index.name)
        string(index.table)
        optionalText(index.schema)
        list(index.elements) { $0.sqlExpression($1) }
        bool(index.unique)
        bool(index.ifNotExists)
        dictionary(index.options) { $0.indexOption($1) }
    }

    mutating func indexOption(_ option: IndexOption) {
        switch option {
        case .bool(let v):
            tag(0)
            bool(v)
        case .text(let text):
            tag(1)
            string(text)
        case .expression(let expression):
            tag(2)
            sqlExpression(expression)
        case .list(let items):
            tag(3)
            strings(items)
        case .mapping(let mapping):
            tag(4)
            dictionary(mapping) { $0.string($1) }
        }
    }

    mutating func tableSpec(_ table: TableSpec) {
        string(table.name)
        optionalText(table.schema)
        list(table.columns) { $0.columnSpec($1) }
        list(table.constraints) { $0.constraintSpec($1) }
        list(table.indexes) { $0.indexSpec($1) }
        optionalText(table.comment)
        strings(table.prefixes)
        bool(table.ifNotExists)
        dictionary(table.options) { $0.string($1) }
    }
}
