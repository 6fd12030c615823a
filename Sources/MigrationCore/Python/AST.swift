/// The syntax tree of a Python 3 module, shaped like CPython's `ast` module.
///
/// Node and field names follow `ast` so that anyone who knows Python's tree can read
/// code that walks this one. Every statement and expression carries the place where it
/// starts: `line` is 1-based, `column` is 1-based and counts Unicode scalars.

/// Where a node starts in its file.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// A parsed module: its statements in order.
public struct Module: Sendable {
    public var body: [Statement]

    public init(body: [Statement]) { self.body = body }

    /// The module docstring: the value of a leading string-constant expression statement.
    public var docstring: String? {
        guard let first = body.first, case .expression(let e) = first.kind,
            case .constant(.string(let text)) = e.kind
        else { return nil }
        return text
    }
}

// MARK: - Statements

/// One statement with its location.
public struct Statement: Sendable {
    public var kind: StatementKind
    public var location: SourceLocation

    public init(_ kind: StatementKind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

public indirect enum StatementKind: Sendable {
    case functionDef(FunctionDef)
    case classDef(ClassDef)
    case `return`(Expression?)
    case delete([Expression])
    /// `a = b = value`: one or more targets.
    case assign(targets: [Expression], value: Expression)
    case augAssign(target: Expression, op: BinaryOperator, value: Expression)
    /// `target: annotation = value` (value is optional).
    case annAssign(target: Expression, annotation: Expression, value: Expression?, simple: Bool)
    case `for`(target: Expression, iter: Expression, body: [Statement], orelse: [Statement], isAsync: Bool)
    case `while`(test: Expression, body: [Statement], orelse: [Statement])
    case `if`(test: Expression, body: [Statement], orelse: [Statement])
    case with(items: [WithItem], body: [Statement], isAsync: Bool)
    case match(subject: Expression, cases: [MatchCase])
    case raise(exception: Expression?, cause: Expression?)
    /// `try`/`except`, or `try`/`except*` when `isStar` is true.
    case `try`(body: [Statement], handlers: [ExceptHandler], orelse: [Statement], finalbody: [Statement], isStar: Bool)
    case assert(test: Expression, message: Expression?)
    case `import`([ImportAlias])
    /// `from ..module import a as b`: `level` counts the leading dots.
    case importFrom(module: String?, names: [ImportAlias], level: Int)
    case global([String])
    case nonlocal([String])
    case expression(Expression)
    case pass
    case `break`
    case `continue`
}

public struct FunctionDef: Sendable {
    public var name: String
    public var arguments: Arguments
    public var body: [Statement]
    public var decorators: [Expression]
    public var returns: Expression?
    public var isAsync: Bool

    public init(name: String, arguments: Arguments, body: [Statement], decorators: [Expression], returns: Expression?, isAsync: Bool) {
        self.name = name
        self.arguments = arguments
        self.body = body
        self.decorators = decorators
        self.returns = returns
        self.isAsync = isAsync
    }
}

public struct ClassDef: Sendable {
    public var name: String
    public var bases: [Expression]
    public var keywords: [Keyword]
    public var body: [Statement]
    public var decorators: [Expression]

    public init(name: String, bases: [Expression], keywords: [Keyword], body: [Statement], decorators: [Expression]) {
        self.name = name
        self.bases = bases
        self.keywords = keywords
        self.body = body
        self.decorators = decorators
    }
}

/// A function's parameters, as in `ast.arguments`.
public struct Arguments: Sendable {
    public var positionalOnly: [Parameter]
    public var arguments: [Parameter]
    public var vararg: Parameter?
    public var keywordOnly: [Parameter]
    /// Defaults of keyword-only parameters, `nil` where a parameter has none.
    public var keywordDefaults: [Expression?]
    public var kwarg: Parameter?
    /// Defaults of the last positional parameters (positional-only then ordinary).
    public var defaults: [Expression]

    public init(positionalOnly: [Parameter] = [], arguments: [Parameter] = [], vararg: Parameter? = nil, keywordOnly: [Parameter] = [], keywordDefaults: [Expression?] = [], kwarg: Parameter? = nil, defaults: [Expression] = []) {
        self.positionalOnly = positionalOnly
        self.arguments = arguments
        self.vararg = vararg
        self.keywordOnly = keywordOnly
        self.keywordDefaults = keywordDefaults
        self.kwarg = kwarg
        self.defaults = defaults
    }
}

public struct Parameter: Sendable {
    public var name: String
    public var annotation: Expression?
    public var location: SourceLocation

    public init(name: String, annotation: Expression?, location: SourceLocation) {
        self.name = name
        self.annotation = annotation
        self.location = location
    }
}

/// `name=value` in a call, or `**value` when `name` is nil.
public struct Keyword: Sendable {
    public var name: String?
    public var value: Expression
    public var location: SourceLocation

    public init(name: String?, value: Expression, location: SourceLocation) {
        self.name = name
        self.value = value
        self.location = location
    }
}

/// `import a.b as c`: `name` is the dotted name, `asName` the alias.
public struct ImportAlias: Sendable {
    public var name: String
    public var asName: String?
    public var location: SourceLocation

    public init(name: String, asName: String?, location: SourceLocation) {
        self.name = name
        self.asName = asName
        self.location = location
    }
}

public struct WithItem: Sendable {
    public var contextExpression: Expression
    public var optionalVars: Expression?

    public init(contextExpression: Expression, optionalVars: Expression?) {
        self.contextExpression = contextExpression
        self.optionalVars = optionalVars
    }
}

public struct ExceptHandler: Sendable {
    public var type: Expression?
    public var name: String?
    public var body: [Statement]
    public var location: SourceLocation

    public init(type: Expression?, name: String?, body: [Statement], location: SourceLocation) {
        self.type = type
        self.name = name
        self.body = body
        self.location = location
    }
}

public struct MatchCase: Sendable {
    public var pattern: Pattern
    public var guardExpression: Expression?
    public var body: [Statement]

    public init(pattern: Pattern, guardExpression: Expression?, body: [Statement]) {
        self.pattern = pattern
        self.guardExpression = guardExpression
        self.body = body
    }
}

/// A `match` pattern, as in `ast.pattern`.
public struct Pattern: Sendable {
    public var kind: PatternKind
    public var location: SourceLocation

    public init(_ kind: PatternKind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

public indirect enum PatternKind: Sendable {
    case value(Expression)
    /// `None`, `True` or `False`.
    case singleton(Constant)
    case sequence([Pattern])
    /// `{key: pattern, **rest}`.
    case mapping(keys: [Expression], patterns: [Pattern], rest: String?)
    case `class`(cls: Expression, patterns: [Pattern], keywordNames: [String], keywordPatterns: [Pattern])
    /// `*name`, or `*_` when name is nil.
    case star(String?)
    /// `pattern as name`, a capture `name`, or the wildcard `_` (both nil).
    case `as`(pattern: Pattern?, name: String?)
    case or([Pattern])
}

// MARK: - Expressions

/// One expression with its location.
public struct Expression: Sendable {
    public var kind: ExpressionKind
    public var location: SourceLocation

    public init(_ kind: ExpressionKind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

public indirect enum ExpressionKind: Sendable {
    case boolOp(BooleanOperator, [Expression])
    /// `target := value`.
    case namedExpr(target: Expression, value: Expression)
    case binOp(Expression, BinaryOperator, Expression)
    case unaryOp(UnaryOperator, Expression)
    case lambda(Arguments, body: Expression)
    case ifExp(test: Expression, body: Expression, orelse: Expression)
    /// A dict display; a `nil` key is a `**mapping` entry.
    case dict(keys: [Expression?], values: [Expression])
    case set([Expression])
    case listComp(element: Expression, generators: [Comprehension])
    case setComp(element: Expression, generators: [Comprehension])
    case dictComp(key: Expression, value: Expression, generators: [Comprehension])
    case generatorExp(element: Expression, generators: [Comprehension])
    case await(Expression)
    case yield(Expression?)
    case yieldFrom(Expression)
    /// `a < b <= c`: the left operand, then each operator with its right operand.
    case compare(Expression, operators: [CompareOperator], comparators: [Expression])
    case call(function: Expression, arguments: [Expression], keywords: [Keyword])
    /// One `{...}` field of an f-string; `conversion` is `s`, `r`, `a` or nil.
    case formattedValue(value: Expression, conversion: Character?, formatSpec: Expression?)
    /// An f-string (or an implicit concatenation that contains one): constants and fields.
    case joinedStr([Expression])
    case constant(Constant)
    case attribute(Expression, String)
    case `subscript`(Expression, Expression)
    case starred(Expression)
    case name(String)
    case list([Expression])
    case tuple([Expression])
    case slice(lower: Expression?, upper: Expression?, step: Expression?)
}

/// A literal value. Adjacent string literals are already joined.
public enum Constant: Sendable, Equatable {
    case none
    case `true`
    case `false`
    case ellipsis
    case int(Int)
    /// An integer too large for `Int`, as its decimal digits.
    case bigInt(String)
    case float(Double)
    /// An imaginary literal such as `2j`: the imaginary part.
    case imaginary(Double)
    case string(String)
    case bytes([UInt8])
}

public struct Comprehension: Sendable {
    public var target: Expression
    public var iter: Expression
    public var ifs: [Expression]
    public var isAsync: Bool

    public init(target: Expression, iter: Expression, ifs: [Expression], isAsync: Bool) {
        self.target = target
        self.iter = iter
        self.ifs = ifs
        self.isAsync = isAsync
    }
}

public enum BooleanOperator: String, Sendable { case and, or }

public enum BinaryOperator: String, Sendable {
    case add = "+", sub = "-", mult = "*", matMult = "@", div = "/", mod = "%", pow = "**"
    case lShift = "<<", rShift = ">>", bitOr = "|", bitXor = "^", bitAnd = "&", floorDiv = "//"
}

public enum UnaryOperator: String, Sendable {
    case invert = "~", not = "not", uAdd = "+", uSub = "-"
}

public enum CompareOperator: String, Sendable {
    case eq = "==", notEq = "!=", lt = "<", ltE = "<=", gt = ">", gtE = ">="
    case `is` = "is", isNot = "is not", `in` = "in", notIn = "not in"
}
