/// SQL fragments (defaults, conditions, index expressions, values) as SQLAlchemy's
/// compiler writes them with literal binds, parenthesised by its operator precedence.
extension Dialect {
    /// Functions SQLAlchemy writes without parentheses (ANSI functions).
    static let bareFunctions: Set<String> = [
        "current_date", "current_time", "current_timestamp", "current_user", "localtime", "localtimestamp",
        "session_user", "user",
    ]

    public func expression(_ expression: SQLExpression) throws -> String {
        switch expression {
        case .text(let sql): return text(sql)
        case .raw(let sql): return sql
        case .boundText(let sql, let binds):
            return try text(sql, binds: binds.mapValues { try self.expression($0) })
        case .literal(let value): return literal(value)
        case .null: return "NULL"
        case .scalarSelect(let select): return "(" + (try selectText(select)) + ")"
        case .column(let table, let name):
            return (table.map { quote($0) + "." } ?? "") + quote(name)
        case .schemaColumn(let schema, let table, let name):
            return quote(schema) + "." + quote(table) + "." + quote(name)
        case .function(let name, let arguments):
            let lower = name.lowercased()
            if lower == "now" && !isPostgreSQL { return "CURRENT_TIMESTAMP" }
            if Self.bareFunctions.contains(lower) && arguments.isEmpty { return lower.uppercased() }
            if lower == "count" && arguments.isEmpty { return "count(*)" }
            return name + "(" + (try arguments.map { try self.expression($0) }.joined(separator: ", ")) + ")"
        case .binary(let left, let op, let right):
            let sqlOp = Self.sqlOperator(op)
            if case .null = right, sqlOp == "=" || sqlOp == "IS" { return try operand(left, against: "IS") + " IS NULL" }
            if case .null = right, sqlOp == "!=" || sqlOp == "IS NOT" { return try operand(left, against: "IS NOT") + " IS NOT NULL" }
            if !isPostgreSQL, sqlOp == "ILIKE" || sqlOp == "NOT ILIKE" {
                // SQLite has no ILIKE: SQLAlchemy compares lower-cased operands.
                let like = sqlOp == "ILIKE" ? "LIKE" : "NOT LIKE"
                return "lower(\(try self.expression(left))) \(like) lower(\(try self.expression(right)))"
            }
            let text = try operand(left, against: sqlOp) + " " + sqlOp + " " + (try operand(right, against: sqlOp))
            // SQLAlchemy writes NOT IN in parentheses of its own.
            return sqlOp == "NOT IN" ? "(" + text + ")" : text
        case .clauseList(let items, let conjunction):
            return try items.map { try operand($0, against: conjunction) }.joined(separator: " \(conjunction) ")
        case .unary(let op, let operand):
            if op == "-" { return "-" + (try self.operand(operand, against: "-")) }
            return op + " " + (try self.operand(operand, against: op))
        case .postfix(let operand, let modifier):
            return try self.operand(operand, against: modifier) + " " + modifier
        case .cast(let inner, let type):
            return "CAST(" + (try self.expression(inner)) + " AS " + (try typeName(type)) + ")"
        case .list(let items):
            return "(" + (try items.map { try self.expression($0) }.joined(separator: ", ")) + ")"
        case .caseWhen(let whens, let thens, let otherwise):
            var text = "CASE"
            for (condition, result) in zip(whens, thens) {
                // Each condition is grouped on its own, as SQLAlchemy's `self_group()` does.
                text += " WHEN " + (try grouped(condition)) + " THEN " + (try self.expression(result))
            }
            if let otherwise { text += " ELSE " + (try self.expression(otherwise)) }
            return text + " END"
        }
    }

    /// An expression standing alone where SQLAlchemy groups it (a value in SET or VALUES,
    /// a CASE condition): operators get parentheses.
    func grouped(_ expression: SQLExpression) throws -> String {
        let text = try self.expression(expression)
        return Self.operatorOf(expression) == nil ? text : "(" + text + ")"
    }

    /// An operand of `parent`, parenthesised when its operator binds no tighter, unless
    /// it is the same associative operator (`a + b + c`, `x AND y AND z`).
    func operand(_ expression: SQLExpression, against parent: String) throws -> String {
        if case .cast(let element, let type) = expression, Self.isJSONElement(element) {
            // PostgreSQL's `col ->> 'k'` cast to a type, under another operator: SQLAlchemy
            // groups the element inside the CAST.
            return "CAST((" + (try self.expression(element)) + ") AS " + (try typeName(type)) + ")"
        }
        let text = try self.expression(expression)
        guard let own = Self.operatorOf(expression) else { return text }
        if own == parent && Self.associative.contains(own) { return text }
        return Self.precedence(own) <= Self.precedence(parent) ? "(" + text + ")" : text
    }

    /// PostgreSQL's JSON element operators (SchemaBuilder.jsonElement).
    static func isJSONElement(_ expression: SQLExpression) -> Bool {
        if case .binary(_, let op, _) = expression { return op == "->>" || op == "#>>" }
        return false
    }

    static func operatorOf(_ expression: SQLExpression) -> String? {
        switch expression {
        case .binary(_, let op, _): return sqlOperator(op)
        case .clauseList(let items, let conjunction): return items.count > 1 ? conjunction : items.first.flatMap(operatorOf)
        default: return nil
        }
    }

    /// Python's operator spellings as SQL writes them.
    static func sqlOperator(_ op: String) -> String {
        switch op {
        case "==": return "="
        case "//": return "/"
        default: return op
        }
    }

    static let associative: Set<String> = ["+", "*", "||", "AND", "OR"]

    /// SQLAlchemy's operator precedence (sqlalchemy.sql.operators._PRECEDENCE).
    static func precedence(_ op: String) -> Int {
        switch op {
        case "*", "/", "%": return 8
        case "+", "-", "&", "|", "^", "<<", ">>": return 7
        case "NOT": return 5  // inv
        case "AND", "DESC", "ASC": return 3
        case "OR": return 2
        default: return 5  // comparisons, LIKE, IN, IS, ||
        }
    }

    /// A server default: SQLAlchemy parenthesises nothing for text and literals.
    func defaultClause(_ value: SQLExpression) throws -> String {
        try ddlExpression(value)
    }

    /// An expression inside DDL (CHECK, index elements and WHERE, defaults, computed
    /// columns): SQLAlchemy writes its columns without their table.
    func ddlExpression(_ value: SQLExpression) throws -> String {
        try expression(value.unqualified)
    }
}

extension SQLExpression {
    /// The expression with every column's table left out.
    var unqualified: SQLExpression {
        switch self {
        case .column(_, let name), .schemaColumn(_, _, let name): return .column(table: nil, name: name)
        case .boundText(let sql, let binds): return .boundText(sql, binds: binds.mapValues(\.unqualified))
        case .caseWhen(let whens, let thens, let otherwise):
            return .caseWhen(whens: whens.map(\.unqualified), thens: thens.map(\.unqualified), otherwise: otherwise?.unqualified)
        case .clauseList(let items, let conjunction): return .clauseList(items.map(\.unqualified), conjunction: conjunction)
        case .postfix(let operand, let modifier): return .postfix(operand.unqualified, modifier)
        case .function(let name, let arguments): return .function(name: name, arguments: arguments.map(\.unqualified))
        case .binary(let left, let op, let right): return .binary(left.unqualified, op, right.unqualified)
        case .unary(let op, let operand): return .unary(op, operand.unqualified)
        case .cast(let operand, let type): return .cast(operand.unqualified, type)
        case .list(let items): return .list(items.map(\.unqualified))
        case .text, .raw, .literal, .null, .scalarSelect: return self
        }
    }

    /// `not_(x)`: SQLAlchemy flips a comparison's operator, and writes NOT before
    /// anything else, grouped.
    var negated: SQLExpression {
        let flipped = [
            "==": "!=", "!=": "==", "=": "!=", "<": ">=", ">=": "<", ">": "<=", "<=": ">", "IN": "NOT IN", "NOT IN": "IN",
            "LIKE": "NOT LIKE", "NOT LIKE": "LIKE", "ILIKE": "NOT ILIKE", "NOT ILIKE": "ILIKE", "IS": "IS NOT", "IS NOT": "IS",
        ]
        if case .binary(let left, let op, let right) = self, let opposite = flipped[op] { return .binary(left, opposite, right) }
        if case .unary("NOT", let operand) = self { return operand }
        return .unary("NOT", self)
    }
}
