/// Parameter lists of `def` and `lambda`, and argument lists of calls and class headers.
extension Parser {
    /// Parameters up to (not including) `closing`: `)` for `def`, `:` for `lambda`.
    mutating func parseParameters(closing: TokenKind, annotations: Bool) throws -> Arguments {
        var result = Arguments()
        var positional: [Parameter] = []
        var seenSlash = false
        var seenStar = false
        var bareStar: Token?
        while tok.kind != closing {
            let t = tok
            switch t.kind {
            case .slash:
                if seenSlash { throw error("/ may appear only once", at: t) }
                if seenStar { throw error("/ must be ahead of *", at: t) }
                if positional.isEmpty { throw error("at least one argument must precede /", at: t) }
                advance()
                seenSlash = true
                result.positionalOnly = positional
                positional = []
            case .star:
                if seenStar { throw error("* argument may appear only once", at: t) }
                advance()
                seenStar = true
                if tok.kind == .comma || tok.kind == closing {
                    bareStar = t
                } else {
                    result.vararg = try parseParameter(annotations: annotations, starAnnotation: true)
                }
            case .doubleStar:
                advance()
                result.kwarg = try parseParameter(annotations: annotations, starAnnotation: false)
                _ = accept(.comma)
                if tok.kind != closing {
                    throw error("arguments cannot follow var-keyword argument", at: tok)
                }
                continue
            case .name:
                let parameter = try parseParameter(annotations: annotations, starAnnotation: false)
                var defaultValue: Expression?
                if accept(.equal) { defaultValue = try parseExpression() }
                if seenStar {
                    result.keywordOnly.append(parameter)
                    result.keywordDefaults.append(defaultValue)
                    bareStar = nil
                } else {
                    if let value = defaultValue {
                        result.defaults.append(value)
                    } else if !result.defaults.isEmpty {
                        throw error("non-default argument follows default argument", at: t)
                    }
                    positional.append(parameter)
                }
            default:
                throw unexpected(t)
            }
            if !accept(.comma) { break }
        }
        if let star = bareStar { throw error("named arguments must follow bare *", at: star) }
        if tok.kind != closing { throw unexpected(tok) }
        result.arguments = positional
        return result
    }

    /// A name with an optional annotation (`*args: *Ts` allows a starred one).
    mutating func parseParameter(annotations: Bool, starAnnotation: Bool) throws -> Parameter {
        let nameToken = try expect(.name)
        var annotation: Expression?
        if annotations && accept(.colon) {
            annotation = starAnnotation ? try parseStarExpression() : try parseExpression()
        }
        return Parameter(name: text(nameToken), annotation: annotation, location: nameToken.location)
    }

    /// Arguments after `(` up to and including `)`.
    mutating func parseCallArguments(open: Token) throws -> ([Expression], [Keyword]) {
        try enter()
        defer { depth -= 1 }
        var arguments: [Expression] = []
        var keywords: [Keyword] = []
        var seenUnpacking = false
        while tok.kind != .rpar {
            let t = tok
            if t.kind == .star {
                advance()
                if seenUnpacking {
                    throw error("iterable argument unpacking follows keyword argument unpacking", at: t)
                }
                arguments.append(Expression(.starred(try parseExpression()), at: t.location))
            } else if t.kind == .doubleStar {
                advance()
                seenUnpacking = true
                keywords.append(Keyword(name: nil, value: try parseExpression(), location: t.location))
            } else if t.kind == .name && peek(1).kind == .equal {
                advance()
                advance()
                keywords.append(Keyword(name: text(t), value: try parseExpression(), location: t.location))
            } else {
                var e = try parseNamedExpression()
                if isComprehensionStart() {
                    let generators = try parseComprehensions()
                    e = Expression(.generatorExp(element: e, generators: generators), at: open.location)
                    if !arguments.isEmpty || !keywords.isEmpty || tok.kind == .comma {
                        throw error("Generator expression must be parenthesized", at: e.location)
                    }
                }
                if tok.kind == .equal {
                    throw error("expression cannot contain assignment, perhaps you meant \"==\"?", at: e.location)
                }
                if !keywords.isEmpty {
                    throw error(seenUnpacking ? "positional argument follows keyword argument unpacking"
                                              : "positional argument follows keyword argument", at: e.location)
                }
                arguments.append(e)
            }
            if !accept(.comma) { break }
        }
        try expect(.rpar)
        return (arguments, keywords)
    }
}
