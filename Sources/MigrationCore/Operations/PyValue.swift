/// A value the evaluator computed from a script without running it.
///
/// Plain Python data is kept as data. Things from SQLAlchemy and Alembic are kept
/// symbolically: a module or class is a `reference` by its canonical dotted name, and
/// calling one gives an `object` recording the call, which the operation builder and the
/// SQL renderers later read the way SQLAlchemy would. A value that cannot be known is
/// `unknown`, carrying the reason, so that using it reports where the trouble started.
public indirect enum PyValue: Sendable {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case list([PyValue])
    case tuple([PyValue])
    case dict([DictEntry])
    /// A module, class or function of a known library, e.g. `sqlalchemy.Column`.
    case reference(String)
    /// The result of calling a known library callable, or of a method/operator on one.
    case object(LibraryObject)
    /// A function defined in the script (or in a project module it imports).
    case function(ScriptFunction)
    /// A module of the project's own code.
    case module(ProjectModule)
    /// A method of an object or of a plain value, not yet called (`"a,b".split`).
    case method(receiver: PyValue, name: String)
    case unknown(Unsupported)

    public struct DictEntry: Sendable {
        public var key: PyValue
        public var value: PyValue
    }

    /// Python's `type(x).__name__`, for messages.
    public var typeName: String {
        switch self {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "str"
        case .bytes: return "bytes"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .reference(let name): return name
        case .object(let object): return object.kind
        case .function: return "function"
        case .module: return "module"
        case .method: return "method"
        case .unknown: return "unknown value"
        }
    }

    /// Python's truth value; nil when it cannot be known.
    public var truth: Bool? {
        switch self {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let f): return f != 0
        case .string(let s): return !s.isEmpty
        case .bytes(let b): return !b.isEmpty
        case .list(let items), .tuple(let items): return !items.isEmpty
        case .dict(let entries): return !entries.isEmpty
        case .reference, .function, .method, .module: return true
        case .object, .unknown: return nil
        }
    }

    /// The items of a list or tuple.
    public var items: [PyValue]? {
        switch self {
        case .list(let items), .tuple(let items): return items
        default: return nil
        }
    }

    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var object: LibraryObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    enum Nesting: Equatable {
        case within
        /// Deeper than the limit.
        case tooDeep
        /// The budget of visited values ran out.
        case tooLarge
    }

    /// Whether the value nests containers and library objects no deeper than `limit`,
    /// visiting at most `budget` of them (the budget is shared and spent).
    func nesting(limit: Int, budget: inout Int) -> Nesting {
        func visit(_ value: PyValue, _ depth: Int) -> Nesting {
            let children: [PyValue]
            switch value {
            case .list(let items), .tuple(let items): children = items
            case .dict(let entries): children = entries.flatMap { [$0.key, $0.value] }
            case .object(let object):
                children = object.arguments + object.keywords.map(\.value) + (object.receiver.map { [$0] } ?? [])
            case .method(let receiver, _): children = [receiver]
            default: return .within
            }
            budget -= 1
            if budget < 0 { return .tooLarge }
            if depth >= limit { return .tooDeep }
            for child in children {
                let result = visit(child, depth + 1)
                if result != .within { return result }
            }
            return .within
        }
        return visit(self, 0)
    }

    /// The reason this value, or the first unknown inside it, cannot be known.
    public var firstUnknown: Unsupported? {
        switch self {
        case .unknown(let reason): return reason
        case .list(let items), .tuple(let items): return items.lazy.compactMap(\.firstUnknown).first
        case .dict(let entries):
            return entries.lazy.compactMap { $0.key.firstUnknown ?? $0.value.firstUnknown }.first
        case .object(let object): return object.firstUnknown
        case .method(let receiver, _): return receiver.firstUnknown
        default: return nil
        }
    }
}

/// A call of a known library callable (or a method or operator on such a result), kept
/// as written: the callable's canonical name, its arguments, and the line of the call.
public struct LibraryObject: Sendable {
    /// `sqlalchemy.Column`, `sqlalchemy.String`, `postgresql.ENUM`; for methods and
    /// operators a leading dot or the operator: `.update`, `.where`, `==`, `.c`.
    public var kind: String
    public var arguments: [PyValue]
    public var keywords: [Keyword]
    /// For methods: the object the method was called on.
    public var receiver: PyValue?
    public var line: Int

    public struct Keyword: Sendable {
        public var name: String
        public var value: PyValue
    }

    public init(kind: String, arguments: [PyValue] = [], keywords: [Keyword] = [], receiver: PyValue? = nil, line: Int) {
        self.kind = kind
        self.arguments = arguments
        self.keywords = keywords
        self.receiver = receiver
        self.line = line
    }

    /// The keyword argument `name`, if given.
    public func keyword(_ name: String) -> PyValue? { keywords.last(where: { $0.name == name })?.value }

    var firstUnknown: Unsupported? {
        arguments.lazy.compactMap(\.firstUnknown).first ?? keywords.lazy.compactMap(\.value.firstUnknown).first
            ?? receiver?.firstUnknown
    }
}

/// A function defined in the script, callable with arguments.
public struct ScriptFunction: Sendable {
    public var definition: FunctionDef
    public var line: Int
    /// The project module that defines it; nil for the revision script's own functions.
    public var scope: ProjectModule?
    /// Decorated with `contextlib.contextmanager`: a `with` runs its block at the `yield`.
    public var isContextManager = false
}

/// Why part of a script cannot be interpreted: where, and the construct.
public struct Unsupported: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var reason: String

    public init(path: String, line: Int, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(path):\(line): \(reason)" }

    /// `line 18` in the revision script at `script`, or `path:line` in another file (a
    /// project module the script imports).
    public func location(in script: String?) -> String {
        script == nil || script == path ? "line \(line)" : "at \(path):\(line)"
    }
}
