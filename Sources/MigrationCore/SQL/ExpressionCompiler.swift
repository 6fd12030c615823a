/// SQL fragments (defaults, conditions, index expressions, values) as SQLAlchemy's
/// compiler writes them with literal binds.
extension Dialect {
    /// Functions SQLAlchemy writes without parentheses (ANSI functions).
    static let bareFunctions: Set<String> = [
        "current_date", "current_time", "current_timestamp", "current_user", "localtime", "localtimestamp",
        "session_user", "user",
    ]

    public func expression(_ expression: SQLExpression) throws -> String {
        switch expression {
        case .text(let sql): return text(sql)
        case .literal(let value): return literal(value)
        case .null: return "NULL"
        case .column(let table, let name):
            return (table.map { quote($0) + "." } ?? "") + quote(name)
        case .function(let name, let arguments):
            let lower = name.lowercased()
            if lower == "now" && !isPostgreSQL { return "CURRENT_TIMESTAMP" }
            if Self.bareFunctions.contains(lower) && arguments.isEmpty { return lower.uppercased() }
            if lower == "count" && arguments.isEmpty { return "count(*)" }
            return name + "(" + (try arguments.map { try self.expression($0) }.joined(separator: ", ")) + ")"
        case .binary(let left, let op, let right):
            let l = try self.expression(left)
            if case .null = right, op == "==" { return l + " IS NULL" }
            if case .null = right, op == "!=" { return l + " IS NOT NULL" }
            let sqlOp = op == "==" ? "=" : op
            return l + " " + sqlOp + " " + (try self.expression(right))
        case .unary(let op, let operand):
            return op + " " + (try self.expression(operand))
        case .cast(let inner, let type):
            return "CAST(" + (try self.expression(inner)) + " AS " + (try typeName(type)) + ")"
        case .list(let items):
            return "(" + (try items.map { try self.expression($0) }.joined(separator: ", ")) + ")"
        }
    }

    /// A server default: SQLAlchemy parenthesises nothing for text and literals.
    func defaultClause(_ value: SQLExpression) throws -> String {
        try expression(value)
    }
}
