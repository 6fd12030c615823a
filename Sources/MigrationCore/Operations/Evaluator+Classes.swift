/// Column types that projects define as classes (`class GUID(TypeDecorator)`), read so
/// that a column of such a type renders as SQLAlchemy renders it: as the type its `impl`
/// names, or the one its `load_dialect_impl(dialect)` returns for the dialect.
extension Evaluator {
    static let typeDecoratorKind = "class.TypeDecorator"
    /// `super()` inside a TypeDecorator's `load_dialect_impl`: the class's members, so
    /// that `super().load_dialect_impl(dialect)` gives what TypeDecorator's own does.
    static let typeDecoratorSuperKind = "class.TypeDecorator.super"

    /// The members a class inherits when one of its bases is the library class `library`
    /// (none) or a class of the script's read as `kind` (its members); nil when no base is.
    mutating func inheritedMembers(_ definition: ClassDef, library: String, kind: String) throws -> [LibraryObject.Keyword]? {
        var members: [LibraryObject.Keyword]?
        for base in definition.bases {
            // `TypeDecorator[T]` is the class: typing's parameters change nothing at run time.
            var expression = base
            if case .subscript(let generic, _) = base.kind { expression = generic }
            switch try evaluate(expression) {
            case .reference(library): members = members ?? []
            case .object(let object) where object.kind == kind: members = object.keywords
            default: break
            }
        }
        return members
    }

    /// A `TypeDecorator` subclass as a value (nil for other classes): its name, `impl`
    /// and `load_dialect_impl`, inherited from a base of the same kind.
    mutating func typeDecoratorClass(_ definition: ClassDef, line: Int) throws -> PyValue? {
        guard var members = try inheritedMembers(definition, library: "sqlalchemy.TypeDecorator", kind: Self.typeDecoratorKind) else { return nil }
        func set(_ name: String, _ value: PyValue) {
            members.removeAll { $0.name == name }
            members.append(LibraryObject.Keyword(name: name, value: value))
        }
        for statement in definition.body {
            switch statement.kind {
            case .assign(let targets, let value):
                guard targets.count == 1, case .name(let name) = targets[0].kind else { continue }
                if name == "impl" { set("impl", try evaluate(value)) }
            case .annAssign(let target, _, let value?, _):
                if case .name("impl") = target.kind { set("impl", try evaluate(value)) }
            case .functionDef(let function) where ["load_dialect_impl", "__init__"].contains(function.name):
                set(function.name, .function(ScriptFunction(definition: function, line: statement.location.line, scope: scope)))
            default:
                continue  // process_bind_param and friends change values, not the DDL
            }
        }
        return .object(
            LibraryObject(kind: Self.typeDecoratorKind, arguments: [.string(definition.name)], keywords: members, line: line))
    }

    /// `value` itself, or for a TypeDecorator class whose `load_dialect_impl` decides its
    /// type, the instance SQLAlchemy makes of it with no arguments.
    mutating func instanceOfDecidingType(_ value: PyValue, line: Int) throws -> PyValue {
        guard case .object(let type) = value, type.kind == Self.typeDecoratorKind, type.keyword("load_dialect_impl") != nil
        else { return value }
        return try instantiate(type, arguments: [], keywords: [], line: line)
    }

    /// `super().load_dialect_impl(dialect)`: TypeDecorator's own answer, the `impl` type
    /// made with the instance's arguments (a base class's loader is not followed).
    mutating func inheritedDialectImpl(_ parent: LibraryObject, line: Int) throws -> PyValue {
        let name = parent.arguments.first?.string ?? "TypeDecorator"
        var type = parent
        type.kind = Self.typeDecoratorKind
        type.keywords.removeAll { ["arguments", "keywords"].contains($0.name) }
        let arguments = parent.keyword("arguments")?.items ?? []
        var keywords: [LibraryObject.Keyword] = []
        if case .dict(let entries)? = parent.keyword("keywords") {
            keywords = entries.compactMap { entry in entry.key.string.map { LibraryObject.Keyword(name: $0, value: entry.value) } }
        }
        guard type.keyword("impl") != nil else {
            return .unknown(unsupportedHere(line, "super().load_dialect_impl() of \(name), which has no impl Retort can read"))
        }
        return try instantiate(type, arguments: arguments, keywords: keywords, line: line)
    }

    /// `MyType(...)`: the type SQLAlchemy compiles for it on this dialect.
    mutating func instantiate(
        _ type: LibraryObject, arguments: [PyValue], keywords: [LibraryObject.Keyword], line: Int
    ) throws -> PyValue {
        let name = type.arguments.first?.string ?? "TypeDecorator"
        var arguments = arguments
        var keywords = keywords
        if case .function(let initializer)? = type.keyword("__init__") {
            // Its own `__init__` decides what TypeDecorator's gets, which makes the impl.
            var parent = type
            parent.kind = Self.typeDecoratorSuperKind
            superInitArguments.append(nil)
            let instance = PyValue.object(LibraryObject(kind: Self.instanceKind, arguments: [.string(name)], line: line))
            let made: PyValue
            do {
                made = try call(
                    initializer, arguments: [instance] + arguments, keywords: keywords, line: line, returningLocal: "self",
                    locals: ["super": .object(parent)])
            } catch {
                superInitArguments.removeLast()  // an __init__ that stops leaves no entry behind
                throw error
            }
            guard let given = superInitArguments.removeLast() else {
                return .unknown(unsupportedHere(line, "\(name).__init__ does not call super().__init__(), so it has no impl"))
            }
            if let assigned = made.object?.keyword("impl") {
                // `self.impl = ...` after TypeDecorator's __init__: an instance replaces the impl.
                guard case .object(let impl) = assigned, SchemaBuilder.isType(impl.kind) else {
                    return .unknown(unsupportedHere(line, "\(name).__init__ sets self.impl to a \(assigned.typeName)"))
                }
                return assigned
            }
            arguments = given.arguments
            keywords = given.keywords
        }
        if case .function(let loader)? = type.keyword("load_dialect_impl") {
            // `self` is not followed: a loader that reads its own attributes stops there.
            let instance = PyValue.unknown(unsupportedHere(line, "the attributes of a \(name) instance"))
            var parent = type
            parent.keywords.removeAll { $0.name == "__init__" }
            parent.kind = Self.typeDecoratorSuperKind
            parent.keywords.removeAll { $0.name == "load_dialect_impl" }
            parent.keywords.append(LibraryObject.Keyword(name: "arguments", value: .tuple(arguments)))
            parent.keywords.append(LibraryObject.Keyword(name: "keywords", value: .dict(keywords.map {
                PyValue.DictEntry(key: .string($0.name), value: $0.value)
            })))
            return try call(
                loader, arguments: [instance, .reference("op.dialect")], keywords: [], line: line,
                locals: ["super": .object(parent)])
        }
        switch type.keyword("impl") {
        case .reference(let impl)?:
            // TypeDecorator.__init__ makes the impl class with the arguments given.
            return try callReference(impl, arguments, keywords, line: line)
        case .object(let impl)? where [Self.typeDecoratorKind, Self.userTypeKind, Self.visitTypeKind].contains(impl.kind):
            return try call(.object(impl), arguments: arguments, keywords: keywords, line: line)  // a type class of the project
        case let impl?:
            return impl  // an instance: used as it is, whatever the arguments
        case nil:
            return .unknown(unsupportedHere(line, "\(name) has no impl Retort can read"))
        }
    }
}

/// Type classes that subclass an SQLAlchemy type and set `__visit_name__` (`class
/// JSONB(JSON): __visit_name__ = "JSONB"`), with the `@compiles(Class, "dialect")`
/// functions that say what they compile to: SQLAlchemy asks the dialect's compiler for
/// `visit_<name>` unless such a function is registered for it.
extension Evaluator {
    static let visitTypeKind = "class.TypeEngine"
    /// A type whose DDL is the given text (what a `@compiles` function returned).
    static let compiledAsKind = "retort.CompiledAs"
    static let compilesKind = "sqlalchemy.ext.compiler.compiles"

    /// The class as a value, or nil when it is not such a type class.
    mutating func visitTypeClass(_ definition: ClassDef, line: Int) throws -> PyValue? {
        var base: String?
        for expression in definition.bases {
            if case .reference(let name) = try evaluate(expression), SchemaBuilder.isType(name) { base = name }
        }
        guard let base else { return nil }
        for statement in definition.body {
            guard case .assign(let targets, let value) = statement.kind, targets.count == 1,
                case .name("__visit_name__") = targets[0].kind
            else { continue }
            guard case .string(let visitName) = try evaluate(value) else { return nil }
            return .object(
                LibraryObject(
                    kind: Self.visitTypeKind, arguments: [.string(definition.name), .string(visitName)],
                    keywords: [LibraryObject.Keyword(name: "base", value: .reference(base))], line: line))
        }
        return nil
    }

    /// `@compiles(Class, "sqlite")` on `function`: the class, rebound with the function
    /// registered for that dialect (or for every dialect, when none is named).
    mutating func registerCompiles(_ decorator: LibraryObject, _ function: ScriptFunction, line: Int) throws {
        guard case .object(var type)? = decorator.arguments.first, type.kind == Self.visitTypeKind,
            let className = type.arguments.first?.string
        else {
            throw Flow.stop(unsupportedHere(line, "@compiles for something other than a type class of the script"))
        }
        let dialects = decorator.arguments.dropFirst().compactMap(\.string)
        for dialect in dialects.isEmpty ? ["*"] : dialects {
            type.keywords.append(LibraryObject.Keyword(name: "compiles " + dialect, value: .function(function)))
        }
        bind(className, .object(type))
    }

    /// `MyType()`: a registered `@compiles` function's text for this dialect, or the type
    /// whose visit name it borrows, as the dialect's compiler has it.
    mutating func instantiateVisitType(_ type: LibraryObject, line: Int) throws -> PyValue {
        let className = type.arguments.first?.string ?? "TypeEngine"
        let visitName = type.arguments.dropFirst().first?.string ?? ""
        if let compiler = type.keyword("compiles " + dialect) ?? type.keyword("compiles *") {
            switch try call(compiler, arguments: [], keywords: [], line: line) {
            case .string(let text):
                return .object(
                    LibraryObject(
                        kind: Self.compiledAsKind, arguments: [.string(text)],
                        keywords: type.keywords.filter { $0.name == "base" }, line: line))
            case .unknown(let reason):
                return .unknown(reason)
            case let other:
                return .unknown(unsupportedHere(line, "the @compiles function of \(className) returns a \(other.typeName)"))
            }
        }
        for candidate in [dialect + "." + visitName, "sqlalchemy." + visitName] where SchemaBuilder.isType(candidate) {
            if candidate.hasPrefix("postgresql."), dialect != "postgresql" { continue }
            return .object(LibraryObject(kind: KnownNames.canonical(candidate), line: line))
        }
        return .unknown(
            unsupportedHere(line, "\(className) (visit name \(visitName)) has no DDL SQLAlchemy can write for \(dialect)"))
    }
}

/// `UserDefinedType` subclasses (`class Vector(UserDefinedType)` with `get_col_spec`), whose
/// DDL is what `get_col_spec` returns, given the attributes `__init__` set on `self`.
extension Evaluator {
    static let userTypeKind = "class.UserDefinedType"
    /// An instance being made or made: its class name (argument) and attributes (keywords).
    static let instanceKind = "class.instance"

    mutating func userTypeClass(_ definition: ClassDef, line: Int) throws -> PyValue? {
        guard var members = try inheritedMembers(definition, library: "sqlalchemy.UserDefinedType", kind: Self.userTypeKind) else { return nil }
        for statement in definition.body {
            guard case .functionDef(let function) = statement.kind, ["__init__", "get_col_spec"].contains(function.name) else {
                continue  // bind_processor and friends change values, not the DDL
            }
            members.removeAll { $0.name == function.name }
            members.append(
                LibraryObject.Keyword(
                    name: function.name, value: .function(ScriptFunction(definition: function, line: statement.location.line, scope: scope))))
        }
        return .object(LibraryObject(kind: Self.userTypeKind, arguments: [.string(definition.name)], keywords: members, line: line))
    }

    /// `Vector(3)`: `__init__` run on a new instance, then `get_col_spec(self)`.
    mutating func instantiateUserType(
        _ type: LibraryObject, arguments: [PyValue], keywords: [LibraryObject.Keyword], line: Int
    ) throws -> PyValue {
        let name = type.arguments.first?.string ?? "UserDefinedType"
        var instance = PyValue.object(LibraryObject(kind: Self.instanceKind, arguments: [.string(name)], line: line))
        if let initializer = type.keyword("__init__") {
            guard case .function(let function) = initializer else { return .unknown(unsupportedHere(line, "\(name).__init__")) }
            instance = try call(function, arguments: [instance] + arguments, keywords: keywords, line: line, returningLocal: "self")
        } else if !arguments.isEmpty || !keywords.isEmpty {
            return .unknown(unsupportedHere(line, "\(name)() takes no arguments without an __init__"))
        }
        guard case .function(let spec)? = type.keyword("get_col_spec") else {
            return .unknown(unsupportedHere(line, "\(name) has no get_col_spec, which SQLAlchemy needs to write its DDL"))
        }
        switch try call(spec, arguments: [instance], keywords: [], line: line) {
        case .string(let text):
            return .object(LibraryObject(kind: Self.compiledAsKind, arguments: [.string(text)], line: line))
        case .unknown(let reason):
            return .unknown(reason)
        case let other:
            return .unknown(unsupportedHere(line, "\(name).get_col_spec() returns a \(other.typeName)"))
        }
    }
}
