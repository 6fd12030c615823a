/// Expressions, from `a, *b` down to atoms, by precedence.
extension Parser {
    /// True when `t` can begin an expression (used to tell `return` from `return x`).
    func startsExpression(_ t: Token) -> Bool {
        switch t.kind {
        case .name, .number, .string, .kwNone, .kwTrue, .kwFalse, .kwNot, .kwLambda, .kwAwait, .kwYield,
             .lpar, .lsqb, .lbrace, .minus, .plus, .tilde, .star, .doubleStar, .ellipsis:
            return true
        default:
            return false
        }
    }

    /// `a, *b, c` (a tuple when there is a comma) or a single expression.
    mutating func parseStarExpressions() throws -> Expression {
        // Compound nodes start at their first token, even when that is a `(` around an operand.
        let start = tok.location
        let first = try parseStarExpression()
        guard tok.kind == .comma else { return first }
        var elements = [first]
        while accept(.comma) {
            if !startsExpression(tok) || tok.kind == .kwYield || tok.kind == .doubleStar { break }
            elements.append(try parseStarExpression())
        }
        return Expression(.tuple(elements), at: start)
    }

    /// `*a` or an expression.
    mutating func parseStarExpression() throws -> Expression {
        if tok.kind == .star {
            let location = tok.location
            advance()
            return Expression(.starred(try parseBitwiseOr()), at: location)
        }
        return try parseExpression()
    }

    /// `*a` or a named expression, as in list and set displays.
    mutating func parseStarNamedExpression() throws -> Expression {
        if tok.kind == .star {
            let location = tok.location
            advance()
            return Expression(.starred(try parseBitwiseOr()), at: location)
        }
        return try parseNamedExpression()
    }

    /// `name := value` or an expression.
    mutating func parseNamedExpression() throws -> Expression {
        if tok.kind == .name && peek(1).kind == .colonEqual {
            let target = Expression(.name(text(tok)), at: tok.location)
            advance()
            advance()
            let value = try parseExpression()
            return Expression(.namedExpr(target: target, value: value), at: target.location)
        }
        let e = try parseExpression()
        if tok.kind == .colonEqual {
            throw error("cannot use assignment expressions with \(describe(e))", at: e.location)
        }
        return e
    }

    /// `a if b else c`, a lambda, or a disjunction.
    mutating func parseExpression() throws -> Expression {
        try enter()
        defer { depth -= 1 }
        if tok.kind == .kwLambda { return try parseLambda() }
        let start = tok.location
        let body = try parseDisjunction()
        guard tok.kind == .kwIf else { return body }
        advance()
        let test = try parseDisjunction()
        try expect(.kwElse, "expected 'else' after 'if' expression")
        let orelse = try parseExpression()
        return Expression(.ifExp(test: test, body: body, orelse: orelse), at: start)
    }

    mutating func parseLambda() throws -> Expression {
        let location = tok.location
        advance()
        let arguments = try parseParameters(closing: .colon, annotations: false)
        try expect(.colon, "expected ':'")
        let body = try parseExpression()
        return Expression(.lambda(arguments, body: body), at: location)
    }

    mutating func parseDisjunction() throws -> Expression {
        let start = tok.location
        let first = try parseConjunction()
        guard tok.kind == .kwOr else { return first }
        var values = [first]
        while accept(.kwOr) { values.append(try parseConjunction()) }
        return Expression(.boolOp(.or, values), at: start)
    }

    mutating func parseConjunction() throws -> Expression {
        let start = tok.location
        let first = try parseInversion()
        guard tok.kind == .kwAnd else { return first }
        var values = [first]
        while accept(.kwAnd) { values.append(try parseInversion()) }
        return Expression(.boolOp(.and, values), at: start)
    }

    mutating func parseInversion() throws -> Expression {
        guard tok.kind == .kwNot else { return try parseComparison() }
        let location = tok.location
        advance()
        try enter()
        defer { depth -= 1 }
        return Expression(.unaryOp(.not, try parseInversion()), at: location)
    }

    mutating func parseComparison() throws -> Expression {
        let start = tok.location
        let left = try parseBitwiseOr()
        var operators: [CompareOperator] = []
        var comparators: [Expression] = []
        while true {
            let op: CompareOperator
            switch tok.kind {
            case .equalEqual: op = .eq
            case .notEqual: op = .notEq
            case .less: op = .lt
            case .lessEqual: op = .ltE
            case .greater: op = .gt
            case .greaterEqual: op = .gtE
            case .kwIn: op = .in
            case .kwIs:
                if peek(1).kind == .kwNot { advance(); op = .isNot } else { op = .is }
            case .kwNot:
                guard peek(1).kind == .kwIn else { return finish() }
                advance()
                op = .notIn
            default:
                return finish()
            }
            advance()
            operators.append(op)
            comparators.append(try parseBitwiseOr())
        }
        func finish() -> Expression {
            operators.isEmpty ? left : Expression(.compare(left, operators: operators, comparators: comparators), at: start)
        }
    }

    @inline(__always)
    mutating func parseBitwiseOr() throws -> Expression { try parseBinary(minimumPrecedence: 1) }

    /// The binary operator of `kind` and its precedence (1 = `|` up to 6 = `*`), or nil.
    @inline(__always)
    static func binaryOperator(_ kind: TokenKind) -> (BinaryOperator, Int)? {
        switch kind {
        case .vbar: return (.bitOr, 1)
        case .circumflex: return (.bitXor, 2)
        case .amper: return (.bitAnd, 3)
        case .leftShift: return (.lShift, 4)
        case .rightShift: return (.rShift, 4)
        case .plus: return (.add, 5)
        case .minus: return (.sub, 5)
        case .star: return (.mult, 6)
        case .slash: return (.div, 6)
        case .doubleSlash: return (.floorDiv, 6)
        case .percent: return (.mod, 6)
        case .at: return (.matMult, 6)
        default: return nil
        }
    }

    /// Left-associative binary operators by precedence climbing, which keeps recursion
    /// shallow: one level per precedence step, not per grammar rule.
    mutating func parseBinary(minimumPrecedence: Int) throws -> Expression {
        let start = tok.location
        var left = try parseFactor()
        // Each operator nests the tree one level deeper (`a + b + c` is `(a + b) + c`), and a
        // deep tree would overflow the stack when it is walked or freed: count it as nesting.
        let outerDepth = depth
        defer { depth = outerDepth }
        while let (op, precedence) = Parser.binaryOperator(tok.kind), precedence >= minimumPrecedence {
            try enter()
            advance()
            let right = try parseBinary(minimumPrecedence: precedence + 1)
            left = Expression(.binOp(left, op, right), at: start)
        }
        return left
    }

    /// Unary `+`, `-`, `~`, then a power.
    mutating func parseFactor() throws -> Expression {
        let op: UnaryOperator
        switch tok.kind {
        case .plus: op = .uAdd
        case .minus: op = .uSub
        case .tilde: op = .invert
        default: return try parsePower()
        }
        let location = tok.location
        advance()
        try enter()
        defer { depth -= 1 }
        return Expression(.unaryOp(op, try parseFactor()), at: location)
    }

    /// `await x ** y`: the right operand of `**` binds tighter than unary minus on the left.
    mutating func parsePower() throws -> Expression {
        let start = tok.location
        var base: Expression
        if tok.kind == .kwAwait {
            let location = tok.location
            advance()
            base = Expression(.await(try parsePrimary()), at: location)
        } else {
            base = try parsePrimary()
        }
        if tok.kind == .doubleStar {
            advance()
            try enter()
            defer { depth -= 1 }
            let exponent = try parseFactor()
            base = Expression(.binOp(base, .pow, exponent), at: start)
        }
        return base
    }

    /// An atom followed by `.name`, calls and subscripts.
    mutating func parsePrimary() throws -> Expression {
        let start = tok.location
        var e = try parseAtom()
        // Like binary operators, each trailer nests the tree one level deeper.
        let outerDepth = depth
        defer { depth = outerDepth }
        while true {
            switch tok.kind {
            case .dot, .lpar, .lsqb: try enter()
            default: break
            }
            switch tok.kind {
            case .dot:
                advance()
                let name = text(try expect(.name))
                e = Expression(.attribute(e, name), at: start)
            case .lpar:
                let open = tok
                advance()
                let (arguments, keywords) = try parseCallArguments(open: open)
                e = Expression(.call(function: e, arguments: arguments, keywords: keywords), at: start)
            case .lsqb:
                advance()
                let index = try parseSlices()
                try expect(.rsqb)
                e = Expression(.subscript(e, index), at: start)
            default:
                return e
            }
        }
    }

    /// The contents of `[...]` after a value: one slice, or a tuple of them.
    mutating func parseSlices() throws -> Expression {
        let start = tok.location
        let first = try parseSlice()
        guard tok.kind == .comma else {
            // `a[*b]` means `a[(*b,)]`.
            if case .starred = first.kind { return Expression(.tuple([first]), at: start) }
            return first
        }
        var elements = [first]
        while accept(.comma) {
            if tok.kind == .rsqb { break }
            elements.append(try parseSlice())
        }
        return Expression(.tuple(elements), at: start)
    }

    /// `a`, `*a`, `a:b`, `a:b:c` and the forms with parts left out.
    mutating func parseSlice() throws -> Expression {
        let location = tok.location
        if tok.kind == .star { return try parseStarNamedExpression() }
        var lower: Expression?
        if tok.kind != .colon {
            let e = try parseNamedExpression()
            if tok.kind != .colon { return e }
            lower = e
        }
        advance()
        var upper: Expression?
        var step: Expression?
        if tok.kind != .colon && tok.kind != .comma && tok.kind != .rsqb { upper = try parseExpression() }
        if accept(.colon) {
            if tok.kind != .comma && tok.kind != .rsqb { step = try parseExpression() }
        }
        return Expression(.slice(lower: lower, upper: upper, step: step), at: location)
    }

    /// `yield`, `yield x, y` or `yield from x`.
    mutating func parseYield() throws -> Expression {
        let location = tok.location
        advance()
        if accept(.kwFrom) {
            return Expression(.yieldFrom(try parseExpression()), at: location)
        }
        let value = startsExpression(tok) && tok.kind != .kwYield ? try parseStarExpressions() : nil
        return Expression(.yield(value), at: location)
    }

    // MARK: - Atoms

    mutating func parseAtom() throws -> Expression {
        let t = tok
        switch t.kind {
        case .name:
            advance()
            return Expression(.name(text(t)), at: t.location)
        case .number:
            advance()
            return Expression(.constant(try numberValue(t)), at: t.location)
        case .string:
            return try parseStrings()
        case .kwNone: advance(); return Expression(.constant(.none), at: t.location)
        case .kwTrue: advance(); return Expression(.constant(.true), at: t.location)
        case .kwFalse: advance(); return Expression(.constant(.false), at: t.location)
        case .ellipsis: advance(); return Expression(.constant(.ellipsis), at: t.location)
        case .lpar: return try parseParenthesized()
        case .lsqb: return try parseListDisplay()
        case .lbrace: return try parseBraceDisplay()
        default:
            throw unexpected(t)
        }
    }

    /// `()`, `(x)`, `(x,)`, `(yield)`, `(x for x in y)`.
    mutating func parseParenthesized() throws -> Expression {
        let open = tok
        advance()
        try enter()
        defer { depth -= 1 }
        if accept(.rpar) { return Expression(.tuple([]), at: open.location) }
        if tok.kind == .kwYield {
            let e = try parseYield()
            try expect(.rpar)
            return e
        }
        let first = try parseStarNamedExpression()
        if isComprehensionStart() {
            try checkNotStarred(first)
            let generators = try parseComprehensions()
            try expect(.rpar)
            return Expression(.generatorExp(element: first, generators: generators), at: open.location)
        }
        if tok.kind == .comma {
            var elements = [first]
            while accept(.comma) {
                if tok.kind == .rpar { break }
                elements.append(try parseStarNamedExpression())
            }
            try expect(.rpar)
            return Expression(.tuple(elements), at: open.location)
        }
        try expect(.rpar)
        if case .starred = first.kind { throw error("cannot use starred expression here", at: first.location) }
        return first
    }

    /// `[a, *b]` or `[x for x in y]`.
    mutating func parseListDisplay() throws -> Expression {
        let open = tok
        advance()
        try enter()
        defer { depth -= 1 }
        if accept(.rsqb) { return Expression(.list([]), at: open.location) }
        let first = try parseStarNamedExpression()
        if isComprehensionStart() {
            try checkNotStarred(first)
            let generators = try parseComprehensions()
            try expect(.rsqb)
            return Expression(.listComp(element: first, generators: generators), at: open.location)
        }
        var elements = [first]
        while accept(.comma) {
            if tok.kind == .rsqb { break }
            elements.append(try parseStarNamedExpression())
        }
        try expect(.rsqb)
        return Expression(.list(elements), at: open.location)
    }

    /// Dict and set displays and comprehensions.
    mutating func parseBraceDisplay() throws -> Expression {
        let open = tok
        advance()
        try enter()
        defer { depth -= 1 }
        if accept(.rbrace) { return Expression(.dict(keys: [], values: []), at: open.location) }
        var firstKey: Expression?
        var firstValue: Expression
        if accept(.doubleStar) {
            firstValue = try parseBitwiseOr()
        } else {
            let first = try parseStarNamedExpression()
            if accept(.colon) {
                firstKey = first
                firstValue = try parseExpression()
                if isComprehensionStart() {
                    let generators = try parseComprehensions()
                    try expect(.rbrace)
                    return Expression(.dictComp(key: first, value: firstValue, generators: generators), at: open.location)
                }
            } else {
                // A set.
                if isComprehensionStart() {
                    try checkNotStarred(first)
                    let generators = try parseComprehensions()
                    try expect(.rbrace)
                    return Expression(.setComp(element: first, generators: generators), at: open.location)
                }
                var elements = [first]
                while accept(.comma) {
                    if tok.kind == .rbrace { break }
                    elements.append(try parseStarNamedExpression())
                }
                try expect(.rbrace)
                return Expression(.set(elements), at: open.location)
            }
        }
        var keys: [Expression?] = [firstKey]
        var values = [firstValue]
        while accept(.comma) {
            if tok.kind == .rbrace { break }
            if accept(.doubleStar) {
                keys.append(nil)
                values.append(try parseBitwiseOr())
            } else {
                keys.append(try parseExpression())
                try expect(.colon, "':' expected after dictionary key")
                values.append(try parseExpression())
            }
        }
        try expect(.rbrace)
        return Expression(.dict(keys: keys, values: values), at: open.location)
    }

    // MARK: - Comprehensions

    func isComprehensionStart() -> Bool {
        tok.kind == .kwFor || (tok.kind == .kwAsync && peek(1).kind == .kwFor)
    }

    func checkNotStarred(_ e: Expression) throws {
        if case .starred = e.kind { throw error("iterable unpacking cannot be used in comprehension", at: e.location) }
    }

    /// One or more `for ... in ... if ...` clauses.
    mutating func parseComprehensions() throws -> [Comprehension] {
        var generators: [Comprehension] = []
        while isComprehensionStart() {
            let isAsync = accept(.kwAsync)
            try expect(.kwFor)
            let target = try parseTargetList()
            try expect(.kwIn)
            let iter = try parseDisjunction()
            var ifs: [Expression] = []
            while accept(.kwIf) { ifs.append(try parseDisjunction()) }
            generators.append(Comprehension(target: target, iter: iter, ifs: ifs, isAsync: isAsync))
        }
        return generators
    }

    // MARK: - Targets

    /// One assignment target as in `for` and `with`: stops before `in` and `=`.
    mutating func parseTarget() throws -> Expression {
        if tok.kind == .star {
            let location = tok.location
            advance()
            return Expression(.starred(try parseBitwiseOr()), at: location)
        }
        return try parseBitwiseOr()
    }

    /// `a, (b, c), *d` as a `for` target: a tuple when there is a comma.
    mutating func parseTargetList() throws -> Expression {
        let start = tok.location
        let first = try parseTarget()
        var result = first
        if tok.kind == .comma {
            var elements = [first]
            while accept(.comma) {
                if !startsExpression(tok) { break }
                elements.append(try parseTarget())
            }
            result = Expression(.tuple(elements), at: start)
        }
        try checkTarget(result, verb: "assign to")
        return result
    }

    /// Fails unless `e` can be assigned to (or deleted, per `verb`).
    func checkTarget(_ e: Expression, verb: String) throws {
        switch e.kind {
        case .name, .attribute, .subscript:
            return
        case .tuple(let elements), .list(let elements):
            for element in elements { try checkTarget(element, verb: verb) }
        case .starred(let inner) where verb != "delete":
            try checkTarget(inner, verb: verb)
        default:
            var message = "cannot \(verb) \(describe(e))"
            if verb == "assign to", case .call = e.kind { message += " here. Maybe you meant '==' instead of '='?" }
            throw error(message, at: e.location)
        }
    }

    /// How CPython names an expression in "cannot assign to ..." messages.
    func describe(_ e: Expression) -> String {
        switch e.kind {
        case .call: return "function call"
        case .constant(let c):
            switch c {
            case .none: return "None"
            case .true: return "True"
            case .false: return "False"
            case .ellipsis: return "ellipsis"
            default: return "literal"
            }
        case .compare: return "comparison"
        case .ifExp: return "conditional expression"
        case .lambda: return "lambda"
        case .namedExpr: return "named expression"
        case .dict: return "dict literal"
        case .set: return "set display"
        case .listComp: return "list comprehension"
        case .setComp: return "set comprehension"
        case .dictComp: return "dict comprehension"
        case .generatorExp: return "generator expression"
        case .yield, .yieldFrom: return "yield expression"
        case .await: return "await expression"
        case .joinedStr, .formattedValue: return "f-string expression"
        case .tuple: return "tuple"
        case .list: return "list"
        case .starred: return "starred"
        case .name: return "name"
        case .attribute: return "attribute"
        case .subscript: return "subscript"
        default: return "expression"
        }
    }
}
