/// The module-level names of a script and the values known for them without running it.
///
/// Statements run in order, as Python would run them on import: a later assignment
/// replaces an earlier one, imports bind names whose values are unknown, and names bound
/// inside `if`, `try`, loops or `with` blocks are unknown because which branch runs
/// cannot be decided here.
struct ModuleScope {
    /// Why a value is unknown, and where it came from.
    struct Unknown: Equatable {
        var reason: String
        var location: SourceLocation
    }

    enum Value: Equatable {
        case string(String)
        case none
        case list([Value])
        /// A literal of another type (a number, a bool, ...), named by its Python type.
        case other(String)
        case unknown(Unknown)

        var typeName: String {
            switch self {
            case .string: return "str"
            case .none: return "NoneType"
            case .list: return "tuple"
            case .other(let name): return name
            case .unknown: return "unknown value"
            }
        }

        /// Alembic's `util.to_tuple` applied to a value of strings: a string becomes one id.
        var stringList: [String]? {
            switch self {
            case .string(let s): return [s]
            case .list(let items):
                var out: [String] = []
                for item in items {
                    guard case .string(let s) = item else { return nil }
                    out.append(s)
                }
                return out
            default: return nil
            }
        }
    }

    private(set) var values: [String: Value] = [:]
    private(set) var locations: [String: SourceLocation] = [:]

    mutating func run(_ body: [Statement]) {
        for statement in body { run(statement) }
    }

    private mutating func bind(_ name: String, _ value: Value, at location: SourceLocation) {
        values[name] = value
        locations[name] = location
    }

    private mutating func run(_ statement: Statement) {
        let here = statement.location
        switch statement.kind {
        case .assign(let targets, let value):
            let evaluated = evaluate(value)
            for target in targets { assign(target, evaluated, at: here) }
        case .annAssign(let target, _, let value?, _):
            assign(target, evaluate(value), at: here)
        case .augAssign(let target, _, _):
            markUnknown(target, reason: "changed by an augmented assignment at line \(here.line)", at: here)
        case .import(let aliases):
            for alias in aliases {
                let name = alias.asName ?? String(alias.name.split(separator: ".").first ?? Substring(alias.name))
                bind(name, .unknown(.init(reason: "imported from \(alias.name)", location: here)), at: here)
            }
        case .importFrom(let module, let aliases, let level):
            let source = String(repeating: ".", count: level) + (module ?? "")
            for alias in aliases where alias.name != "*" {
                bind(
                    alias.asName ?? alias.name,
                    .unknown(.init(reason: "imported from \(source)", location: here)), at: here)
            }
        case .functionDef(let function):
            bind(function.name, .other("function"), at: here)
        case .classDef(let cls):
            bind(cls.name, .other("type"), at: here)
        case .delete(let targets):
            for case .name(let name) in targets.map(\.kind) {
                values[name] = nil
                locations[name] = nil
            }
        case .if(_, let body, let orelse), .while(_, let body, let orelse):
            markAssigned(in: body + orelse, reason: "assigned inside a conditional block at line \(here.line)")
        case .for(let target, _, let body, let orelse, _):
            markUnknown(target, reason: "loop variable at line \(here.line)", at: here)
            markAssigned(in: body + orelse, reason: "assigned inside a loop at line \(here.line)")
        case .with(let items, let body, _):
            for case let variable? in items.map(\.optionalVars) {
                markUnknown(variable, reason: "bound by a with statement at line \(here.line)", at: here)
            }
            markAssigned(in: body, reason: "assigned inside a with block at line \(here.line)")
        case .try(let body, let handlers, let orelse, let finalbody, _):
            markAssigned(
                in: body + handlers.flatMap(\.body) + orelse + finalbody,
                reason: "assigned inside a try statement at line \(here.line)")
        case .match(_, let cases):
            markAssigned(in: cases.flatMap(\.body), reason: "assigned inside a match statement at line \(here.line)")
        default:
            break
        }
    }

    private mutating func assign(_ target: Expression, _ value: Value, at location: SourceLocation) {
        switch target.kind {
        case .name(let name):
            bind(name, value, at: location)
        case .tuple(let elements), .list(let elements):
            if case .list(let items) = value, items.count == elements.count,
                !elements.contains(where: { if case .starred = $0.kind { return true } else { return false } })
            {
                for (element, item) in zip(elements, items) { assign(element, item, at: location) }
            } else {
                markUnknown(target, reason: "unpacked from a value of another shape at line \(location.line)", at: location)
            }
        default:
            break  // Attribute and subscript targets bind no module name.
        }
    }

    private mutating func markUnknown(_ target: Expression, reason: String, at location: SourceLocation) {
        switch target.kind {
        case .name(let name):
            bind(name, .unknown(.init(reason: reason, location: location)), at: location)
        case .tuple(let elements), .list(let elements):
            for element in elements { markUnknown(element, reason: reason, at: location) }
        case .starred(let inner):
            markUnknown(inner, reason: reason, at: location)
        default:
            break
        }
    }

    /// Every name bound anywhere inside `body` becomes unknown.
    private mutating func markAssigned(in body: [Statement], reason: String) {
        var inner = ModuleScope()
        inner.run(body)
        for (name, _) in inner.values {
            let location = inner.locations[name] ?? SourceLocation(line: 1, column: 1)
            bind(name, .unknown(.init(reason: reason, location: location)), at: location)
        }
    }

    /// The value of a literal expression, or why it cannot be known.
    func evaluate(_ expression: Expression) -> Value {
        switch expression.kind {
        case .constant(let constant):
            switch constant {
            case .string(let s): return .string(s)
            case .none: return .none
            case .true, .false: return .other("bool")
            case .int, .bigInt: return .other("int")
            case .float: return .other("float")
            case .imaginary: return .other("complex")
            case .bytes: return .other("bytes")
            case .ellipsis: return .other("ellipsis")
            }
        case .tuple(let items), .list(let items), .set(let items):
            var values: [Value] = []
            for item in items {
                let value = evaluate(item)
                if case .unknown = value { return value }
                values.append(value)
            }
            return .list(values)
        case .name(let name):
            if let value = values[name] { return value }
            return .unknown(.init(reason: "name '\(name)' is not defined at module level", location: expression.location))
        case .binOp(let left, .add, let right):
            let l = evaluate(left)
            let r = evaluate(right)
            if case .string(let a) = l, case .string(let b) = r { return .string(a + b) }
            if case .list(let a) = l, case .list(let b) = r { return .list(a + b) }
            if case .unknown = l { return l }
            if case .unknown = r { return r }
            return .unknown(.init(reason: "an expression Retort does not evaluate", location: expression.location))
        default:
            return .unknown(.init(reason: "an expression Retort does not evaluate", location: expression.location))
        }
    }
}
