import Foundation

/// The Python builtins a migration may call on literal data.
enum Builtins {
    static let names: Set<String> = [
        "len", "str", "int", "float", "bool", "list", "tuple", "dict", "set", "range", "enumerate", "zip", "sorted",
        "reversed", "print", "repr", "min", "max", "sum", "any", "all", "isinstance", "next",
    ]

    /// Exception classes, for `except` clauses and `suppress()`.
    static let exceptions: Set<String> = [
        "BaseException", "Exception", "RuntimeError", "NotImplementedError", "ValueError", "TypeError", "KeyError",
        "IndexError", "LookupError", "AttributeError", "ImportError", "ModuleNotFoundError", "OSError", "AssertionError",
    ]

    static func value(_ name: String) -> PyValue? {
        if names.contains(name) || exceptions.contains(name) { return .reference("builtins." + name) }
        if name == "__name__" { return .string("revision") }
        return nil
    }
}

extension Evaluator {
    mutating func callBuiltin(_ name: String, _ arguments: [PyValue], _ keywords: [LibraryObject.Keyword], line: Int) throws -> PyValue {
        if name == "print" { return .none }  // writes to the terminal, not to the database
        if let reason = arguments.lazy.compactMap(\.firstUnknown).first { return .unknown(reason) }
        let first = arguments.first
        func fail() -> PyValue { .unknown(unsupportedHere(line, "\(name)() of \(first?.typeName ?? "nothing")")) }
        switch name {
        case "len":
            switch first {
            case .string(let s)?: return .int(s.unicodeScalars.count)
            case .list(let items)?, .tuple(let items)?: return .int(items.count)
            case .dict(let entries)?: return .int(entries.count)
            default: return fail()
            }
        case "str":
            guard let first else { return .string("") }
            return PythonFormat.str(first).map(PyValue.string) ?? fail()
        case "repr":
            guard let first else { return fail() }
            return .string(PythonFormat.repr(first))
        case "int":
            switch first {
            case .int(let i)?: return .int(i)
            case .float(let f)?:
                // Int(f) traps outside Int's range (and on NaN/inf): refuse those instead.
                guard f.isFinite, let i = Int(exactly: f.rounded(.towardZero)) else { return fail() }
                return .int(i)
            case .bool(let b)?: return .int(b ? 1 : 0)
            case .string(let s)?: return Int(s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")).map(PyValue.int) ?? fail()
            default: return fail()
            }
        case "float":
            guard let first, let n = Self.number(first) else { return fail() }
            return .float(n)
        case "bool":
            return (first?.truth).map(PyValue.bool) ?? (first == nil ? .bool(false) : fail())
        case "list", "tuple", "set", "sorted", "reversed":
            var items = first.map { try? iterate($0, line: line) } ?? []
            guard var list = items else { return fail() }
            if name == "sorted" {
                guard let sorted = Self.sorted(list) else { return fail() }
                list = sorted
                if keywords.contains(where: { $0.name == "reverse" && $0.value.truth == true }) { list.reverse() }
            }
            if name == "reversed" { list.reverse() }
            if name == "set" { return makeSet(list, line: line) }
            items = list
            return name == "tuple" ? .tuple(list) : .list(list)
        case "dict":
            var entries: [PyValue.DictEntry] = []
            if let first {
                if case .dict(let existing) = first {
                    entries = existing
                } else {
                    guard let pairs = try? iterate(first, line: line) else { return fail() }
                    for pair in pairs {
                        guard let kv = pair.items, kv.count == 2 else { return fail() }
                        Self.store(&entries, kv[0], kv[1])
                    }
                }
            }
            for keyword in keywords { Self.store(&entries, .string(keyword.name), keyword.value) }
            return .dict(entries)
        case "range":
            let bounds = arguments.compactMap { if case .int(let i) = $0 { return i } else { return nil } }
            guard bounds.count == arguments.count, (1...3).contains(bounds.count) else { return fail() }
            let start = bounds.count > 1 ? bounds[0] : 0
            let stop = bounds.count > 1 ? bounds[1] : bounds[0]
            let step = bounds.count > 2 ? bounds[2] : 1
            guard step != 0 else { return fail() }
            let (span, overflow) = stop.subtractingReportingOverflow(start)
            guard !overflow, span.magnitude / step.magnitude <= UInt(Self.maxIterations) else {
                return .unknown(unsupportedHere(line, "a range of more than \(Self.maxIterations) numbers"))
            }
            return .list(Swift.stride(from: start, to: stop, by: step).map(PyValue.int))
        case "enumerate":
            guard let first, let items = try? iterate(first, line: line) else { return fail() }
            var start = 0
            if arguments.count > 1, case .int(let s) = arguments[1] { start = s }
            if case .int(let s)? = keywords.first(where: { $0.name == "start" })?.value { start = s }
            guard start <= Int.max - items.count else { return fail() }
            return .list(items.enumerated().map { .tuple([.int($0.offset + start), $0.element]) })
        case "zip":
            let lists = arguments.compactMap { try? iterate($0, line: line) }
            guard lists.count == arguments.count else { return fail() }
            let n = lists.map(\.count).min() ?? 0
            return .list((0..<n).map { i in .tuple(lists.map { $0[i] }) })
        case "min", "max", "sum", "any", "all":
            let items = arguments.count == 1 ? ((try? iterate(arguments[0], line: line)) ?? []) : arguments
            switch name {
            case "any": return items.allSatisfy({ $0.truth != nil }) ? .bool(items.contains { $0.truth == true }) : fail()
            case "all": return items.allSatisfy({ $0.truth != nil }) ? .bool(items.allSatisfy { $0.truth == true }) : fail()
            case "sum":
                let numbers = items.compactMap { if case .int(let i) = $0 { return i } else { return nil } }
                guard numbers.count == items.count else { return fail() }
                var total = 0
                for n in numbers {
                    let (next, overflow) = total.addingReportingOverflow(n)
                    if overflow { return .unknown(unsupportedHere(line, "an integer too large to follow (a sum)")) }
                    total = next
                }
                return .int(total)
            default:
                guard let sorted = Self.sorted(items), !sorted.isEmpty else { return fail() }
                return name == "min" ? sorted[0] : sorted[sorted.count - 1]
            }
        case "next":
            // Comprehensions are followed whole, so `next(x for x in xs if ...)` is the first
            // item left; with none left, the default, or StopIteration (not followed).
            guard let first, let items = try? iterate(first, line: line) else { return fail() }
            if let item = items.first { return item }
            guard arguments.count > 1 else { return .unknown(unsupportedHere(line, "next() of an empty iterator raises StopIteration")) }
            return arguments[1]
        case "isinstance":
            guard arguments.count == 2 else { return fail() }
            let classes = arguments[1].items ?? [arguments[1]]
            if case .reference("op.dialect") = arguments[0] { return dialectIsInstance(classes, line: line) }
            if case .object(let object) = arguments[0], let ancestors = ReflectedType.ancestors[object.kind] {
                // A reflected column type (HistoryInspector): its class and their bases.
                var known = true
                let hit = classes.contains { item in
                    guard case .reference(let name) = item else { known = false; return false }
                    if !name.hasPrefix("builtins."), !SchemaBuilder.isType(name), name != "sqlalchemy.TypeEngine" { known = false }
                    return ancestors.contains(name) || name == "sqlalchemy.TypeEngine"
                }
                return hit || known ? .bool(hit) : fail()
            }
            var result = false
            for case .reference(let name) in classes {
                switch (name, arguments[0]) {
                case ("builtins.str", .string), ("builtins.int", .int), ("builtins.float", .float),
                    ("builtins.bool", .bool), ("builtins.int", .bool), ("builtins.list", .list),
                    ("builtins.tuple", .tuple), ("builtins.dict", .dict):
                    result = true
                case (let n, _) where !n.hasPrefix("builtins."):
                    return fail()
                default:
                    break
                }
            }
            if case .object = arguments[0] { return fail() }
            if case .reference = arguments[0] { return fail() }
            return .bool(result)
        default:
            return fail()
        }
    }

    /// `isinstance(bind.dialect, SomeDialect)`: the offline dialect is SQLAlchemy's default
    /// one for the name (pysqlite, psycopg2), an instance of every dialect class of its
    /// package and of the engine's base classes, and of no other dialect's.
    func dialectIsInstance(_ classes: [PyValue], line: Int) -> PyValue {
        for item in classes {
            guard case .reference(let name) = item else {
                return .unknown(item.firstUnknown ?? unsupportedHere(line, "isinstance() of the dialect and a \(item.typeName)"))
            }
            let parts = name.split(separator: ".").map(String.init)
            guard let last = parts.last, last.lowercased().contains("dialect") else {
                return .unknown(unsupportedHere(line, "isinstance() of the dialect and \(name)"))
            }
            if parts.first == dialect || name.hasPrefix("sqlalchemy.engine.") { return .bool(true) }
        }
        return .bool(false)
    }

    /// Sorts ints/floats or strings; nil for anything Python would order differently.
    static func sorted(_ items: [PyValue]) -> [PyValue]? {
        let numbers = items.compactMap { item in number(item).map { (item, $0) } }
        if numbers.count == items.count { return numbers.sorted { $0.1 < $1.1 }.map(\.0) }
        let strings = items.compactMap(\.string)
        if strings.count == items.count {
            return strings.sorted { Array($0.unicodeScalars.map(\.value)).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
                .map(PyValue.string)
        }
        return nil
    }
}
