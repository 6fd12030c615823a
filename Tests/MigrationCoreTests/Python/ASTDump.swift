@testable import MigrationCore

/// Prints a syntax tree compactly, in the same form as `ast_dump.py` prints CPython's.
///
/// Nodes print as `Type(field, field, ...)` with fields in the order of CPython's
/// `_fields` (without `ctx`), so the two outputs can be compared as strings.
struct ASTDump {
    /// Appends `@line:column` to statements and expressions.
    var locations = false

    /// One line per top-level statement.
    func module(_ m: Module) -> String {
        m.body.map { statement($0) }.joined(separator: "\n")
    }

    func loc(_ l: SourceLocation) -> String { locations ? "@\(l.line):\(l.column)" : "" }

    func list<T>(_ items: [T], _ f: (T) -> String) -> String {
        "[" + items.map(f).joined(separator: ", ") + "]"
    }

    func opt(_ e: Expression?) -> String { e.map { expr($0) } ?? "None" }
    func str(_ s: String?) -> String { s.map { ASTDump.quote($0) } ?? "None" }
    func body(_ b: [Statement]) -> String { list(b) { statement($0) } }
    func exprs(_ b: [Expression]) -> String { list(b) { expr($0) } }

    func statement(_ s: Statement) -> String {
        let text: String
        switch s.kind {
        case .functionDef(let f):
            text = (f.isAsync ? "AsyncFunctionDef(" : "FunctionDef(")
                + "\(ASTDump.quote(f.name)), \(arguments(f.arguments)), \(body(f.body)), \(exprs(f.decorators)), \(opt(f.returns)))"
        case .classDef(let c):
            text = "ClassDef(\(ASTDump.quote(c.name)), \(exprs(c.bases)), \(list(c.keywords) { keyword($0) }), \(body(c.body)), \(exprs(c.decorators)))"
        case .return(let e): text = "Return(\(opt(e)))"
        case .delete(let targets): text = "Delete(\(exprs(targets)))"
        case .assign(let targets, let value): text = "Assign(\(exprs(targets)), \(expr(value)))"
        case .augAssign(let target, let op, let value):
            text = "AugAssign(\(expr(target)), \(ASTDump.name(op)), \(expr(value)))"
        case .annAssign(let target, let annotation, let value, let simple):
            text = "AnnAssign(\(expr(target)), \(expr(annotation)), \(opt(value)), \(simple ? 1 : 0))"
        case .for(let target, let iter, let b, let orelse, let isAsync):
            text = (isAsync ? "AsyncFor(" : "For(") + "\(expr(target)), \(expr(iter)), \(body(b)), \(body(orelse)))"
        case .while(let test, let b, let orelse): text = "While(\(expr(test)), \(body(b)), \(body(orelse)))"
        case .if(let test, let b, let orelse): text = "If(\(expr(test)), \(body(b)), \(body(orelse)))"
        case .with(let items, let b, let isAsync):
            text = (isAsync ? "AsyncWith(" : "With(")
                + list(items) { "withitem(\(expr($0.contextExpression)), \(opt($0.optionalVars)))" } + ", \(body(b)))"
        case .match(let subject, let cases):
            text = "Match(\(expr(subject)), " + list(cases) {
                "match_case(\(pattern($0.pattern)), \(opt($0.guardExpression)), \(body($0.body)))"
            } + ")"
        case .raise(let exception, let cause): text = "Raise(\(opt(exception)), \(opt(cause)))"
        case .try(let b, let handlers, let orelse, let finalbody, let isStar):
            text = (isStar ? "TryStar(" : "Try(") + "\(body(b)), " + list(handlers) {
                "ExceptHandler(\(opt($0.type)), \(str($0.name)), \(body($0.body)))"
            } + ", \(body(orelse)), \(body(finalbody)))"
        case .assert(let test, let message): text = "Assert(\(expr(test)), \(opt(message)))"
        case .import(let names): text = "Import(\(list(names) { alias($0) }))"
        case .importFrom(let module, let names, let level):
            text = "ImportFrom(\(str(module)), \(list(names) { alias($0) }), \(level))"
        case .global(let names): text = "Global(\(list(names) { ASTDump.quote($0) }))"
        case .nonlocal(let names): text = "Nonlocal(\(list(names) { ASTDump.quote($0) }))"
        case .expression(let e): text = "Expr(\(expr(e)))"
        case .pass: text = "Pass()"
        case .break: text = "Break()"
        case .continue: text = "Continue()"
        }
        return text + loc(s.location)
    }

    func alias(_ a: ImportAlias) -> String { "alias(\(ASTDump.quote(a.name)), \(str(a.asName)))" }

    func keyword(_ k: Keyword) -> String { "keyword(\(str(k.name)), \(expr(k.value)))" }

    func parameter(_ p: Parameter?) -> String {
        guard let p else { return "None" }
        return "arg(\(ASTDump.quote(p.name)), \(opt(p.annotation)))"
    }

    func arguments(_ a: Arguments) -> String {
        "arguments(\(list(a.positionalOnly) { parameter($0) }), \(list(a.arguments) { parameter($0) }), \(parameter(a.vararg)), "
            + "\(list(a.keywordOnly) { parameter($0) }), \(list(a.keywordDefaults) { opt($0) }), \(parameter(a.kwarg)), \(exprs(a.defaults)))"
    }

    func comprehensions(_ gs: [Comprehension]) -> String {
        list(gs) { "comprehension(\(expr($0.target)), \(expr($0.iter)), \(exprs($0.ifs)), \($0.isAsync ? 1 : 0))" }
    }

    func expr(_ e: Expression) -> String {
        let text: String
        switch e.kind {
        case .boolOp(let op, let values): text = "BoolOp(\(op == .and ? "And" : "Or"), \(exprs(values)))"
        case .namedExpr(let target, let value): text = "NamedExpr(\(expr(target)), \(expr(value)))"
        case .binOp(let l, let op, let r): text = "BinOp(\(expr(l)), \(ASTDump.name(op)), \(expr(r)))"
        case .unaryOp(let op, let operand):
            let name = switch op { case .invert: "Invert"; case .not: "Not"; case .uAdd: "UAdd"; case .uSub: "USub" }
            text = "UnaryOp(\(name), \(expr(operand)))"
        case .lambda(let a, let b): text = "Lambda(\(arguments(a)), \(expr(b)))"
        case .ifExp(let test, let b, let orelse): text = "IfExp(\(expr(test)), \(expr(b)), \(expr(orelse)))"
        case .dict(let keys, let values): text = "Dict(\(list(keys) { opt($0) }), \(exprs(values)))"
        case .set(let elements): text = "Set(\(exprs(elements)))"
        case .listComp(let element, let gs): text = "ListComp(\(expr(element)), \(comprehensions(gs)))"
        case .setComp(let element, let gs): text = "SetComp(\(expr(element)), \(comprehensions(gs)))"
        case .dictComp(let k, let v, let gs): text = "DictComp(\(expr(k)), \(expr(v)), \(comprehensions(gs)))"
        case .generatorExp(let element, let gs): text = "GeneratorExp(\(expr(element)), \(comprehensions(gs)))"
        case .await(let v): text = "Await(\(expr(v)))"
        case .yield(let v): text = "Yield(\(opt(v)))"
        case .yieldFrom(let v): text = "YieldFrom(\(expr(v)))"
        case .compare(let l, let ops, let comparators):
            text = "Compare(\(expr(l)), \(list(ops) { ASTDump.name($0) }), \(exprs(comparators)))"
        case .call(let f, let args, let keywords):
            text = "Call(\(expr(f)), \(exprs(args)), \(list(keywords) { keyword($0) }))"
        case .formattedValue(let v, let conversion, let spec):
            let code = conversion.flatMap { $0.asciiValue.map(Int.init) } ?? -1
            text = "FormattedValue(\(expr(v)), \(code), \(opt(spec)))"
        case .joinedStr(let values): text = "JoinedStr(\(exprs(values)))"
        case .constant(let c): text = "Constant(\(ASTDump.constant(c)))"
        case .attribute(let v, let attr): text = "Attribute(\(expr(v)), \(ASTDump.quote(attr)))"
        case .subscript(let v, let s): text = "Subscript(\(expr(v)), \(expr(s)))"
        case .starred(let v): text = "Starred(\(expr(v)))"
        case .name(let id): text = "Name(\(ASTDump.quote(id)))"
        case .list(let elements): text = "List(\(exprs(elements)))"
        case .tuple(let elements): text = "Tuple(\(exprs(elements)))"
        case .slice(let lower, let upper, let step): text = "Slice(\(opt(lower)), \(opt(upper)), \(opt(step)))"
        }
        return text + loc(e.location)
    }

    func pattern(_ p: Pattern) -> String {
        switch p.kind {
        case .value(let e): return "MatchValue(\(expr(e)))"
        case .singleton(let c): return "MatchSingleton(\(ASTDump.constant(c)))"
        case .sequence(let ps): return "MatchSequence(\(list(ps) { pattern($0) }))"
        case .mapping(let keys, let ps, let rest):
            return "MatchMapping(\(exprs(keys)), \(list(ps) { pattern($0) }), \(str(rest)))"
        case .class(let cls, let ps, let names, let kps):
            return "MatchClass(\(expr(cls)), \(list(ps) { pattern($0) }), \(list(names) { ASTDump.quote($0) }), \(list(kps) { pattern($0) }))"
        case .star(let name): return "MatchStar(\(str(name)))"
        case .as(let inner, let name): return "MatchAs(\(inner.map { pattern($0) } ?? "None"), \(str(name)))"
        case .or(let ps): return "MatchOr(\(list(ps) { pattern($0) }))"
        }
    }

    static func name(_ op: BinaryOperator) -> String {
        switch op {
        case .add: "Add"; case .sub: "Sub"; case .mult: "Mult"; case .matMult: "MatMult"; case .div: "Div"
        case .mod: "Mod"; case .pow: "Pow"; case .lShift: "LShift"; case .rShift: "RShift"; case .bitOr: "BitOr"
        case .bitXor: "BitXor"; case .bitAnd: "BitAnd"; case .floorDiv: "FloorDiv"
        }
    }

    static func name(_ op: CompareOperator) -> String {
        switch op {
        case .eq: "Eq"; case .notEq: "NotEq"; case .lt: "Lt"; case .ltE: "LtE"; case .gt: "Gt"; case .gtE: "GtE"
        case .is: "Is"; case .isNot: "IsNot"; case .in: "In"; case .notIn: "NotIn"
        }
    }

    static func constant(_ c: Constant) -> String {
        switch c {
        case .none: return "None"
        case .true: return "True"
        case .false: return "False"
        case .ellipsis: return "..."
        case .int(let v): return String(v)
        case .bigInt(let digits): return digits
        case .float(let v): return pythonFloat(v)
        case .imaginary(let v): return "c:" + pythonFloat(v)
        case .string(let s): return "s:" + quote(s)
        case .bytes(let b):
            var out = "b:'"
            for byte in b {
                if byte >= 0x20 && byte < 0x7F && byte != 0x5C && byte != 0x27 {
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    out += "\\x" + hex2(UInt32(byte))
                }
            }
            return out + "'"
        }
    }

    /// Python's `repr` of a float for the values tests use (Swift agrees on most).
    static func pythonFloat(_ v: Double) -> String {
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        return "\(v)"
    }

    static func hex2(_ v: UInt32) -> String {
        let h = String(v, radix: 16)
        return h.count < 2 ? "0" + h : h
    }

    static func quote(_ s: String) -> String {
        var out = "'"
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hex2(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "'"
    }
}
