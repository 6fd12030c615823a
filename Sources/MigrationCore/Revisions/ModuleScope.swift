/// The module-level names of a script and the values known for them without running it.
///
/// Statements run in order, as Python would run them on import: a later assignment
/// replaces an earlier one, imports bind names whose values are unknown, and names bound
/// inside `if`, `try`, loops or `with` blocks are unknown because which branch runs
/// cannot be decided here.
struct ModuleScope {
    /// Why a value is unknown, and where it came from.
    struct Unknown: Equatable {
        /// Kept as parts and spelled out only when a warning is shown: most scripts
        /// import names that no metadata field uses.
        enum Cause: Equatable {
            case imported(from: String, level: Int)
            case other(String)
        }

        var cause: Cause
        var location: SourceLocation

        init(reason: String, location: SourceLocation) {
            cause = .other(reason)
            self.location = location
        }

        init(_ cause: Cause, location: SourceLocation) {
            self.cause = cause
            self.location = location
        }

        var reason: String {
            switch cause {
            case .imported(let module, let level): return "imported from " + String(repeating: ".", count: level) + module
            case .other(let text): return text
            }
        }
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

    /// Each bound name's value and the place of the statement that bound it.
    private var bindings: [String: (value: Value, location: SourceLocation)] = Dictionary(minimumCapacity: 16)

    /// The value bound to `name` at the end of the module.
    subscript(value name: String) -> Value? { bindings[name]?.value }

    /// Where `name` was last bound.
    subscript(location name: String) -> SourceLocation? { bindings[name]?.location }

    /// Every bound name.
    var names: Dictionary<String, (value: Value, location: SourceLocation)>.Keys { bindings.keys }

    mutating func run(_ body: [Statement]) {
        for statement in body { run(statement) }
    }

    private mutating func bind(_ name: String, _ value: Value, at location: SourceLocation) {
        bindings[name] = (value, location)
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
                // `import a.b` binds `a`.
                let name = alias.asName ?? alias.name.utf8.firstIndex(of: UInt8(ascii: ".")).map { String(alias.name[..<$0]) } ?? alias.name
                bind(name, .unknown(.init(.imported(from: alias.name, level: 0), location: here)), at: here)
            }
        case .importFrom(let module, let aliases, let level):
            for alias in aliases where alias.name != "*" {
                bind(
                    alias.asName ?? alias.name,
                    .unknown(.init(.imported(from: module ?? "", level: level), location: here)), at: here)
            }
        case .functionDef(let function):
            bind(function.name, .other("function"), at: here)
        case .classDef(let cls):
            bind(cls.name, .other("type"), at: here)
        case .delete(let targets):
            for case .name(let name) in targets.map(\.kind) { bindings[name] = nil }
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
        for (name, binding) in inner.bindings {
            bind(name, .unknown(.init(reason: reason, location: binding.location)), at: binding.location)
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
            if let value = bindings[name]?.value { return value }
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
