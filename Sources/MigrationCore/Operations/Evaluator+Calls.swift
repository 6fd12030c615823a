import Foundation

/// Calls: Alembic operations (recorded), SQLAlchemy constructors (kept as objects),
/// functions of the script (run with their arguments), and the Python builtins and
/// string/list/dict methods that migrations use on literal data.
extension Evaluator {
    /// The operations of `op` that the evaluator records.
    static let operations: Set<String> = [
        "create_table", "drop_table", "rename_table", "add_column", "drop_column", "alter_column",
        "create_index", "drop_index", "create_unique_constraint", "create_check_constraint", "create_foreign_key",
        "create_primary_key", "drop_constraint", "create_table_comment", "drop_table_comment", "execute",
        "bulk_insert", "create_exclude_constraint",
    ]

    mutating func evaluateCall(_ callee: Expression, _ argumentExpressions: [Expression], _ keywordExpressions: [Keyword], line: Int)
        throws -> PyValue
    {
        // Methods that change a local list or dict in place.
        if case .attribute(let base, let method) = callee.kind, case .name(let name) = base.kind,
            ["append", "extend", "insert", "update", "setdefault"].contains(method)
        {
            let current = lookup(name, line: line)
            if case .list = current, let result = try mutateList(name, current, method, argumentExpressions, line: line) {
                return result
            }
            if case .dict = current, let result = try mutateDict(name, current, method, argumentExpressions, keywordExpressions, line: line) {
                return result
            }
        }
        let function = try evaluate(callee)
        let arguments = try evaluateSpread(argumentExpressions)
        var keywords: [LibraryObject.Keyword] = []
        for keyword in keywordExpressions {
            let value = try evaluate(keyword.value)
            if let name = keyword.name {
                keywords.append(LibraryObject.Keyword(name: name, value: value))
            } else if case .dict(let entries) = value {
                for entry in entries {
                    guard case .string(let key) = entry.key else { return .unknown(unsupportedHere(line, "** with a non-string key")) }
                    keywords.append(LibraryObject.Keyword(name: key, value: entry.value))
                }
            } else {
                return .unknown(value.firstUnknown ?? unsupportedHere(line, "** of a \(value.typeName)"))
            }
        }
        return try call(function, arguments: arguments, keywords: keywords, line: line)
    }

    mutating func call(_ function: PyValue, arguments: [PyValue], keywords: [LibraryObject.Keyword], line: Int) throws
        -> PyValue
    {
        switch function {
        case .function(let f):
            return try call(f, arguments: arguments, keywords: keywords, line: line)
        case .reference(let name):
            return try callReference(name, arguments, keywords, line: line)
        case .method(let receiver, let name):
            return try callMethod(receiver, name, arguments, keywords, line: line)
        case .unknown(let reason):
            return .unknown(reason)
        case .object(let object) where object.kind == Self.typeDecoratorKind:
            return try instantiate(object, arguments: arguments, keywords: keywords, line: line)
        case .object(let object) where object.kind == Self.userTypeKind:
            return try instantiateUserType(object, arguments: arguments, keywords: keywords, line: line)
        case .object(let object) where object.kind == Self.typeDecoratorSuperKind:
            return .object(object)  // `super()`: the proxy itself
        case .object(let object) where object.kind == Self.visitTypeKind:
            guard arguments.isEmpty, keywords.isEmpty else {
                return .unknown(unsupportedHere(line, "arguments to the type class \(object.arguments.first?.string ?? "")"))
            }
            return try instantiateVisitType(object, line: line)
        case .object(let object):
            return .unknown(unsupportedHere(line, "calling the result of \(object.kind)"))
        default:
            return .unknown(unsupportedHere(line, "calling a \(function.typeName)"))
        }
    }

    // MARK: Script functions

    /// `returningLocal`: the value of that local when the function ends instead of what it
    /// returns (an `__init__`'s `self`, with the attributes it set).
    mutating func call(
        _ function: ScriptFunction, arguments: [PyValue], keywords: [LibraryObject.Keyword], line: Int,
        returningLocal: String? = nil, locals: [String: PyValue] = [:]
    ) throws -> PyValue {
        let definition = function.definition
        guard callDepth < Self.maxCallDepth else {
            throw Flow.stop(unsupportedHere(line, "calls nested more than \(Self.maxCallDepth) deep"))
        }
        guard !definition.isAsync else { throw Flow.stop(unsupportedHere(line, "an async function")) }
        // A project module's function runs with that module's names, and what it records
        // is placed at the script's line that called into the module.
        let outer = (path: path, globals: globals, scope: scope, scriptLine: scriptLine)
        let switches = function.scope !== scope
        if switches {
            if scope == nil {
                home = (path, globals)
                scriptLine = line
            }
            if let target = function.scope {
                path = target.path
                globals = target.globals
            } else if let home {
                // Back in the script (a lambda of it called by a module's function).
                path = home.path
                globals = home.globals
                scriptLine = nil
            }
            scope = function.scope
        }
        defer {
            if switches {
                path = outer.path
                globals = outer.globals
                scope = outer.scope
                scriptLine = outer.scriptLine
            }
        }
        var frame = locals
        let parameters = definition.arguments.positionalOnly + definition.arguments.arguments
        let defaults = definition.arguments.defaults
        var remaining = arguments
        for (i, parameter) in parameters.enumerated() {
            if !remaining.isEmpty {
                frame[parameter.name] = remaining.removeFirst()
            } else if let keyword = keywords.last(where: { $0.name == parameter.name }) {
                frame[parameter.name] = keyword.value
            } else if i >= parameters.count - defaults.count {
                frame[parameter.name] = try evaluate(defaults[i - (parameters.count - defaults.count)])
            } else {
                throw Flow.stop(unsupportedHere(line, "\(definition.name)() is missing the argument '\(parameter.name)'"))
            }
        }
        if let vararg = definition.arguments.vararg {
            frame[vararg.name] = .tuple(remaining)
        } else if !remaining.isEmpty {
            throw Flow.stop(unsupportedHere(line, "\(definition.name)() is given too many arguments"))
        }
        for (parameter, fallback) in zip(definition.arguments.keywordOnly, definition.arguments.keywordDefaults) {
            if let keyword = keywords.last(where: { $0.name == parameter.name }) {
                frame[parameter.name] = keyword.value
            } else if let fallback {
                frame[parameter.name] = try evaluate(fallback)
            } else {
                throw Flow.stop(unsupportedHere(line, "\(definition.name)() is missing the argument '\(parameter.name)'"))
            }
        }
        let named = Set((parameters + definition.arguments.keywordOnly).map(\.name))
        let extra = keywords.filter { !named.contains($0.name) }
        if let kwarg = definition.arguments.kwarg {
            frame[kwarg.name] = .dict(extra.map { PyValue.DictEntry(key: .string($0.name), value: $0.value) })
        } else if let first = extra.first {
            throw Flow.stop(unsupportedHere(line, "\(definition.name)() got an unexpected keyword argument '\(first.name)'"))
        }
        frames.append(frame)
        callDepth += 1
        defer {
            frames.removeLast()
            callDepth -= 1
        }
        do {
            try run(definition.body)
        } catch Flow.returned(let value) {
            if let local = returningLocal { return frames.last?[local] ?? .none }
            return value
        }
        if let local = returningLocal { return frames.last?[local] ?? .none }
        return .none
    }

    // MARK: Library callables

    mutating func callReference(_ name: String, _ arguments: [PyValue], _ keywords: [LibraryObject.Keyword], line: Int) throws
        -> PyValue
    {
        if name.hasPrefix("op.") || name == "op" {
            return try callOperation(String(name.dropFirst(3)), arguments, keywords, line: line)
        }
        if name == "context.get_context" { return .reference("op.context") }
        if name == "context.is_offline_mode" { return .bool(offline) }
        if name == "context.get_bind" { return .reference("op.bind") }
        if name == "dialect.type_descriptor" { return arguments.first ?? .none }
        if name.hasPrefix("builtins.") { return try callBuiltin(String(name.dropFirst(9)), arguments, keywords, line: line) }
        if name.hasPrefix("logging.") { return .reference("logging.Logger") }  // logging is ignored
        if name == "warnings.catch_warnings" {
            // Changes which warnings print, not what runs.
            return .object(LibraryObject(kind: "contextlib.nullcontext", line: line))
        }
        if name.hasPrefix("warnings.") { return .none }  // a warning is printed, nothing runs
        if name == "textwrap.dedent", arguments.count == 1, case .string(let text) = arguments[0] {
            return .string(PythonFormat.dedent(text))
        }
        if let reason = arguments.lazy.compactMap(\.firstUnknown).first ?? keywords.lazy.compactMap(\.value.firstUnknown).first {
            return .unknown(reason)
        }
        if Self.makesInspector(name), offline, guardDepth > 0, case .reference("op.bind")? = arguments.first {
            // Alembic's offline connection cannot be inspected: SQLAlchemy raises, and the
            // script's own `except` decides what `--sql` shows, so Retort raises too.
            let exception = RaisedException(
                type: "NoInspectionAvailable",
                message: "No inspection system is available for object of type <class 'sqlalchemy.engine.mock.MockConnection'>")
            throw Flow.raised(exception, unsupportedHere(line, "SQLAlchemy cannot inspect the connection offline (\(exception.type))"))
        }
        if Self.makesInspector(name), let inspector = inspector(arguments, line: line) { return inspector }
        if name == "os.environ.get" || name == "os.getenv" {
            // Python reads the environment the migration runs in: this process's.
            guard let key = arguments.first?.string ?? keywords.first(where: { $0.name == "key" })?.value.string else {
                return .unknown(unsupportedHere(line, "\(name)() of a name that is not a string"))
            }
            readsOutsideScript = true
            let fallback = arguments.count > 1 ? arguments[1] : keywords.first(where: { $0.name == "default" })?.value ?? .none
            return ProcessInfo.processInfo.environment[key].map(PyValue.string) ?? fallback
        }
        if name == Self.compilesKind {
            // A decorator: registered on the function it decorates (Evaluator+Classes).
            return .object(LibraryObject(kind: name, arguments: arguments, keywords: keywords, line: line))
        }
        if let refusal = KnownNames.refusal(for: name) { return .unknown(unsupportedHere(line, refusal)) }
        let root = name.split(separator: ".").first.map(String.init) ?? name
        switch root {
        case "sqlalchemy" where name == "sqlalchemy.Column":
            // A type class given uncalled (`sa.Column("at", UtcDateTime)`): SQLAlchemy makes
            // an instance with no arguments, and one whose loader decides needs the dialect.
            let arguments = try arguments.map { try instanceOfDecidingType($0, line: line) }
            let keywords = try keywords.map {
                $0.name == "type_" ? LibraryObject.Keyword(name: $0.name, value: try instanceOfDecidingType($0.value, line: line)) : $0
            }
            return .object(LibraryObject(kind: name, arguments: arguments, keywords: keywords, line: line))
        case "sqlalchemy", "postgresql", "sqlite", "mysql", "mssql", "oracle", "contextlib":
            return .object(LibraryObject(kind: name, arguments: arguments, keywords: keywords, line: line))
        case _ where LibraryTypes.roots.contains(root):
            switch LibraryTypes.make(name, arguments, keywords, dialect: dialect, line: line) {
            case .success(let type)?: return .object(type)
            case .failure(let refusal)?: return .unknown(unsupportedHere(line, refusal.reason))
            case nil: return .unknown(unsupportedHere(line, "\(name)() is not supported"))
            }
        case "datetime", "decimal", "uuid":
            // Values such as `datetime.date(2020, 2, 29)` and `decimal.Decimal("9.95")` are
            // kept as calls: the SQL layer writes them as literals (and refuses the ones
            // known only when the migration runs, such as `datetime.now()`).
            return .object(LibraryObject(kind: name, arguments: arguments, keywords: keywords, line: line))
        default:
            return .unknown(unsupportedHere(line, "\(name)() is not supported"))
        }
    }

    /// `op.X(...)`: operations are recorded; helpers return what Alembic returns.
    mutating func callOperation(_ name: String, _ arguments: [PyValue], _ keywords: [LibraryObject.Keyword], line: Int) throws
        -> PyValue
    {
        switch name {
        case "get_bind", "bind", "context.bind", "context.connection": return .reference("op.bind")
        case "get_context": return .reference("op.context")
        case "context.autocommit_block": return .object(LibraryObject(kind: ".autocommit_block", line: line))
        case "batch_alter_table":
            return .object(LibraryObject(kind: "op.batch_alter_table", arguments: arguments, keywords: keywords, line: line))
        case "f":
            return .object(LibraryObject(kind: "op.f", arguments: arguments, line: line))
        case "inline_literal":
            return .object(LibraryObject(kind: "op.inline_literal", arguments: arguments, keywords: keywords, line: line))
        case "bind.execute", "context.execute":
            // A read is answered by the database in a live run. Offline the statement is
            // written and nothing comes back; what a script does with the result depends
            // on the database.
            if let rows = try readRows(arguments, line: line) { return rows }
            // Online, parameters bind as in `text(...).bindparams(...)`; Alembic's offline
            // connection refuses them ("SQL parameters not allowed with as_sql").
            let bound = offline || arguments.count < 2 ? nil : Self.withParameters(arguments[0], Array(arguments.dropFirst()), line: line)
            _ = try callOperation("execute", bound.map { [$0] } ?? arguments, keywords, line: line)
            return .object(LibraryObject(kind: "op.query_result", line: line))
        default:
            break
        }
        guard Self.operations.contains(name) else {
            return .unknown(unsupportedHere(line, "op.\(name)() is not supported yet"))
        }
        if let reason = arguments.lazy.compactMap(\.firstUnknown).first ?? keywords.lazy.compactMap(\.value.firstUnknown).first {
            note(because(reason, "op.\(name) at line \(line) needs it"))
            return .none
        }
        try record(OperationCall(name: name, arguments: arguments, keywords: keywords, line: line))
        if name == "create_table", let tableName = arguments.first {
            // Alembic returns the Table it made, which scripts pass to bulk_insert.
            return .object(
                LibraryObject(
                    kind: "sqlalchemy.Table", arguments: [tableName, .none] + arguments.dropFirst(),
                    keywords: keywords.filter { $0.name == "schema" }, line: line))
        }
        return .none
    }

    // MARK: Methods

    mutating func callMethod(_ receiver: PyValue, _ name: String, _ arguments: [PyValue], _ keywords: [LibraryObject.Keyword], line: Int)
        throws -> PyValue
    {
        if let reason = receiver.firstUnknown { return .unknown(reason) }
        switch receiver {
        case .string(let text):
            return try stringMethod(text, name, arguments, keywords, line: line)
        case .dict(let entries):
            switch name {
            case "items": return .list(entries.map { .tuple([$0.key, $0.value]) })
            case "keys": return .list(entries.map(\.key))
            case "values": return .list(entries.map(\.value))
            case "get":
                guard let key = arguments.first else { break }
                return entries.first(where: { Self.equal($0.key, key) == true })?.value ?? (arguments.count > 1 ? arguments[1] : .none)
            case "copy": return receiver
            default: break
            }
        case .list(let items), .tuple(let items):
            switch name {
            case "index":
                if let value = arguments.first, let i = items.firstIndex(where: { Self.equal($0, value) == true }) { return .int(i) }
            case "count":
                if let value = arguments.first { return .int(items.filter { Self.equal($0, value) == true }.count) }
            case "copy": return receiver
            default: break
            }
        case .object(let object) where object.kind == "op.query_result":
            return .unknown(
                unsupportedHere(object.line, "the result of the query at line \(object.line) (known only when the migration runs)"))
        case .object(let object) where object.kind == Self.rowsKind || object.kind == Self.scalarsKind || object.kind == Self.rowKind:
            if let value = rowMethod(object, name, arguments, line: line) { return value }
        case .object(let object) where object.kind == Self.inspectorKind:
            return try askInspector(object, name, arguments, keywords, line: line)
        case .object(let object) where object.kind == Self.typeDecoratorSuperKind && name == "load_dialect_impl":
            return try inheritedDialectImpl(object, line: line)
        case .object where receiver.object?.kind == Self.typeDecoratorSuperKind && name == "__init__" && !superInitArguments.isEmpty:
            // TypeDecorator.__init__(*args, **kwargs): what makes the impl (see instantiate).
            superInitArguments[superInitArguments.count - 1] = LibraryObject(
                kind: "arguments", arguments: arguments, keywords: keywords, line: line)
            return .none
        case .object(let object) where object.kind == "op.batch":
            if ["f", "inline_literal", "get_bind", "get_context", "execute"].contains(name) {
                return try callOperation(name, arguments, keywords, line: line)
            }
            guard Self.operations.contains(name) else {
                return .unknown(unsupportedHere(line, "batch_op.\(name)() is not supported yet"))
            }
            if let reason = arguments.lazy.compactMap(\.firstUnknown).first ?? keywords.lazy.compactMap(\.value.firstUnknown).first {
                note(because(reason, "batch_op.\(name) at line \(line) needs it"))
                return .none
            }
            emit(OperationCall(name: name, arguments: arguments, keywords: keywords, line: line))
            return .none
        case .object(let object):
            if name == "compile", case .reference("op.bind")? = arguments.first ?? keywords.first(where: { $0.name == "bind" })?.value,
                let compile = hooks.compile
            {
                // `sa.false().compile(op.get_bind())`: SQL text made for the dialect.
                return compile(receiver).map(PyValue.string)
                    ?? .unknown(unsupportedHere(line, "\(object.kind).compile() for \(dialect)"))
            }
            if (name == "create" || name == "drop"), let bind = arguments.first, case .reference("op.bind") = bind {
                // `sa.Enum(...).create(op.get_bind())`: the type's DDL, sent on the connection.
                try record(
                    OperationCall(
                        name: "type_" + name, arguments: [.object(object)], keywords: keywords, line: line))
                return .none
            }
            return .object(LibraryObject(kind: "." + name, arguments: arguments, keywords: keywords, receiver: receiver, line: line))
        case .method:
            return .object(LibraryObject(kind: "." + name, arguments: arguments, keywords: keywords, receiver: receiver, line: line))
        default:
            break
        }
        return .unknown(unsupportedHere(line, "\(receiver.typeName).\(name)() is not supported"))
    }

    func stringMethod(_ text: String, _ name: String, _ arguments: [PyValue], _ keywords: [LibraryObject.Keyword], line: Int) throws
        -> PyValue
    {
        let strings = arguments.compactMap(\.string)
        switch name {
        case "format":
            guard let result = PythonFormat.format(text, arguments, keywords) else {
                return .unknown(unsupportedHere(line, "this str.format call"))
            }
            return sized(result, line: line)
        case "join":
            guard let items = arguments.first?.items ?? (arguments.first.flatMap { if case .dict(let e) = $0 { return e.map(\.key) } else { return nil } }) else { break }
            let parts = items.compactMap(\.string)
            guard parts.count == items.count else { return .unknown(unsupportedHere(line, "str.join of non-strings")) }
            return sized(parts.joined(separator: text), line: line)
        case "lower": return .string(text.lowercased())
        case "upper": return .string(text.uppercased())
        case "strip", "lstrip", "rstrip":
            let set = Set(strings.first ?? " \t\n\r\u{0B}\u{0C}")
            var scalars = Substring(text)
            if name != "rstrip" { while let c = scalars.first, set.contains(c) { scalars.removeFirst() } }
            if name != "lstrip" { while let c = scalars.last, set.contains(c) { scalars.removeLast() } }
            return .string(String(scalars))
        case "replace":
            guard strings.count == 2, arguments.count == 2 else { break }
            let (old, new) = (strings[0], strings[1])
            // Count first, so that the result's size is known before it is built.
            var count = 0
            if old.isEmpty {
                count = text.count + 1
            } else {
                var searchRange = text.startIndex..<text.endIndex
                while let found = text.range(of: old, options: .literal, range: searchRange) {
                    count += 1
                    searchRange = found.upperBound..<text.endIndex
                }
            }
            let (added, overflow) = count.multipliedReportingOverflow(by: new.utf8.count)
            guard !overflow, text.utf8.count - count * old.utf8.count + added <= Self.maxStringLength else { return tooLong(line) }
            // Python inserts the new text around every character for an empty old text.
            if old.isEmpty { return .string(text.isEmpty ? new : new + text.map(String.init).joined(separator: new) + new) }
            return .string(text.replacingOccurrences(of: old, with: new, options: .literal))
        case "startswith", "endswith":
            let options = arguments.first?.items?.compactMap(\.string) ?? strings
            return .bool(options.contains { name == "startswith" ? text.hasPrefix($0) : text.hasSuffix($0) })
        case "split":
            if let separator = strings.first {
                return .list(text.components(separatedBy: separator).map { .string($0) })
            }
            return .list(text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map { .string(String($0)) })
        case "splitlines":
            return .list(PythonText.splitLines(text).map { .string($0) })
        case "title":
            return .string(text.capitalized)
        case "capitalize":
            return .string(text.prefix(1).uppercased() + text.dropFirst().lowercased())
        default:
            break
        }
        return .unknown(unsupportedHere(line, "str.\(name)() is not supported"))
    }

    mutating func mutateList(_ name: String, _ current: PyValue, _ method: String, _ expressions: [Expression], line: Int) throws
        -> PyValue?
    {
        guard case .list(var items) = current else { return nil }
        let arguments = try evaluateSpread(expressions)
        switch (method, arguments.count) {
        case ("append", 1): items.append(arguments[0])
        case ("extend", 1):
            guard let more = arguments[0].items else { return .unknown(arguments[0].firstUnknown ?? unsupportedHere(line, "extend")) }
            items.append(contentsOf: more)
        case ("insert", 2):
            guard case .int(let i) = arguments[0] else { return nil }
            let index = max(0, min(items.count, i < 0 ? items.count + i : i))
            items.insert(arguments[1], at: index)
        default:
            return nil
        }
        bind(name, .list(items))
        return PyValue.none
    }

    mutating func mutateDict(
        _ name: String, _ current: PyValue, _ method: String, _ expressions: [Expression], _ keywordExpressions: [Keyword],
        line: Int
    ) throws -> PyValue? {
        guard case .dict(var entries) = current else { return nil }
        let arguments = try evaluateSpread(expressions)
        switch method {
        case "update":
            if let first = arguments.first {
                guard case .dict(let more) = first else { return nil }
                for entry in more { Self.store(&entries, entry.key, entry.value) }
            }
            for keyword in keywordExpressions {
                guard let key = keyword.name else { return nil }
                Self.store(&entries, .string(key), try evaluate(keyword.value))
            }
            bind(name, .dict(entries))
            return PyValue.none
        case "setdefault":
            guard let key = arguments.first else { return nil }
            if let existing = entries.first(where: { Self.equal($0.key, key) == true }) { return existing.value }
            let value = arguments.count > 1 ? arguments[1] : .none
            Self.store(&entries, key, value)
            bind(name, .dict(entries))
            return value
        default:
            return nil
        }
    }
}
