import Foundation

/// Expressions: literals, names, attributes, operators, comprehensions and f-strings.
/// Unknown operands give unknown results that carry the first reason along.
extension Evaluator {
    mutating func evaluate(_ expression: Expression) throws -> PyValue {
        let line = expression.location.line
        switch expression.kind {
        case .constant(let constant):
            return Self.value(of: constant, path: path, line: line)
        case .name(let name):
            return lookup(name, line: line)
        case .list(let items):
            return .list(try evaluateSpread(items))
        case .tuple(let items):
            return .tuple(try evaluateSpread(items))
        case .set(let items):
            return makeSet(try evaluateSpread(items), line: line)
        case .dict(let keys, let values):
            var entries: [PyValue.DictEntry] = []
            for (key, value) in zip(keys, values) {
                let v = try evaluate(value)
                if let key {
                    Self.store(&entries, try evaluate(key), v)
                } else if case .dict(let more) = v {
                    for entry in more { Self.store(&entries, entry.key, entry.value) }
                } else {
                    return .unknown(v.firstUnknown ?? unsupportedHere(line, "** of a \(v.typeName)"))
                }
            }
            return .dict(entries)
        case .attribute(let base, let name):
            return attribute(try evaluate(base), name, line: line)
        case .subscript(let base, let index):
            return try item(of: try evaluate(base), index, line: line)
        case .call(let function, let arguments, let keywords):
            return try evaluateCall(function, arguments, keywords, line: line)
        case .binOp(let left, let op, let right):
            return try binary(try evaluate(left), op, try evaluate(right), line: line)
        case .unaryOp(let op, let operand):
            return unary(op, try evaluate(operand), line: line)
        case .boolOp(let op, let operands):
            var result: PyValue = .none
            for operand in operands {
                result = try evaluate(operand)
                guard let truth = result.truth else { return result.firstUnknown.map { .unknown($0) } ?? result }
                if op == .and ? !truth : truth { return result }
            }
            return result
        case .compare(let first, let operators, let comparators):
            var left = try evaluate(first)
            for (op, next) in zip(operators, comparators) {
                let right = try evaluate(next)
                let result = compare(left, op, right, line: line)
                guard case .bool(true) = result else { return result }
                left = right
            }
            return .bool(true)
        case .ifExp(let test, let body, let orelse):
            let condition = try evaluate(test)
            guard let truth = condition.truth else {
                return .unknown(condition.firstUnknown ?? unsupportedHere(line, "a conditional on an unknown value"))
            }
            return try evaluate(truth ? body : orelse)
        case .joinedStr(let parts):
            var text = ""
            for part in parts {
                let value = try evaluate(part)
                guard case .string(let s) = value else {
                    return .unknown(value.firstUnknown ?? unsupportedHere(line, "an f-string field"))
                }
                text += s
                if text.utf8.count > Self.maxStringLength { return tooLong(line) }
            }
            return .string(text)
        case .formattedValue(let value, let conversion, let spec):
            let v = try evaluate(value)
            if let reason = v.firstUnknown { return .unknown(reason) }
            var specText = ""
            if let spec {
                guard case .string(let s) = try evaluate(spec) else { return .unknown(unsupportedHere(line, "a format spec")) }
                specText = s
            }
            let converted: PyValue = conversion == "r" || conversion == "a" ? .string(PythonFormat.repr(v)) : v
            guard let text = PythonFormat.format(converted, spec: specText) else {
                return .unknown(unsupportedHere(line, "the format spec '\(specText)' for \(v.typeName)"))
            }
            return .string(text)
        case .listComp(let element, let generators), .generatorExp(let element, let generators):
            var results: [PyValue] = []
            try comprehend(generators[...]) { evaluator in results.append(try evaluator.evaluate(element)) }
            return .list(results)
        case .setComp(let element, let generators):
            var results: [PyValue] = []
            try comprehend(generators[...]) { evaluator in results.append(try evaluator.evaluate(element)) }
            return makeSet(results, line: line)
        case .dictComp(let key, let value, let generators):
            var entries: [PyValue.DictEntry] = []
            try comprehend(generators[...]) { evaluator in
                Self.store(&entries, try evaluator.evaluate(key), try evaluator.evaluate(value))
            }
            return .dict(entries)
        case .starred:
            return .unknown(unsupportedHere(line, "a starred expression here"))
        case .namedExpr(let target, let value):
            let result = try evaluate(value)
            try assign(result, to: target)
            return result
        case .lambda(let arguments, let body):
            // A lambda is a function whose body returns one expression.
            let definition = FunctionDef(
                name: "<lambda>", arguments: arguments, body: [Statement(.return(body), at: expression.location)],
                decorators: [], returns: nil, isAsync: false)
            return .function(ScriptFunction(definition: definition, line: line, scope: scope))
        case .yield(let value) where contextManagers.last?.depth == callDepth:
            return try resumeWithBlock(yielding: try value.map { try evaluate($0) } ?? .none, line: line)
        case .await, .yield, .yieldFrom:
            return .unknown(unsupportedHere(line, "await/yield"))
        case .slice:
            return .unknown(unsupportedHere(line, "a slice here"))
        }
    }

    /// Items of a list or tuple display, with `*spread` items expanded.
    mutating func evaluateSpread(_ items: [Expression]) throws -> [PyValue] {
        var result: [PyValue] = []
        for item in items {
            if case .starred(let inner) = item.kind {
                let value = try evaluate(inner)
                guard let spread = value.items else {
                    result.append(.unknown(value.firstUnknown ?? unsupportedHere(item.location.line, "* of a \(value.typeName)")))
                    continue
                }
                result.append(contentsOf: spread)
            } else {
                result.append(try evaluate(item))
            }
        }
        return result
    }

    /// Runs `body` once per combination of the comprehension's loops, in a scope of its own.
    mutating func comprehend(_ generators: ArraySlice<Comprehension>, _ body: (inout Evaluator) throws -> Void) throws {
        guard let first = generators.first else {
            try body(&self)
            return
        }
        let saved = frames.last ?? globals
        defer {
            if frames.isEmpty { globals = saved } else { frames[frames.count - 1] = saved }
        }
        for item in try iterate(try evaluate(first.iter), line: first.iter.location.line) {
            iterations += 1
            if iterations > Self.maxIterations {
                throw Flow.stop(unsupportedHere(first.iter.location.line, "a comprehension too long to follow"))
            }
            try assign(item, to: first.target)
            var keep = true
            for condition in first.ifs {
                let value = try evaluate(condition)
                guard let truth = value.truth else {
                    throw Flow.stop(value.firstUnknown ?? unsupportedHere(condition.location.line, "a condition on an unknown value"))
                }
                if !truth { keep = false }
            }
            if keep { try comprehend(generators.dropFirst(), body) }
        }
    }

    static func store(_ entries: inout [PyValue.DictEntry], _ key: PyValue, _ value: PyValue) {
        if let i = entries.firstIndex(where: { equal($0.key, key) == true }) {
            entries[i].value = value
        } else {
            entries.append(PyValue.DictEntry(key: key, value: value))
        }
    }

    static func value(of constant: Constant, path: String, line: Int) -> PyValue {
        switch constant {
        case .none: return .none
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .int(let i): return .int(i)
        case .float(let f): return .float(f)
        case .string(let s): return .string(s)
        case .bytes(let b): return .bytes(b)
        case .bigInt(let digits):
            return .unknown(Unsupported(path: path, line: line, reason: "an integer too large to follow (\(digits.prefix(20))...)"))
        case .imaginary: return .unknown(Unsupported(path: path, line: line, reason: "a complex number"))
        case .ellipsis: return .unknown(Unsupported(path: path, line: line, reason: "Ellipsis"))
        }
    }

    // MARK: Attributes and items

    func attribute(_ base: PyValue, _ name: String, line: Int) -> PyValue {
        switch base {
        case .unknown:
            return base
        case .module(let scope):
            return member(name, of: scope, line: line)
        case .reference(let qualified):
            // Every name below is under `op.`: most references (`sqlalchemy.*`) skip them.
            guard qualified.hasBytePrefix("op.") else { return .reference(KnownNames.canonical(qualified + "." + name)) }
            // What the dialect checks ask: the connection's dialect name.
            switch (qualified, name) {
            case ("op.bind", "dialect"), ("op.context", "dialect"):
                return .reference("op.dialect")
            case ("op.bind", "engine"):
                return .reference("op.bind")  // an engine answers the same dialect questions
            case ("op.dialect", "name"):
                return .string(dialect)
            case ("op.dialect", "dialect_description") where offline:
                // Offline, the URL names no driver: SQLAlchemy 2.1's default one for the dialect.
                let driver = ["postgresql": "psycopg", "sqlite": "pysqlite", "mysql": "mysqldb"][dialect]
                if let driver { return .string(dialect + "+" + driver) }
            case ("op.bind", "name"):
                return .string(dialect)
            case ("op.dialect", "type_descriptor"):
                return .reference("dialect.type_descriptor")  // a TypeDecorator's load_dialect_impl
            case ("op.bind", "execute"), ("op.context", "autocommit_block"), ("op.context", "execute"):
                return .reference(qualified + "." + name)
            case ("op.context", "bind"), ("op.context", "connection"):
                return .reference("op.bind")
            case ("op.context", "as_sql"):
                return .bool(offline)  // MigrationContext.as_sql: whether it writes SQL instead of running it
            default:
                break
            }
            if qualified.hasBytePrefix("op.bind") || qualified.hasBytePrefix("op.context") || qualified == "op.dialect" {
                return .unknown(
                    unsupportedHere(line, "\(qualified.replacingOccurrences(of: "op.", with: "the connection's ")).\(name) is known only when the migration runs"))
            }
            return .reference(KnownNames.canonical(qualified + "." + name))
        case .object(let object) where object.kind == "op.query_result":
            return .unknown(
                unsupportedHere(object.line, "the result of the query at line \(object.line) (known only when the migration runs)"))
        case .object(let object) where object.kind == Self.inspectorKind:
            return inspectorAttribute(base, name, line: line)
        case .object(let object) where object.kind == Self.rowKind:
            return rowAttribute(object, name, line: line) ?? .unknown(unsupportedHere(line, "the attribute .\(name) of a row"))
        case .object(let object) where object.kind == Self.instanceKind:
            return object.keyword(name)
                ?? .unknown(unsupportedHere(line, "the attribute .\(name) of a \(object.arguments.first?.string ?? "") instance"))
        case .object(let object) where object.kind == Self.rowsKind || object.kind == Self.scalarsKind:
            return .method(receiver: base, name: name)
        case .object(let object) where object.kind == Self.enumClassKind:
            guard let member = object.keyword(name) else {
                return .unknown(unsupportedHere(line, "the attribute .\(name) of the enum class \(object.arguments.first?.string ?? "")"))
            }
            return Self.enumMember(name, member, line: line)
        case .object(let object) where object.kind == Self.enumMemberKind && (name == "name" || name == "value"):
            return object.arguments[name == "name" ? 0 : 1]
        case .object, .method:
            return .method(receiver: base, name: name)
        case .string, .list, .dict, .int, .float, .tuple, .bytes:
            return .method(receiver: base, name: name)
        default:
            return .unknown(unsupportedHere(line, "the attribute .\(name) of \(base.typeName)"))
        }
    }

    mutating func item(of base: PyValue, _ indexExpression: Expression, line: Int) throws -> PyValue {
        if case .slice(let lower, let upper, let step) = indexExpression.kind {
            let bounds = try [lower, upper, step].map { try $0.map { try evaluate($0) } }
            func int(_ v: PyValue?) -> Int?? {
                guard let v else { return .some(nil) }
                if case .int(let i) = v { return .some(i) }
                if case .none = v { return .some(nil) }
                return nil
            }
            guard let lo = int(bounds[0]), let hi = int(bounds[1]), let st = int(bounds[2]), st == nil || st == 1 else {
                return .unknown(unsupportedHere(line, "this slice"))
            }
            func slice<T>(_ items: [T]) -> [T] {
                let n = items.count
                let a = max(0, min(n, lo.map { $0 < 0 ? n + $0 : $0 } ?? 0))
                let b = max(0, min(n, hi.map { $0 < 0 ? n + $0 : $0 } ?? n))
                return a < b ? Array(items[a..<b]) : []
            }
            switch base {
            case .list(let items): return .list(slice(items))
            case .tuple(let items): return .tuple(slice(items))
            case .string(let s): return .string(String(slice(Array(s))))
            default: return .unknown(base.firstUnknown ?? unsupportedHere(line, "slicing \(base.typeName)"))
            }
        }
        let index = try evaluate(indexExpression)
        if let reason = index.firstUnknown { return .unknown(reason) }
        switch (base, index) {
        case (.list(let items), .int(let i)), (.tuple(let items), .int(let i)):
            guard let k = Self.index(i, count: items.count) else { return .unknown(unsupportedHere(line, "index out of range")) }
            return items[k]
        case (.string(let s), .int(let i)):
            let characters = Array(s)
            guard let k = Self.index(i, count: characters.count) else { return .unknown(unsupportedHere(line, "index out of range")) }
            return .string(String(characters[k]))
        case (.dict(let entries), _):
            guard let entry = entries.first(where: { Self.equal($0.key, index) == true }) else {
                return .unknown(unsupportedHere(line, "KeyError: \(PythonFormat.repr(index))"))
            }
            return entry.value
        case (.reference("os.environ"), .string(let key)):
            // The environment the migration runs in; a missing name is Python's KeyError.
            readsOutsideScript = true
            guard let value = ProcessInfo.processInfo.environment[key] else {
                let exception = RaisedException(type: "KeyError", message: PythonFormat.repr(index))
                throw Flow.raised(exception, unsupportedHere(line, "os.environ[\(PythonFormat.repr(index))] is not set (KeyError)"))
            }
            return .string(value)
        case (.reference("os.environ"), _):
            return .unknown(unsupportedHere(line, "os.environ[] of a \(index.typeName)"))
        case (.reference, _):
            // Type subscripts in annotations (`Union[str, None]`) and `sa.ARRAY[...]`: keep the base.
            return base
        case (.object(let row), .int(let i)) where row.kind == Self.rowKind:
            let n = i < 0 ? row.arguments.count + i : i
            guard n >= 0, n < row.arguments.count else { return .unknown(unsupportedHere(line, "IndexError: row index out of range")) }
            return row.arguments[n]
        case (.object(let row), _) where row.kind == Self.rowKind:
            return .unknown(unsupportedHere(line, "a row indexed by \(index.typeName) (use row._mapping)"))
        case (.object, _), (.method, _):
            return .object(LibraryObject(kind: "[]", arguments: [index], receiver: base, line: line))
        default:
            return .unknown(base.firstUnknown ?? unsupportedHere(line, "indexing \(base.typeName)"))
        }
    }

    // MARK: Operators

    func binary(_ left: PyValue, _ op: BinaryOperator, _ right: PyValue, line: Int) throws -> PyValue {
        if let reason = left.firstUnknown ?? right.firstUnknown { return .unknown(reason) }
        switch (left, op, right) {
        case (.int(let a), _, .int(let b)):
            if op == .div, b != 0 { return .float(Double(a) / Double(b)) }
            switch Self.integer(a, op, b) {
            case .value(let result): return .int(result)
            case .tooLarge: return .unknown(unsupportedHere(line, "an integer too large to follow (\(a) \(op.rawValue) \(b))"))
            case .undefined: break
            }
        case (.float, _, _), (_, _, .float):
            guard let a = Self.number(left), let b = Self.number(right) else { break }
            switch op {
            case .add: return .float(a + b)
            case .sub: return .float(a - b)
            case .mult: return .float(a * b)
            case .div where b != 0: return .float(a / b)
            case .pow where a > 0 || b == b.rounded(): return .float(Foundation.pow(a, b))
            default: break
            }
        case (.string(let a), .add, .string(let b)):
            return sized(a + b, line: line)
        case (.string(let a), .mult, .int(let n)), (.int(let n), .mult, .string(let a)):
            guard n > 0, !a.isEmpty else { return .string("") }
            let (size, overflow) = n.multipliedReportingOverflow(by: a.utf8.count)
            guard !overflow, size <= Self.maxStringLength else { return tooLong(line) }
            return .string(String(repeating: a, count: n))
        case (.string(let format), .mod, _):
            guard let text = PythonFormat.percent(format, right) else {
                return .unknown(unsupportedHere(line, "this %-format"))
            }
            return sized(text, line: line)
        case (.list(let a), .add, .list(let b)):
            return a.count + b.count <= Self.maxItems ? .list(a + b) : tooMany(line)
        case (.tuple(let a), .add, .tuple(let b)):
            return a.count + b.count <= Self.maxItems ? .tuple(a + b) : tooMany(line)
        case (.list(let a), .mult, .int(let n)), (.int(let n), .mult, .list(let a)):
            guard n > 0, !a.isEmpty else { return .list([]) }
            let (size, overflow) = n.multipliedReportingOverflow(by: a.count)
            guard !overflow, size <= Self.maxItems else { return tooMany(line) }
            return .list(Array([[PyValue]](repeating: a, count: n).joined()))
        case (.object, _, _), (_, _, .object), (.method, _, _), (_, _, .method):
            // SQL expressions: `t.c.x + 1`, `col.op(...)`.
            return .object(LibraryObject(kind: op.rawValue, arguments: [left, right], line: line))
        default:
            break
        }
        return .unknown(unsupportedHere(line, "\(left.typeName) \(op.rawValue) \(right.typeName)"))
    }

    func unary(_ op: UnaryOperator, _ operand: PyValue, line: Int) -> PyValue {
        if let reason = operand.firstUnknown { return .unknown(reason) }
        switch (op, operand) {
        case (.not, _):
            if let truth = operand.truth { return .bool(!truth) }
            return .object(LibraryObject(kind: "not", arguments: [operand], line: line))
        case (.uSub, .int(let i)):
            return i == Int.min ? .unknown(unsupportedHere(line, "an integer too large to follow (-(\(i)))")) : .int(-i)
        case (.invert, .int(let i)): return .int(~i)
        case (.uSub, .float(let f)): return .float(-f)
        case (.uAdd, .int), (.uAdd, .float): return operand
        case (_, .object), (_, .method): return .object(LibraryObject(kind: "unary" + op.rawValue, arguments: [operand], line: line))
        default: return .unknown(unsupportedHere(line, "\(op.rawValue) \(operand.typeName)"))
        }
    }

    func compare(_ left: PyValue, _ op: CompareOperator, _ right: PyValue, line: Int) -> PyValue {
        if let reason = left.firstUnknown ?? right.firstUnknown { return .unknown(reason) }
        if op == .is || op == .isNot, case .none = left, case .none = right { return .bool(op == .is) }
        if op == .is || op == .isNot, left.isNone || right.isNone {
            // `is` cannot be overloaded: a library object or a method is never None.
            return .bool(op == .isNot)
        }
        switch (left, right) {
        case (.object, _), (_, .object), (.method, _), (_, .method):
            // A SQL comparison (`t.c.id == 1`), kept for the renderer.
            return .object(LibraryObject(kind: op.rawValue, arguments: [left, right], line: line))
        default:
            break
        }
        switch op {
        case .eq, .is: return Self.equal(left, right).map(PyValue.bool) ?? .unknown(unsupportedHere(line, "comparing \(left.typeName)"))
        case .notEq, .isNot:
            return Self.equal(left, right).map { .bool(!$0) } ?? .unknown(unsupportedHere(line, "comparing \(left.typeName)"))
        case .in, .notIn:
            let found: Bool?
            switch right {
            case .list(let items), .tuple(let items): found = items.contains { Self.equal($0, left) == true }
            case .dict(let entries): found = entries.contains { Self.equal($0.key, left) == true }
            case .string(let s): found = left.string.map { s.contains($0) }
            default: found = nil
            }
            guard let found else { return .unknown(unsupportedHere(line, "`in` on \(right.typeName)")) }
            return .bool(op == .in ? found : !found)
        case .lt, .ltE, .gt, .gtE:
            let order: Int?
            if let a = Self.number(left), let b = Self.number(right) {
                order = a < b ? -1 : a > b ? 1 : 0
            } else if case .string(let a) = left, case .string(let b) = right {
                order = a < b ? -1 : a > b ? 1 : 0
            } else {
                order = nil
            }
            guard let order else { return .unknown(unsupportedHere(line, "ordering \(left.typeName) and \(right.typeName)")) }
            switch op {
            case .lt: return .bool(order < 0)
            case .ltE: return .bool(order <= 0)
            case .gt: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        }
    }

    static func number(_ value: PyValue) -> Double? {
        switch value {
        case .int(let i): return Double(i)
        case .float(let f): return f
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// Python's `==` on plain data; nil for things it cannot decide.
    static func equal(_ a: PyValue, _ b: PyValue) -> Bool? {
        switch (a, b) {
        case (.none, .none): return true
        case (.none, _), (_, .none): return false
        case (.string(let x), .string(let y)): return x == y
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.list(let x), .list(let y)), (.tuple(let x), .tuple(let y)):
            guard x.count == y.count else { return false }
            for (p, q) in zip(x, y) {
                guard let same = equal(p, q) else { return nil }
                if !same { return false }
            }
            return true
        case (.reference(let x), .reference(let y)): return x == y
        default:
            if let x = number(a), let y = number(b) { return x == y }
            switch (a, b) {
            case (.string, .int), (.string, .float), (.string, .bool), (.int, .string), (.float, .string), (.bool, .string),
                (.string, .list), (.list, .string), (.string, .tuple), (.tuple, .string), (.list, .tuple), (.tuple, .list):
                return false
            default: return nil
            }
        }
    }
}

extension Evaluator {
    /// A Python set of `items`: each value once (a set is kept as a list of its items).
    /// Python iterates a set in hash order, not in the order written; the line is kept
    /// (see FunctionEvaluation.unorderedSets).
    mutating func makeSet(_ items: [PyValue], line: Int) -> PyValue {
        if let reason = items.lazy.compactMap(\.firstUnknown).first { return .unknown(reason) }
        var unique: [PyValue] = []
        for item in items {
            var seen = false
            for kept in unique {
                guard let same = Self.equal(kept, item) else {
                    return .unknown(unsupportedHere(line, "a set of values Retort cannot compare (\(item.typeName))"))
                }
                if same { seen = true; break }
            }
            if !seen { unique.append(item) }
        }
        let at = scriptLine ?? line
        if unique.count > 1, !unorderedSets.contains(at) { unorderedSets.append(at) }
        return .list(unique)
    }
}
