/// `match` statements and their patterns; `match`, `case` and `_` are soft keywords.
extension Parser {
    /// Parses a `match` statement if the line is one; otherwise leaves the position
    /// unchanged and returns nil so `match` is read as an ordinary name.
    mutating func parseMatchIfPresent() throws -> Statement? {
        let keyword = tok
        let saved = (index, depth)
        advance()
        var subject: Expression?
        do {
            if startsExpression(tok) && tok.kind != .kwYield && tok.kind != .doubleStar {
                let start = tok.location
                let first = try parseStarNamedExpression()
                if tok.kind == .comma {
                    var elements = [first]
                    while accept(.comma) {
                        if tok.kind == .colon { break }
                        elements.append(try parseStarNamedExpression())
                    }
                    subject = Expression(.tuple(elements), at: start)
                } else {
                    subject = first
                }
            }
        } catch {
            subject = nil
        }
        guard let subject, tok.kind == .colon else {
            (index, depth) = saved
            return nil
        }
        advance()
        try expect(.newline, "invalid syntax")
        guard tok.kind == .indent else {
            throw error("expected an indented block after 'match' statement on line \(keyword.line)", at: tok)
        }
        advance()
        try enter()
        var cases: [MatchCase] = []
        while isName(tok, "case") {
            cases.append(try parseCase())
        }
        if cases.isEmpty || tok.kind != .dedent {
            throw unexpected(tok)
        }
        advance()
        depth -= 1
        return Statement(.match(subject: subject, cases: cases), at: keyword.location)
    }

    mutating func parseCase() throws -> MatchCase {
        let keyword = tok
        advance()
        let first = try parseMaybeStarPattern()
        var pattern = first
        if tok.kind == .comma {
            var elements = [first]
            while accept(.comma) {
                if tok.kind == .colon || tok.kind == .kwIf { break }
                elements.append(try parseMaybeStarPattern())
            }
            pattern = Pattern(.sequence(elements), at: first.location)
        } else if case .star = first.kind {
            pattern = Pattern(.sequence([first]), at: first.location)
        }
        let guardExpression = accept(.kwIf) ? try parseNamedExpression() : nil
        try expect(.colon, "expected ':'")
        let body = try parseBlock(owner: "'case' statement", line: keyword.line)
        return MatchCase(pattern: pattern, guardExpression: guardExpression, body: body)
    }

    /// `*name` inside a sequence pattern, or a full pattern.
    mutating func parseMaybeStarPattern() throws -> Pattern {
        if tok.kind == .star {
            let location = tok.location
            advance()
            let nameToken = try expect(.name)
            let name = text(nameToken)
            return Pattern(.star(name == "_" ? nil : name), at: location)
        }
        return try parsePattern()
    }

    /// `or_pattern ['as' name]`.
    mutating func parsePattern() throws -> Pattern {
        try enter()
        defer { depth -= 1 }
        let first = try parseClosedPattern()
        var pattern = first
        if tok.kind == .vbar {
            var alternatives = [first]
            while accept(.vbar) { alternatives.append(try parseClosedPattern()) }
            pattern = Pattern(.or(alternatives), at: first.location)
        }
        if accept(.kwAs) {
            let nameToken = try expect(.name)
            let name = text(nameToken)
            if name == "_" { throw error("cannot use '_' as a target", at: nameToken) }
            pattern = Pattern(.as(pattern: pattern, name: name), at: pattern.location)
        }
        return pattern
    }

    mutating func parseClosedPattern() throws -> Pattern {
        let t = tok
        let location = t.location
        switch t.kind {
        case .kwNone: advance(); return Pattern(.singleton(.none), at: location)
        case .kwTrue: advance(); return Pattern(.singleton(.true), at: location)
        case .kwFalse: advance(); return Pattern(.singleton(.false), at: location)
        case .number, .minus:
            return Pattern(.value(try parseSignedNumberPattern()), at: location)
        case .string:
            return Pattern(.value(try parseStrings()), at: location)
        case .name:
            advance()
            var value = Expression(.name(text(t)), at: location)
            var dotted = false
            let outerDepth = depth
            defer { depth = outerDepth }
            while tok.kind == .dot {
                try enter()
                advance()
                value = Expression(.attribute(value, text(try expect(.name))), at: location)
                dotted = true
            }
            if tok.kind == .lpar { return try parseClassPattern(value) }
            if dotted { return Pattern(.value(value), at: location) }
            let name = text(t)
            return Pattern(.as(pattern: nil, name: name == "_" ? nil : name), at: location)
        case .lpar, .lsqb:
            advance()
            let closing: TokenKind = t.kind == .lpar ? .rpar : .rsqb
            var elements: [Pattern] = []
            var sawComma = false
            while tok.kind != closing {
                elements.append(try parseMaybeStarPattern())
                if !accept(.comma) { break }
                sawComma = true
            }
            try expect(closing)
            if t.kind == .lpar && elements.count == 1 && !sawComma {
                if case .star = elements[0].kind {} else { return elements[0] }
            }
            return Pattern(.sequence(elements), at: location)
        case .lbrace:
            return try parseMappingPattern()
        default:
            throw unexpected(t)
        }
    }

    /// `-1`, `3`, `1+2j`, `-1.5-2j` as the value of a literal pattern.
    mutating func parseSignedNumberPattern() throws -> Expression {
        let location = tok.location
        let negative = accept(.minus)
        let numberToken = try expect(.number)
        var value = Expression(.constant(try numberValue(numberToken)), at: numberToken.location)
        if negative { value = Expression(.unaryOp(.uSub, value), at: location) }
        if tok.kind == .plus || tok.kind == .minus {
            let op: BinaryOperator = tok.kind == .plus ? .add : .sub
            advance()
            let imaginaryToken = try expect(.number)
            let imaginary = try numberValue(imaginaryToken)
            guard case .imaginary = imaginary else { throw error("imaginary number required in complex literal", at: imaginaryToken) }
            value = Expression(.binOp(value, op, Expression(.constant(imaginary), at: imaginaryToken.location)), at: location)
        }
        return value
    }

    /// `Cls(a, b, key=c)` after the class name.
    mutating func parseClassPattern(_ cls: Expression) throws -> Pattern {
        advance()
        var patterns: [Pattern] = []
        var keywordNames: [String] = []
        var keywordPatterns: [Pattern] = []
        while tok.kind != .rpar {
            if tok.kind == .name && peek(1).kind == .equal {
                keywordNames.append(text(tok))
                advance()
                advance()
                keywordPatterns.append(try parsePattern())
            } else {
                let p = try parsePattern()
                if !keywordNames.isEmpty {
                    throw error("positional patterns follow keyword patterns", at: p.location)
                }
                patterns.append(p)
            }
            if !accept(.comma) { break }
        }
        try expect(.rpar)
        return Pattern(.class(cls: cls, patterns: patterns, keywordNames: keywordNames, keywordPatterns: keywordPatterns),
                       at: cls.location)
    }

    /// `{key: pattern, **rest}`.
    mutating func parseMappingPattern() throws -> Pattern {
        let location = tok.location
        advance()
        var keys: [Expression] = []
        var patterns: [Pattern] = []
        var rest: String?
        while tok.kind != .rbrace {
            if accept(.doubleStar) {
                rest = text(try expect(.name))
                _ = accept(.comma)
                break
            }
            let keyToken = tok
            let key: Expression
            switch keyToken.kind {
            case .number, .minus: key = try parseSignedNumberPattern()
            case .string: key = try parseStrings()
            case .kwNone: advance(); key = Expression(.constant(.none), at: keyToken.location)
            case .kwTrue: advance(); key = Expression(.constant(.true), at: keyToken.location)
            case .kwFalse: advance(); key = Expression(.constant(.false), at: keyToken.location)
            case .name:
                advance()
                var value = Expression(.name(text(keyToken)), at: keyToken.location)
                guard tok.kind == .dot else { throw unexpected(keyToken) }
                let outerDepth = depth
                defer { depth = outerDepth }
                while accept(.dot) {
                    try enter()
                    value = Expression(.attribute(value, text(try expect(.name))), at: keyToken.location)
                }
                key = value
            default:
                throw unexpected(keyToken)
            }
            try expect(.colon)
            keys.append(key)
            patterns.append(try parsePattern())
            if !accept(.comma) { break }
        }
        try expect(.rbrace)
        return Pattern(.mapping(keys: keys, patterns: patterns, rest: rest), at: location)
    }
}
