/// Reads a revision function's code, without running it, for its `SchemaFootprint`: every
/// call it may make, followed into the functions of the same script.
///
/// Calls are accounted for by what they are: Alembic operations (by their table
/// argument), SQL run through `execute` (by `SQLTextEffect`), methods and functions that
/// cannot touch the schema (a fixed list: string, list and dict methods, result rows,
/// the Inspector, logging, SQLAlchemy constructs). Anything else gives up.
struct FootprintReader {
    /// The names of the module whose code is being read.
    private var names = Names()
    /// Functions read already (`module:function`): each counts once.
    private var entered: Set<String> = []
    /// Project modules entered, by name (nil: not found or not read), parsed once.
    private var modules: [String: Names?] = [:]
    private let project: ProjectModules?
    private var footprint = SchemaFootprint()
    /// Names bound in the function being read: a string, strings (a loop over a
    /// literal list), or the operations of a batch on a table.
    private var locals: [String: Local] = [:]
    private var steps = 0
    /// Whether the function is being read for its bindings only (effects are dropped).
    private var collecting = false

    /// What one module defines at its top level.
    fileprivate struct Names {
        /// The module's dotted name ("" for a revision script).
        var module = ""
        /// The package its relative imports start from (nil: they are not followed).
        var package: String?
        var functions: [String: FunctionDef] = [:]
        var classes: [String: ClassDef] = [:]
        /// Methods of its classes, by name: a call of `x.name()` may be any of them.
        var methods: [String: [FunctionDef]] = [:]
        /// Local name → the dotted name it was imported as (`op` → `alembic.op`).
        var imports: [String: String] = [:]
        /// Names bound once to a string.
        var constants: [String: String] = [:]
    }

    private enum Local: Equatable {
        case strings([String])
        case batch
        /// What may reach the database: a parameter, a connection, a session, an engine.
        case handle
        /// Anything else (a row, a number): not an import any more.
        case other

        /// What a name bound to both may hold: the strings of both, or the more guarded.
        func joined(with other: Local) -> Local {
            switch (self, other) {
            case (.strings(let a), .strings(let b)): return .strings(a + b.filter { !a.contains($0) })
            case (.batch, .batch): return .batch
            case (.other, .other), (.strings, .other), (.other, .strings): return .other
            default: return .handle
            }
        }
    }

    private init(project: ProjectModules?) { self.project = project }

    /// The footprint of `function` in `module` (`anything` when it is not defined);
    /// functions it imports from `project`'s modules are read too.
    static func read(_ module: Module, function: String, project: ProjectModules? = .shared) -> SchemaFootprint {
        var reader = FootprintReader(project: project)
        reader.names = Self.names(of: module.body, module: "", package: nil)
        guard let definition = reader.names.functions[function] else { return .anything("no \(function)() to read") }
        reader.enter(definition)
        return reader.footprint
    }

    // MARK: The module

    private static func names(of body: [Statement], module: String, package: String?) -> Names {
        var names = Names()
        names.module = module
        names.package = package
        var assigned: [String: Int] = [:]
        for statement in body {
            switch statement.kind {
            case .functionDef(let definition): names.functions[definition.name] = definition
            case .classDef(let definition):
                names.classes[definition.name] = definition
                for case .functionDef(let method) in definition.body.map(\.kind) {
                    names.methods[method.name, default: []].append(method)
                }
            case .import(let aliases), .importFrom(_, let aliases, _): names.noteImport(statement.kind, aliases)
            case .assign(let targets, let value):
                for case .name(let name) in targets.map(\.kind) {
                    assigned[name, default: 0] += 1
                    if case .constant(.string(let text)) = value.kind { names.constants[name] = text }
                }
            case .annAssign(let target, _, let value, _):
                if case .name(let name) = target.kind {
                    assigned[name, default: 0] += 1
                    if case .constant(.string(let text))? = value?.kind { names.constants[name] = text }
                }
            default: break
            }
        }
        // A name bound twice is not a constant.
        for (name, count) in assigned where count > 1 { names.constants[name] = nil }
        return names
    }

    // MARK: Functions and statements

    /// Reads a function's body. `handles` names the parameters that may receive a way
    /// to the database (nil: any of them may, as for a method or a class).
    private mutating func enter(_ definition: FunctionDef, of owner: String = "", handles: Set<String>? = nil) {
        // While bindings are collected, calls are not followed (they bind nothing here).
        guard !collecting else { return }
        let key = names.module + ":" + owner + definition.name + ":" + (handles?.sorted().joined(separator: ",") ?? "*")
        guard entered.insert(key).inserted else { return }
        let outer = locals
        locals = [:]
        let arguments = definition.arguments
        let parameters = arguments.positionalOnly + arguments.arguments + arguments.keywordOnly
            + [arguments.vararg, arguments.kwarg].compactMap { $0 }
        for parameter in parameters { locals[parameter.name] = handles?.contains(parameter.name) == false ? .other : .handle }
        for value in definition.arguments.defaults { expression(value) }
        // Bindings are read flow-insensitively: a name holds the join of everything the
        // function ever binds to it (a table name set in one branch or a later loop
        // iteration is not missed). Two passes collect them without counting effects.
        let (kept, seen) = (footprint, entered)
        collecting = true
        for _ in 0..<2 { statements(definition.body) }
        collecting = false
        (footprint, entered) = (kept, seen)
        statements(definition.body)
        locals = outer
    }

    /// The parameters of `definition` that a call's arguments may hand a way to the
    /// database (read in the caller's scope).
    private func handleParameters(_ definition: FunctionDef, _ arguments: [Expression], _ keywords: [Keyword]) -> Set<String> {
        let declared = definition.arguments
        let positional = (declared.positionalOnly + declared.arguments).map(\.name)
        var handles: Set<String> = []
        for (i, argument) in arguments.enumerated() where mentionsHandle(argument) {
            if case .starred = argument.kind { handles.formUnion(positional) }
            if i < positional.count { handles.insert(positional[i]) } else if let rest = declared.vararg { handles.insert(rest.name) }
        }
        for keyword in keywords where mentionsHandle(keyword.value) {
            guard let name = keyword.name else {
                handles.formUnion(positional + declared.keywordOnly.map(\.name))
                continue
            }
            if positional.contains(name) || declared.keywordOnly.contains(where: { $0.name == name }) {
                handles.insert(name)
            } else if let rest = declared.kwarg {
                handles.insert(rest.name)
            }
        }
        return handles
    }

    private mutating func statements(_ body: [Statement]) {
        for statement in body where footprint.unbounded == nil || collecting { self.statement(statement) }
    }

    private mutating func statement(_ statement: Statement) {
        steps += 1
        guard steps < 20_000 else { return footprint.giveUp("the function is too large to read for its effect") }
        switch statement.kind {
        case .functionDef(let definition):
            // A nested function may be called: its body counts as if it were.
            statements(definition.body)
        case .classDef(let definition):
            footprint.giveUp("class \(definition.name) at line \(statement.location.line)")
        case .return(let value): value.map { expression($0) }
        case .delete(let targets): targets.forEach { expression($0) }
        case .assign(let targets, let value):
            expression(value)
            targets.forEach { expression($0) }
            for target in targets { bind(target, strings(value).map(Local.strings) ?? (isHandle(value) ? .handle : .other)) }
        case .augAssign(let target, _, let value):
            expression(value)
            bind(target, .other)
        case .annAssign(let target, _, let value, _):
            value.map { expression($0) }
            bind(target, value.flatMap(strings).map(Local.strings) ?? .other)
        case .for(let target, let iter, let body, let orelse, _):
            expression(iter)
            var each = Local.other
            if case .list(let items) = iter.kind, let values = allStrings(items) { each = .strings(values) }
            if case .tuple(let items) = iter.kind, let values = allStrings(items) { each = .strings(values) }
            bind(target, each)
            statements(body)
            statements(orelse)
        case .while(let test, let body, let orelse):
            expression(test)
            statements(body)
            statements(orelse)
        case .if(let test, let body, let orelse):
            expression(test)
            statements(body)
            statements(orelse)
        case .with(let items, let body, _):
            for item in items {
                expression(item.contextExpression)
                if let target = item.optionalVars {
                    let context = item.contextExpression
                    bind(target, isBatch(context) ? .batch : isHandle(context) ? .handle : .other)
                }
            }
            statements(body)
        case .match(let subject, let cases):
            expression(subject)
            for each in cases { statements(each.body) }
        case .raise(let exception, let cause):
            exception.map { expression($0) }
            cause.map { expression($0) }
        case .try(let body, let handlers, let orelse, let finalbody, _):
            statements(body)
            for handler in handlers {
                if let name = handler.name { bind(Expression(.name(name), at: handler.location), .other) }
                statements(handler.body)
            }
            statements(orelse)
            statements(finalbody)
        case .assert(let test, let message):
            expression(test)
            message.map { expression($0) }
        case .import(let aliases), .importFrom(_, let aliases, _): names.noteImport(statement.kind, aliases)
        case .expression(let value): expression(value)
        case .global, .nonlocal, .pass, .break, .continue: break
        }
    }

    /// Binds the names of an assignment's target.
    private mutating func bind(_ target: Expression, _ value: Local) {
        switch target.kind {
        case .name(let name): locals[name] = locals[name].map { $0.joined(with: value) } ?? value
        case .tuple(let items), .list(let items): items.forEach { bind($0, value == .handle ? .handle : .other) }
        case .starred(let inner): bind(inner, .other)
        default: break
        }
    }

    // MARK: Expressions

    private mutating func expression(_ expression: Expression) {
        guard footprint.unbounded == nil || collecting else { return }
        switch expression.kind {
        case .call(let function, let arguments, let keywords):
            call(function, arguments, keywords, line: expression.location.line)
            if case .attribute(let receiver, _) = function.kind { self.expression(receiver) }
            arguments.forEach { self.expression($0) }
            keywords.forEach { self.expression($0.value) }
        case .boolOp(_, let items), .set(let items), .list(let items), .tuple(let items), .joinedStr(let items):
            items.forEach { self.expression($0) }
        case .namedExpr(let target, let value):
            self.expression(value)
            bind(target, .other)
        case .unaryOp(_, let value), .await(let value), .yieldFrom(let value),
            .starred(let value), .attribute(let value, _):
            self.expression(value)
        case .binOp(let left, _, let right), .subscript(let left, let right):
            self.expression(left)
            self.expression(right)
        case .lambda(_, let body): self.expression(body)
        case .ifExp(let test, let body, let orelse):
            [test, body, orelse].forEach { self.expression($0) }
        case .dict(let keys, let values):
            keys.compactMap { $0 }.forEach { self.expression($0) }
            values.forEach { self.expression($0) }
        case .listComp(let element, let generators), .setComp(let element, let generators),
            .generatorExp(let element, let generators):
            comprehension(generators)
            self.expression(element)
        case .dictComp(let key, let value, let generators):
            comprehension(generators)
            self.expression(key)
            self.expression(value)
        case .compare(let left, _, let comparators):
            self.expression(left)
            comparators.forEach { self.expression($0) }
        case .formattedValue(let value, _, let spec):
            self.expression(value)
            spec.map { self.expression($0) }
        case .yield(let value): value.map { self.expression($0) }
        case .slice(let lower, let upper, let step):
            [lower, upper, step].compactMap { $0 }.forEach { self.expression($0) }
        case .constant, .name: break
        }
    }

    private mutating func comprehension(_ generators: [Comprehension]) {
        for generator in generators {
            expression(generator.iter)
            generator.ifs.forEach { expression($0) }
        }
    }

    // MARK: Calls

    private mutating func call(_ function: Expression, _ arguments: [Expression], _ keywords: [Keyword], line: Int) {
        switch function.kind {
        case .name(let name):
            if locals[name] == nil {
                if let definition = names.functions[name] {
                    return enter(definition, handles: handleParameters(definition, arguments, keywords))
                }
                if let definition = names.classes[name] { return construct(definition) }
                if let dotted = names.imports[name] { return qualified(dotted, arguments, keywords, line: line) }
                if Self.safeBuiltins.contains(name) { return }
            }
            footprint.giveUp("calls \(name)() at line \(line)")
        case .attribute(let receiver, let method):
            if let dotted = dottedName(receiver) { return qualified(dotted + "." + method, arguments, keywords, line: line) }
            if case .name(let name) = receiver.kind, case .batch? = locals[name] { return }
            self.method(method, arguments, keywords, line: line)
        default:
            footprint.giveUp("calls the result of an expression at line \(line)")
        }
    }

    /// The dotted import path a receiver stands for (`sa.orm` → `sqlalchemy.orm`), when
    /// its root is an imported name not rebound in the function.
    private func dottedName(_ expression: Expression) -> String? {
        switch expression.kind {
        case .name(let name): return locals[name] == nil ? names.imports[name] : nil
        case .attribute(let inner, let attribute): return dottedName(inner).map { $0 + "." + attribute }
        default: return nil
        }
    }

    /// A call to something imported, by its full dotted name.
    private mutating func qualified(_ dotted: String, _ arguments: [Expression], _ keywords: [Keyword], line: Int) {
        if dotted.hasPrefix("alembic.op.") {
            return operation(String(dotted.dropFirst("alembic.op.".count)), arguments, keywords, line: line)
        }
        if dotted == "alembic.context.execute" { return sql(arguments.first ?? keywords.first?.value, line: line) }
        let root = dotted.split(separator: ".").first.map(String.init) ?? dotted
        if Self.safeModules.contains(root) { return }
        let last = dotted.split(separator: ".").last.map(String.init) ?? dotted
        // An ORM session, however the application hands it out, reads and writes rows.
        if Self.sessionFactories.contains(last) { return }
        if follow(dotted, arguments, keywords, depth: 0) { return }
        if isMethodOfModuleValue(dotted) { return method(last, arguments, keywords, line: line) }
        // Inside the project's code (found on the path, so its own modules are too): a
        // library Retort cannot read, given nothing that reaches the database, and not one
        // that reaches it by itself (an ORM's global session, a driver, `op`). A revision
        // script's own imports that are not found may be the project's helpers, which
        // use `op` without being handed it: those are never assumed harmless.
        if !names.module.isEmpty, !Self.databaseLibraries.contains(root), project?.file(of: root) == nil,
            !(arguments + keywords.map(\.value)).contains(where: mentionsHandle)
        {
            return
        }
        footprint.giveUp("calls \(dotted) at line \(line)")
    }

    /// Libraries that reach the database on their own (a global session or engine, a
    /// driver, DDL helpers): a call into one is never assumed to leave the schema alone.
    private static let databaseLibraries: Set<String> = [
        "alembic", "flask_sqlalchemy", "flask_migrate", "flask_appbuilder", "sqlalchemy_utils", "alembic_utils",
        "alembic_postgresql_enum", "geoalchemy2", "psycopg2", "psycopg", "sqlite3", "asyncpg", "pymysql", "MySQLdb",
        "mysql", "databases", "peewee", "tortoise", "django", "pony", "sqlalchemy_continuum", "ormar", "piccolo",
        "duckdb", "cx_Oracle", "oracledb", "pyodbc", "aiosqlite", "sqlite_utils", "dataset", "records",
    ]

    /// Whether a value may be, or carry, something that reaches the database: `op`, a
    /// connection, a session, a parameter of the function.
    private func isHandle(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .name(let name):
            if let local = locals[name] { return local == .handle || local == .batch }
            return names.imports[name] == "alembic.op" || names.imports[name] == "alembic.context"
        case .attribute(let inner, let attribute):
            return ["bind", "engine", "connection", "session", "metadata"].contains(attribute) || isHandle(inner)
        case .call(let function, let arguments, let keywords):
            if case .attribute(let receiver, let method) = function.kind {
                if ["get_bind", "get_context", "connect", "connection", "begin", "begin_nested", "engine"].contains(method) {
                    return true
                }
                if Self.sessionFactories.contains(method) || method == "inspect" { return true }
                if isHandle(receiver), !Self.resultMethods.contains(method), method != "execute" { return true }
            }
            if case .name(let name) = function.kind, let dotted = names.imports[name],
                ["inspect", "create_engine", "Session", "sessionmaker", "scoped_session"].contains(
                    String(dotted.split(separator: ".").last ?? ""))
            {
                return true
            }
            return (arguments + keywords.map(\.value)).contains(where: isHandle) && !isRowStatement(expression)
        default: return false
        }
    }

    /// Methods that turn a query's result into rows (data, not a way to the database).
    private static let resultMethods: Set<String> = [
        "fetchall", "fetchone", "fetchmany", "first", "scalar", "scalars", "scalar_one", "scalar_one_or_none", "all",
        "one", "one_or_none", "mappings",
    ]

    /// Whether any part of an expression may reach the database.
    private func mentionsHandle(_ expression: Expression) -> Bool {
        if isHandle(expression) { return true }
        switch expression.kind {
        case .attribute(let inner, _), .starred(let inner), .unaryOp(_, let inner): return mentionsHandle(inner)
        case .list(let items), .tuple(let items), .set(let items), .boolOp(_, let items), .joinedStr(let items):
            return items.contains(where: mentionsHandle)
        case .dict(let keys, let values): return (keys.compactMap { $0 } + values).contains(where: mentionsHandle)
        case .binOp(let left, _, let right), .subscript(let left, let right):
            return mentionsHandle(left) || mentionsHandle(right)
        case .call(let function, let arguments, let keywords):
            return mentionsHandle(function) || (arguments + keywords.map(\.value)).contains(where: mentionsHandle)
        case .formattedValue(let value, _, _): return mentionsHandle(value)
        case .lambda, .listComp, .setComp, .dictComp, .generatorExp: return true
        default: return false
        }
    }

    /// Whether `dotted` is a method of a value a project module holds (`superset.db`,
    /// bound by an assignment, perhaps re-exported): a method call the method rules decide.
    private mutating func isMethodOfModuleValue(_ dotted: String, depth: Int = 0) -> Bool {
        let parts = dotted.split(separator: ".").map(String.init)
        guard parts.count >= 3, depth < 8 else { return false }
        for end in stride(from: parts.count - 2, through: 1, by: -1) {
            guard let found = module(parts[..<end].joined(separator: ".")) else { continue }
            let name = parts[end]
            if let target = found.imports[name] {
                // Re-exported: ask again of the module it comes from.
                return isMethodOfModuleValue(([target] + parts[(end + 1)...]).joined(separator: "."), depth: depth + 1)
            }
            return found.functions[name] == nil && found.classes[name] == nil
                && module(parts[...end].joined(separator: ".")) == nil
        }
        return false
    }

    private static let sessionFactories: Set<String> = ["Session", "sessionmaker", "scoped_session"]

    /// Reads the project's function (or class) `dotted` names, in its own module; false
    /// when it is not one the project's modules define.
    private mutating func follow(_ dotted: String, _ arguments: [Expression], _ keywords: [Keyword], depth: Int) -> Bool {
        var parts = dotted.split(separator: ".").map(String.init)
        guard parts.count >= 2, depth < 8, let name = parts.popLast() else { return false }
        let moduleName = parts.joined(separator: ".")
        guard let found = module(moduleName) else { return false }
        if let definition = found.functions[name] {
            let handles = handleParameters(definition, arguments, keywords)
            let outer = names
            names = found
            enter(definition, handles: handles)
            names = outer
            return true
        }
        if let definition = found.classes[name] {
            let outer = names
            names = found
            construct(definition)
            names = outer
            return true
        }
        // Re-exported by the module (`from .utils import create_table` in `__init__.py`).
        if let target = found.imports[name], target != dotted { return follow(target, arguments, keywords, depth: depth + 1) }
        return false
    }

    /// The names of project module `name`, read once; nil when it is not on the path.
    private mutating func module(_ name: String) -> Names? {
        if let known = modules[name] { return known }
        var found: Names?
        if let project, let (path, syntax) = project.syntax(of: name) {
            let package = path.hasSuffix("/__init__.py") ? name : name.split(separator: ".").dropLast().joined(separator: ".")
            found = Self.names(of: syntax.body, module: name, package: package)
        }
        modules[name] = .some(found)
        return found
    }

    /// A call of a class the code defines: its methods, any of which may run.
    private mutating func construct(_ definition: ClassDef) {
        for case .functionDef(let method) in definition.body.map(\.kind) { enter(method, of: definition.name + ".") }
    }

    /// A method of a value the reader does not type: known by its name to leave the
    /// schema alone, or an `execute` whose SQL is read.
    private mutating func method(_ name: String, _ arguments: [Expression], _ keywords: [Keyword], line: Int) {
        if name == "execute" || name == "exec_driver_sql" {
            return sql(arguments.first ?? keywords.first(where: { $0.name == "statement" || $0.name == "sqltext" })?.value, line: line)
        }
        if let candidates = names.methods[name] {
            // Any of the module's methods of that name may be the one called (before the
            // names known to be harmless: a class of the script may define `update`).
            for candidate in candidates { enter(candidate, of: "method.") }
            return
        }
        if Self.safeMethods.contains(name) || name.hasPrefix("get_") || name.hasPrefix("has_") { return }
        footprint.giveUp("calls .\(name)() at line \(line)")
    }

    /// Whether a `with` item opens `op.batch_alter_table(...)` (its value's calls are
    /// then the batch's, counted by the batch's table).
    private func isBatch(_ expression: Expression) -> Bool {
        guard case .call(let function, _, _) = expression.kind, case .attribute(let receiver, "batch_alter_table") = function.kind
        else { return false }
        return dottedName(receiver) == "alembic.op"
    }

    // MARK: Alembic operations

    /// Where an operation takes its table: positional index and keyword.
    private static let tableArgument: [String: (Int, String)] = [
        "add_column": (0, "table_name"), "drop_column": (0, "table_name"), "alter_column": (0, "table_name"),
        "create_table_comment": (0, "table_name"), "drop_table_comment": (0, "table_name"),
        "batch_alter_table": (0, "table_name"), "create_index": (1, "table_name"), "drop_index": (1, "table_name"),
        "create_unique_constraint": (1, "table_name"), "create_check_constraint": (1, "table_name"),
        "create_primary_key": (1, "table_name"), "create_exclude_constraint": (1, "table_name"),
        "create_foreign_key": (1, "source_table"), "drop_constraint": (1, "table_name"),
    ]

    private mutating func operation(_ name: String, _ arguments: [Expression], _ keywords: [Keyword], line: Int) {
        switch name {
        case "get_bind", "get_context", "f", "inline_literal", "bulk_insert": return
        case "execute": return sql(arguments.first ?? keywords.first(where: { $0.name == "sqltext" })?.value, line: line)
        case "create_table", "drop_table":
            for key in tables(arguments.first ?? keyword("table_name", keywords), keywords, line: line) {
                footprint.appearing.insert(key)
                footprint.reshaped.insert(key)
            }
        case "rename_table":
            let old = tables(arguments.first ?? keyword("old_table_name", keywords), keywords, line: line)
            let new = tables(arguments.dropFirst().first ?? keyword("new_table_name", keywords), keywords, line: line)
            for key in old + new {
                footprint.appearing.insert(key)
                footprint.reshaped.insert(key)
            }
        default:
            guard let (index, label) = Self.tableArgument[name] else {
                return footprint.giveUp("op.\(name) at line \(line)")
            }
            let given = index < arguments.count ? arguments[index] : keyword(label, keywords)
            for key in tables(given, keywords, line: line) { footprint.reshaped.insert(key) }
        }
    }

    private func keyword(_ name: String, _ keywords: [Keyword]) -> Expression? {
        keywords.first(where: { $0.name == name })?.value
    }

    /// The tables an operation's table argument may name, with its `schema=`.
    private mutating func tables(_ argument: Expression?, _ keywords: [Keyword], line: Int) -> [SchemaModel.Key] {
        guard let argument, let spelled = strings(argument) else {
            footprint.giveUp("a table name at line \(line) is not a string the code spells out")
            return []
        }
        var schema: String?
        if let given = keyword("schema", keywords) {
            if case .constant(.none) = given.kind {
                schema = nil
            } else if let one = strings(given), one.count == 1 {
                schema = one[0]
            } else {
                footprint.giveUp("a schema name at line \(line) is not a string the code spells out")
                return []
            }
        }
        return spelled.map { SchemaModel.Key($0, schema: schema) }
    }

    // MARK: SQL

    private static let hole: Character = "\u{0}"

    /// SQL run by `execute`: text the code spells out, classified, or a statement built
    /// with SQLAlchemy's DML constructs.
    private mutating func sql(_ argument: Expression?, line: Int) {
        guard let argument else { return footprint.giveUp("execute() without a statement at line \(line)") }
        if let text = sqlText(argument) {
            switch SQLTextEffect.of(text, hole: Self.hole) {
            case .rows: return
            case .reshapes(let names): for name in names { footprint.reshaped.insert(SchemaModel.Key(name, schema: nil)) }
            case .unknown(let opening): footprint.giveUp("SQL at line \(line) (\(opening) ...)")
            }
            return
        }
        if isRowStatement(argument) { return }
        footprint.giveUp("a statement at line \(line) that Retort cannot read for its effect")
    }

    /// The SQL text of a string, f-string (fields as holes) or `text(...)` of one.
    private func sqlText(_ expression: Expression) -> String? {
        switch expression.kind {
        case .constant(.string(let text)): return text
        case .name(let name):
            switch locals[name] {
            case .strings(let values)? where values.count == 1: return values[0]
            case nil: return names.constants[name]
            default: return nil
            }
        case .joinedStr(let parts):
            var text = ""
            for part in parts {
                if case .constant(.string(let piece)) = part.kind { text += piece } else { text.append(Self.hole) }
            }
            return text
        case .call(let function, let arguments, _):
            if case .attribute(let receiver, let method) = function.kind {
                if let dotted = dottedName(receiver), dotted == "sqlalchemy" || dotted.hasPrefix("sqlalchemy."),
                    method == "text", let first = arguments.first
                {
                    return sqlText(first)
                }
                // text("...").bindparams(...), .columns(...), .execution_options(...)
                if ["bindparams", "columns", "execution_options"].contains(method) { return sqlText(receiver) }
            }
            if case .name(let name) = function.kind, locals[name] == nil, let dotted = names.imports[name], dotted.hasPrefix("sqlalchemy"),
                dotted.hasSuffix(".text"), let first = arguments.first
            {
                return sqlText(first)
            }
            return nil
        default: return nil
        }
    }

    /// Whether a statement is a SQLAlchemy select, insert, update or delete (a chain of
    /// method calls that starts with one).
    private func isRowStatement(_ expression: Expression) -> Bool {
        guard case .call(let function, _, _) = expression.kind else { return false }
        switch function.kind {
        case .name(let name):
            guard locals[name] == nil, let dotted = names.imports[name], dotted.hasPrefix("sqlalchemy") else { return false }
            return Self.rowStatements.contains(String(dotted.split(separator: ".").last ?? ""))
        case .attribute(let receiver, let method):
            if Self.rowStatements.contains(method) { return true }
            if let dotted = dottedName(receiver), dotted.hasPrefix("sqlalchemy") { return Self.rowStatements.contains(method) }
            return Self.statementModifiers.contains(method) && isRowStatement(receiver)
        default: return false
        }
    }

    private static let rowStatements: Set<String> = ["select", "insert", "update", "delete", "union", "union_all"]
    private static let statementModifiers: Set<String> = [
        "where", "values", "filter", "filter_by", "order_by", "limit", "offset", "returning", "select_from", "join",
        "outerjoin", "group_by", "having", "distinct", "with_only_columns", "execution_options", "params",
        "inline", "from_select", "correlate", "subquery", "alias", "cte", "scalar_subquery", "add_columns",
    ]

    // MARK: Strings

    /// The strings an expression may be: a literal, a constant, a loop variable over
    /// literal strings; nil otherwise.
    private func strings(_ expression: Expression) -> [String]? {
        switch expression.kind {
        case .constant(.string(let text)): return [text]
        case .name(let name):
            switch locals[name] {
            case .strings(let values)?: return values
            case nil: return names.constants[name].map { [$0] }
            default: return nil
            }
        default: return nil
        }
    }

    private func allStrings(_ items: [Expression]) -> [String]? {
        var values: [String] = []
        for item in items {
            guard case .constant(.string(let text)) = item.kind else { return nil }
            values.append(text)
        }
        return values
    }

    // MARK: What cannot touch the schema

    /// Modules whose functions neither run SQL nor change the schema when called (a
    /// statement they build is read where it is executed).
    private static let safeModules: Set<String> = [
        "sqlalchemy", "logging", "time", "re", "json", "datetime", "uuid", "typing", "typing_extensions", "enum",
        "collections", "itertools", "functools", "decimal", "hashlib", "random", "string", "textwrap", "math",
        "dataclasses", "warnings", "copy", "base64", "secrets", "operator", "sqlmodel", "loguru", "structlog",
        "simplejson", "orjson", "ujson", "pprint", "ast", "shlex", "urllib", "zlib", "binascii", "fnmatch",
    ]

    private static let safeBuiltins: Set<String> = [
        "len", "set", "list", "dict", "tuple", "str", "int", "float", "bool", "bytes", "range", "enumerate", "zip",
        "sorted", "reversed", "min", "max", "sum", "any", "all", "abs", "round", "print", "isinstance", "issubclass",
        "hasattr", "getattr", "repr", "format", "next", "iter", "map", "filter", "type", "id", "hash", "chr", "ord",
        "divmod", "frozenset", "object", "super", "Exception", "ValueError", "RuntimeError", "KeyError", "TypeError",
        "NotImplementedError", "AssertionError", "IndexError", "AttributeError", "LookupError", "StopIteration",
    ]

    /// Methods that leave the database's schema alone, whatever value they are called on:
    /// those of strings, lists, dicts and sets, of result rows and of the Inspector, of
    /// transactions and sessions (rows only), of loggers, and SQLAlchemy's builders.
    private static let safeMethods: Set<String> = [
        // str
        "replace", "split", "rsplit", "strip", "lstrip", "rstrip", "lower", "upper", "format", "join", "startswith",
        "endswith", "encode", "decode", "splitlines", "title", "capitalize", "find", "rfind", "index", "count",
        "isdigit", "isalnum", "isalpha", "zfill", "ljust", "rjust", "partition", "rpartition", "removeprefix",
        "removesuffix", "casefold", "isidentifier",
        // containers
        "append", "extend", "add", "get", "items", "keys", "values", "update", "pop", "setdefault", "sort", "remove",
        "discard", "copy", "insert", "clear", "union", "intersection", "difference", "issubset", "issuperset",
        "popitem", "fromkeys",
        // regular expressions, dates, json, uuid
        "compile", "match", "fullmatch", "search", "group", "groups", "groupdict", "sub", "findall", "finditer",
        "escape", "isoformat", "strftime", "timestamp", "now", "utcnow", "today", "dumps", "loads", "hex", "uuid4",
        // rows and results
        "fetchall", "fetchone", "fetchmany", "first", "scalar", "scalars", "scalar_one", "scalar_one_or_none", "all",
        "one", "one_or_none", "mappings", "partitions", "unique", "close", "_asdict", "_mapping", "tuples",
        // transactions and sessions (rows only)
        "begin", "begin_nested", "commit", "rollback", "flush", "query", "add_all", "merge", "delete", "expunge",
        "refresh", "connection",
        // logging
        "info", "debug", "warning", "warn", "error", "exception", "critical", "log", "getLogger",
        // SQLAlchemy builders (a statement is read where it is executed)
        "where", "filter", "filter_by", "order_by", "limit", "offset", "returning", "select_from", "join",
        "outerjoin", "group_by", "having", "distinct", "label", "in_", "not_in", "notin_", "like", "ilike", "is_",
        "is_not", "isnot", "contains", "desc", "asc", "cast", "astext", "bindparams", "columns", "column",
        "execution_options", "params", "subquery", "alias", "cte", "scalar_subquery", "select", "label", "c",
        "op", "concat", "between", "in_transaction", "with_only_columns", "correlate", "exists", "is_offline_mode",
        "inspect", "dialect_description", "bind", "table", "_bind", "autocommit_block", "begin_transaction",
        "reflect", "_replace", "_fields", "sorted_tables",
    ]
}

extension FootprintReader.Names {
    mutating func noteImport(_ kind: StatementKind, _ aliases: [ImportAlias]) {
        switch kind {
        case .import:
            for alias in aliases {
                if let asName = alias.asName {
                    imports[asName] = alias.name
                } else {
                    let root = alias.name.split(separator: ".").first.map(String.init) ?? alias.name
                    imports[root] = root
                }
            }
        case .importFrom(let from, _, let level):
            var base = from ?? ""
            if level > 0 {
                // Relative to the module's package; a revision script's are not followed.
                guard var package = package?.split(separator: ".").map(String.init) else {
                    for alias in aliases { imports[alias.asName ?? alias.name] = "." + alias.name }
                    return
                }
                package.removeLast(min(package.count, level - 1))
                base = (package + (from.map { [$0] } ?? [])).joined(separator: ".")
            }
            for alias in aliases { imports[alias.asName ?? alias.name] = base + "." + alias.name }
        default: break
        }
    }
}
