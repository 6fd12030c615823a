/// Statements: assignments, `if` on known values, `for` over known sequences, `while` on
/// known tests, `with` for batch and autocommit blocks, definitions and imports. Anything
/// whose effect depends on what cannot be known stops the function with the reason.
extension Evaluator {
    mutating func run(_ statements: [Statement], topLevel: Bool = false) throws {
        for statement in statements {
            do {
                try run(statement)
            } catch Flow.stop(let reason) where topLevel {
                // At module level, carry on: only names bound by this statement stay unknown.
                if topLevelStop == nil { topLevelStop = reason }
            }
        }
    }

    enum TurnEnd { case finished, broke }

    /// One turn of a `for` or `while` body, counted against the evaluator's budget of
    /// iterations; `continue` ends the turn, `break` the loop.
    mutating func runTurn(_ body: [Statement], line: Int) throws -> TurnEnd {
        iterations += 1
        if iterations > Self.maxIterations {
            throw Flow.stop(unsupportedHere(line, "a loop of more than \(Self.maxIterations) iterations"))
        }
        do {
            try run(body)
        } catch Flow.breakLoop {
            return .broke
        } catch Flow.continueLoop {
            return .finished
        }
        return .finished
    }

    mutating func run(_ statement: Statement) throws {
        let line = statement.location.line
        currentLine = line
        switch statement.kind {
        case .expression(let expression):
            if case .constant = expression.kind { return }  // a docstring or a bare literal
            let value = try evaluate(expression)
            if let reason = value.firstUnknown { note(reason) }
        case .pass:
            return
        case .assign(let targets, let value):
            let result = try evaluate(value)
            for target in targets { try assign(result, to: target) }
        case .annAssign(let target, _, let value, _):
            if let value { try assign(try evaluate(value), to: target) }
        case .augAssign(let target, let op, let value):
            let current = try evaluate(target)
            try assign(binary(current, op, try evaluate(value), line: line), to: target)
        case .if(let test, let body, let orelse):
            let condition = try evaluate(test)
            guard let truth = condition.truth else {
                throw Flow.stop(
                    condition.firstUnknown.map { because($0, "the `if` at line \(line) depends on it") }
                        ?? unsupportedHere(line, "the `if` depends on a value known only when the migration runs"))
            }
            try run(truth ? body : orelse)
        case .for(let target, let iter, let body, let orelse, let isAsync):
            guard !isAsync else { throw Flow.stop(unsupportedHere(line, "async for")) }
            let sequence = try iterate(try evaluate(iter), line: line)
            var broke = false
            for item in sequence {
                try assign(item, to: target)
                if try runTurn(body, line: line) == .broke {
                    broke = true
                    break
                }
            }
            if !broke { try run(orelse) }
        case .break:
            throw Flow.breakLoop
        case .continue:
            throw Flow.continueLoop
        case .return(let value):
            throw Flow.returned(try value.map { try evaluate($0) } ?? .none)
        case .with(let items, let body, let isAsync):
            guard !isAsync, let first = items.first else {
                throw Flow.stop(unsupportedHere(line, "a `with` statement other than op.batch_alter_table or autocommit_block"))
            }
            // `with a, b:` is `with a:` around `with b:`.
            let inner = items.count == 1
                ? body : [Statement(.with(items: Array(items.dropFirst()), body: body, isAsync: false), at: statement.location)]
            try runWith(first, inner, line: line)
        case .functionDef(let function):
            var defined = ScriptFunction(definition: function, line: line, scope: scope)
            var compiles: [LibraryObject] = []
            for decorator in function.decorators {
                switch try evaluate(decorator) {
                case .reference("contextlib.contextmanager"): defined.isContextManager = true
                case .object(let object) where object.kind == Self.compilesKind: compiles.append(object)
                default: break
                }
            }
            bind(function.name, .function(defined))
            for decorator in compiles { try registerCompiles(decorator, defined, line: line) }
        case .classDef(let definition):
            bind(
                definition.name,
                try enumClass(definition, line: line) ?? typeDecoratorClass(definition, line: line)
                    ?? visitTypeClass(definition, line: line) ?? userTypeClass(definition, line: line)
                    ?? .unknown(unsupportedHere(line, "class \(definition.name) (classes, such as ORM models, are not interpreted)")))
        case .import(let aliases):
            for alias in aliases { bindImport(alias, line: line) }
        case .importFrom(let module, let names, let level):
            for alias in names { bindImport(from: module, level: level, alias, line: line) }
        case .delete(let targets):
            for target in targets { if case .name(let name) = target.kind { unbind(name) } }
        case .global, .nonlocal:
            return
        case .assert(let test, _):
            let value = try evaluate(test)
            if value.truth == false { throw Flow.stop(unsupportedHere(line, "an assertion that fails")) }
        case .raise:
            throw Flow.stop(unsupportedHere(line, "raises an exception"))
        case .try(let body, let handlers, let orelse, let finalbody, _):
            // Without a database only Alembic itself can raise (an operation the dialect
            // cannot render), and the evaluator knows where; against a database, which
            // branch runs depends on its errors.
            guard offline else {
                throw Flow.stop(unsupportedHere(line, "try/except (what runs depends on errors at run time)"))
            }
            do {
                if let raised = try runGuarded(body) {
                    let (exception, reason) = raised
                    var matching: ExceptHandler?
                    for handler in handlers where try catches(handler, exception) {
                        matching = handler
                        break
                    }
                    guard let handler = matching else { throw Flow.raised(exception, reason) }
                    if let name = handler.name {
                        bind(name, .unknown(unsupportedHere(handler.location.line, "the \(exception.type) caught here")))
                    }
                    try run(handler.body)
                } else {
                    try run(orelse)
                }
            } catch Flow.raised(let exception, let reason) {
                try run(finalbody)
                throw Flow.raised(exception, reason)
            }
            try run(finalbody)
        case .while(let test, let body, let orelse):
            // The test is read before every turn, as Python does; a turn whose test cannot
            // be known (rows of a query, offline) stops there, after the turns before it.
            var broke = false
            while true {
                let condition = try evaluate(test)
                guard let truth = condition.truth else {
                    throw Flow.stop(
                        condition.firstUnknown.map { because($0, "the `while` at line \(line) depends on it") }
                            ?? unsupportedHere(line, "the `while` depends on a value known only when the migration runs"))
                }
                guard truth else { break }
                if try runTurn(body, line: line) == .broke {
                    broke = true
                    break
                }
            }
            if !broke { try run(orelse) }
        case .match:
            throw Flow.stop(unsupportedHere(line, "a match statement"))
        }
    }

    /// Runs `body` where an enclosing handler may catch what Alembic raises; returns the
    /// exception that ended it early, if any.
    mutating func runGuarded(_ body: [Statement]) throws -> (RaisedException, Unsupported)? {
        guardDepth += 1
        defer { guardDepth -= 1 }
        do {
            try run(body)
        } catch Flow.raised(let exception, let reason) {
            return (exception, reason)
        }
        return nil
    }

    /// Whether an `except` clause catches `exception`: a bare `except`, or a class that
    /// is the exception's class or one of its bases.
    mutating func catches(_ handler: ExceptHandler, _ exception: RaisedException) throws -> Bool {
        guard let typeExpression = handler.type else { return true }
        let value = try evaluate(typeExpression)
        return try catches(value, exception, line: handler.location.line)
    }

    func catches(_ value: PyValue, _ exception: RaisedException, line: Int) throws -> Bool {
        for item in value.items ?? [value] {
            guard case .reference(let name) = item else {
                throw Flow.stop(
                    item.firstUnknown.map { because($0, "an `except` at line \(line) names it") }
                        ?? unsupportedHere(line, "an `except` clause naming a \(item.typeName)"))
            }
            let className = String(name.split(separator: ".").last ?? Substring(name))
            if exception.ancestors.contains(className) { return true }
        }
        return false
    }

    /// A reason that points at where the unknown value came from, and says what needed it.
    func because(_ origin: Unsupported, _ what: String) -> Unsupported {
        Unsupported(path: origin.path, line: origin.line, reason: origin.reason + "; " + what)
    }

    // MARK: Assignment

    mutating func assign(_ value: PyValue, to target: Expression) throws {
        let line = target.location.line
        switch target.kind {
        case .name(let name):
            bind(name, value)
        case .tuple(let targets), .list(let targets):
            guard let items = try? iterate(value, line: line) else {
                for t in targets { try assign(.unknown(value.firstUnknown ?? unsupportedHere(line, "unpacking")), to: t) }
                return
            }
            if let star = targets.firstIndex(where: { if case .starred = $0.kind { return true } else { return false } }) {
                let after = targets.count - star - 1
                guard items.count >= targets.count - 1 else {
                    throw Flow.stop(unsupportedHere(line, "not enough values to unpack"))
                }
                for i in 0..<star { try assign(items[i], to: targets[i]) }
                if case .starred(let inner) = targets[star].kind {
                    try assign(.list(Array(items[star..<(items.count - after)])), to: inner)
                }
                for i in 0..<after { try assign(items[items.count - after + i], to: targets[star + 1 + i]) }
            } else {
                guard items.count == targets.count else {
                    throw Flow.stop(unsupportedHere(line, "unpacking \(items.count) values into \(targets.count) names"))
                }
                for (item, t) in zip(items, targets) { try assign(item, to: t) }
            }
        case .subscript(let container, let index):
            // `d[k] = v` and `l[i] = v` on a local dict or list.
            guard case .name(let name) = container.kind else {
                throw Flow.stop(unsupportedHere(line, "assignment to an item of a computed value"))
            }
            let key = try evaluate(index)
            switch lookup(name, line: line) {
            case .dict(var entries):
                if let i = entries.firstIndex(where: { Self.equal($0.key, key) == true }) {
                    entries[i].value = value
                } else {
                    entries.append(PyValue.DictEntry(key: key, value: value))
                }
                bind(name, .dict(entries))
            case .list(var items):
                guard case .int(let i) = key, let index = Self.index(i, count: items.count) else {
                    throw Flow.stop(unsupportedHere(line, "list assignment index"))
                }
                items[index] = value
                bind(name, .list(items))
            default:
                throw Flow.stop(unsupportedHere(line, "assignment to an item of \(name)"))
            }
        case .attribute(let base, let attribute):
            // `self.x = v` inside a type class's `__init__`: the instance keeps it.
            guard case .name(let name) = base.kind, case .object(var instance) = lookup(name, line: line),
                instance.kind == Self.instanceKind
            else {
                throw Flow.stop(unsupportedHere(line, "assignment to an attribute"))
            }
            instance.keywords.removeAll { $0.name == attribute }
            instance.keywords.append(LibraryObject.Keyword(name: attribute, value: value))
            bind(name, .object(instance))
        case .starred(let inner):
            try assign(value, to: inner)
        default:
            throw Flow.stop(unsupportedHere(line, "this assignment target"))
        }
    }

    /// A Python index (negative from the end) checked against `count`.
    static func index(_ i: Int, count: Int) -> Int? {
        let index = i < 0 ? count + i : i
        return index >= 0 && index < count ? index : nil
    }

    // MARK: Iteration

    /// The items of a value a `for` loop or unpacking walks over.
    func iterate(_ value: PyValue, line: Int) throws -> [PyValue] {
        switch value {
        case .list(let items), .tuple(let items): return items
        case .string(let s): return s.map { .string(String($0)) }
        case .dict(let entries): return entries.map(\.key)
        case .object(let object) where object.kind == Self.enumClassKind:
            return object.keywords.map { Self.enumMember($0.name, $0.value, line: line) }
        case .object(let object) where object.kind == Self.rowsKind || object.kind == Self.scalarsKind || object.kind == Self.rowKind:
            return object.arguments
        case .unknown(let reason): throw Flow.stop(because(reason, "a loop at line \(line) goes over it"))
        default:
            throw Flow.stop(
                value.firstUnknown ?? unsupportedHere(line, "iterating over \(value.typeName) (known only when the migration runs)"))
        }
    }

    // MARK: with

    mutating func runWith(_ item: WithItem, _ body: [Statement], line: Int) throws {
        if try runContextManager(item, body, line: line) { return }
        let context = try evaluate(item.contextExpression)
        guard case .object(let object) = context else {
            throw Flow.stop(
                context.firstUnknown
                    ?? unsupportedHere(line, "a `with` statement other than op.batch_alter_table or autocommit_block"))
        }
        switch object.kind {
        case "op.batch_alter_table":
            if let target = item.optionalVars { try assign(.object(LibraryObject(kind: "op.batch", line: line)), to: target) }
            sinks.append([])
            do {
                try run(body)
            } catch {
                // Keep what the block did so far as part of the function's list.
                let done = sinks.removeLast()
                emit(OperationCall(name: "batch_alter_table", arguments: object.arguments, keywords: object.keywords, line: line, nested: done))
                throw error
            }
            let done = sinks.removeLast()
            try record(
                OperationCall(
                    name: "batch_alter_table", arguments: object.arguments, keywords: object.keywords, line: line, nested: done))
        case "contextlib.suppress":
            // `with suppress(E):` is a `try` whose handler does nothing.
            guard offline else {
                throw Flow.stop(unsupportedHere(line, "suppress() (what runs depends on errors at run time)"))
            }
            if let target = item.optionalVars { try assign(.none, to: target) }
            if let raised = try runGuarded(body) {
                guard try catches(.tuple(object.arguments), raised.0, line: line) else { throw Flow.raised(raised.0, raised.1) }
            }
        case "contextlib.nullcontext":
            if let target = item.optionalVars { try assign(object.arguments.first ?? .none, to: target) }
            try run(body)
        case ".autocommit_block":
            if let target = item.optionalVars { try assign(.none, to: target) }
            let outer = (inAutocommitBlock, autocommitBlock)
            if !inAutocommitBlock {
                autocommitBlocks += 1
                autocommitBlock = autocommitBlocks
            }
            inAutocommitBlock = true
            defer { (inAutocommitBlock, autocommitBlock) = outer }
            try run(body)
        default:
            throw Flow.stop(unsupportedHere(line, "`with` on \(object.kind)"))
        }
    }

    // MARK: Imports

    mutating func bindImport(_ alias: ImportAlias, line: Int) {
        let module = alias.name
        notePossibleProjectImport(module)
        if let asName = alias.asName {
            bind(asName, moduleValue(module, line: line))
        } else {
            // `import a.b.c` binds `a`.
            let root = String(module.split(separator: ".").first ?? Substring(module))
            bind(root, moduleValue(root, line: line, imported: module))
        }
    }

    mutating func bindImport(from module: String?, level: Int, _ alias: ImportAlias, line: Int) {
        let name = alias.asName ?? alias.name
        if level > 0 { readsOutsideScript = true } else if let module { notePossibleProjectImport(module) }
        guard level == 0, let module else {
            guard let absolute = absoluteModule(module, level: level) else {
                bind(name, .unknown(unsupportedHere(line, "`\(alias.name)` is imported from a relative module")))
                return
            }
            if alias.name == "*" {
                bindAll(from: absolute, line: line)
            } else {
                bind(name, projectName(alias.name, from: absolute, line: line))
            }
            return
        }
        if alias.name == "*" {
            if !KnownNames.isKnown(module: module) { bindAll(from: module, line: line) }
            return
        }
        guard KnownNames.isKnown(module: module) else {
            bind(name, projectName(alias.name, from: module, line: line))
            return
        }
        bind(name, .reference(KnownNames.canonical(module + "." + alias.name)))
    }

    /// An import that the project's own files may answer makes the function's SQL rest on them.
    mutating func notePossibleProjectImport(_ module: String) {
        guard !readsOutsideScript, !KnownNames.isKnown(module: module), let modules else { return }
        let root = String(module.split(separator: ".").first ?? Substring(module))
        if modules.file(of: root) != nil || modules.file(of: module) != nil { readsOutsideScript = true }
    }

    func moduleValue(_ module: String, line: Int, imported: String? = nil) -> PyValue {
        guard KnownNames.isKnown(module: imported ?? module) else {
            // The project's own package: `import app.utils` binds `app`, whose `utils` is read on use.
            if let modules, modules.file(of: imported ?? module) != nil {
                switch modules.module(module, dialect: dialect, offline: offline) {
                case .found(let scope): return .module(scope)
                case .refused(let reason): return .unknown(unsupportedHere(line, reason))
                case .notFound: break
                }
            }
            return .unknown(unsupportedHere(line, "module \(imported ?? module) is not one Retort reads"))
        }
        return .reference(KnownNames.canonical(module))
    }

    /// `name` from the project's module `module` (a value it defines, or a submodule), or
    /// why it cannot be known.
    func projectName(_ name: String, from module: String, line: Int) -> PyValue {
        let notRead = "`\(name)` is imported from \(module), which Retort does not read"
        guard let modules else { return .unknown(unsupportedHere(line, notRead)) }
        switch modules.module(module, dialect: dialect, offline: offline) {
        case .notFound:
            return .unknown(unsupportedHere(line, notRead))
        case .refused(let reason):
            return .unknown(unsupportedHere(line, reason))
        case .found(let scope):
            return member(name, of: scope, line: line)
        }
    }

    /// `from module import *` of a project module: the names its `__all__` lists, else
    /// those not starting with `_`.
    mutating func bindAll(from module: String, line: Int) {
        guard let modules, case .found(let scope) = modules.module(module, dialect: dialect, offline: offline) else { return }
        let names: [String]
        if let listed = scope.globals["__all__"]?.items {
            names = listed.compactMap(\.string)
        } else {
            names = scope.globals.keys.filter { !$0.hasPrefix("_") }.sorted()
        }
        for name in names { bind(name, member(name, of: scope, line: line)) }
    }

    /// Attribute `name` of a project module: a value its top level binds, or a submodule.
    func member(_ name: String, of scope: ProjectModule, line: Int) -> PyValue {
        if let value = scope.globals[name] { return value }
        if let modules {
            switch modules.module(scope.name + "." + name, dialect: dialect, offline: offline) {
            case .found(let submodule): return .module(submodule)
            case .refused(let reason): return .unknown(unsupportedHere(line, reason))
            case .notFound: break
            }
        }
        if let stop = scope.stoppedAt {
            return .unknown(
                unsupportedHere(
                    line, "`\(name)` of \(scope.name) is not known: Retort stops reading \(stop.path) at line \(stop.line) (\(stop.reason))"))
        }
        return .unknown(unsupportedHere(line, "module \(scope.name) (\(scope.path)) has no `\(name)`"))
    }

    /// The absolute name of a relative import (`from . import x`, `from ..utils import y`)
    /// made in a project module; nil in a revision script (not a package Retort knows).
    func absoluteModule(_ module: String?, level: Int) -> String? {
        guard let scope else { return nil }
        var package = scope.name.split(separator: ".").map(String.init)
        if !scope.path.hasSuffix("/__init__.py") { package.removeLast() }
        guard level - 1 <= package.count else { return nil }
        package.removeLast(level - 1)
        if let module { package += module.split(separator: ".").map(String.init) }
        return package.isEmpty ? nil : package.joined(separator: ".")
    }
}
