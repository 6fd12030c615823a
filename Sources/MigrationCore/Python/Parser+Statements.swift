/// Statements: simple statements, compound statements and their blocks.
extension Parser {
    /// Parses one statement line (or compound statement) and appends what it holds.
    mutating func parseStatement(into body: inout [Statement]) throws {
        switch tok.kind {
        case .kwDef: body.append(try parseFunctionDef(decorators: [], asyncToken: nil))
        case .kwClass: body.append(try parseClassDef(decorators: []))
        case .at: body.append(try parseDecorated())
        case .kwIf: body.append(try parseIf())
        case .kwWhile: body.append(try parseWhile())
        case .kwFor: body.append(try parseFor(asyncToken: nil))
        case .kwWith: body.append(try parseWith(asyncToken: nil))
        case .kwTry: body.append(try parseTry())
        case .kwAsync:
            let asyncToken = tok
            advance()
            switch tok.kind {
            case .kwDef: body.append(try parseFunctionDef(decorators: [], asyncToken: asyncToken))
            case .kwFor: body.append(try parseFor(asyncToken: asyncToken))
            case .kwWith: body.append(try parseWith(asyncToken: asyncToken))
            default: throw unexpected(tok)
            }
        case .indent:
            throw error("unexpected indent", at: tok)
        case .newline, .dedent:
            throw unexpected(tok)
        case .name:
            if isName(tok, "match"), let statement = try parseMatchIfPresent() {
                body.append(statement)
                return
            }
            try parseSimpleStatements(into: &body)
        default:
            try parseSimpleStatements(into: &body)
        }
    }

    /// `a; b; c` up to and including NEWLINE.
    mutating func parseSimpleStatements(into body: inout [Statement]) throws {
        while true {
            body.append(try parseSimpleStatement())
            if tok.kind == .semi {
                advance()
                if tok.kind == .newline { break }
                continue
            }
            break
        }
        if tok.kind != .newline { throw unexpected(tok) }
        advance()
    }

    /// One simple statement, without its terminator.
    mutating func parseSimpleStatement() throws -> Statement {
        let start = tok
        let location = start.location
        switch start.kind {
        case .kwPass: advance(); return Statement(.pass, at: location)
        case .kwBreak: advance(); return Statement(.break, at: location)
        case .kwContinue: advance(); return Statement(.continue, at: location)
        case .kwReturn:
            advance()
            let value = startsExpression(tok) ? try parseStarExpressions() : nil
            if let value { try checkNotBareStarred(value) }
            return Statement(.return(value), at: location)
        case .kwRaise:
            advance()
            var exception: Expression?
            var cause: Expression?
            if startsExpression(tok) {
                exception = try parseExpression()
                if accept(.kwFrom) { cause = try parseExpression() }
            }
            return Statement(.raise(exception: exception, cause: cause), at: location)
        case .kwGlobal, .kwNonlocal:
            advance()
            var names: [String] = []
            repeat {
                names.append(text(try expect(.name)))
            } while accept(.comma)
            return Statement(start.kind == .kwGlobal ? .global(names) : .nonlocal(names), at: location)
        case .kwDel:
            advance()
            var targets: [Expression] = []
            repeat {
                if !startsExpression(tok) { break }
                let target = try parseTarget()
                try checkTarget(target, verb: "delete")
                targets.append(target)
            } while accept(.comma)
            if targets.isEmpty { throw unexpected(tok) }
            return Statement(.delete(targets), at: location)
        case .kwAssert:
            advance()
            let test = try parseExpression()
            let message = accept(.comma) ? try parseExpression() : nil
            return Statement(.assert(test: test, message: message), at: location)
        case .kwImport:
            advance()
            return Statement(.import(try parseDottedAsNames()), at: location)
        case .kwFrom:
            return try parseImportFrom()
        default:
            return try parseExpressionStatement()
        }
    }

    /// Assignments, augmented and annotated assignments, and expression statements.
    mutating func parseExpressionStatement() throws -> Statement {
        let first = tok
        let location = first.location
        let e = tok.kind == .kwYield ? try parseYield() : try parseStarExpressions()
        switch tok.kind {
        case .equal:
            var targets = [e]
            var value = e
            while accept(.equal) {
                value = tok.kind == .kwYield ? try parseYield() : try parseStarExpressions()
                try checkNotBareStarred(value)
                targets.append(value)
            }
            targets.removeLast()
            for target in targets {
                if case .starred = target.kind {
                    throw error("starred assignment target must be in a list or tuple", at: target.location)
                }
                try checkTarget(target, verb: "assign to")
            }
            return Statement(.assign(targets: targets, value: value), at: location)
        case .colon:
            advance()
            switch e.kind {
            case .name, .attribute, .subscript: break
            case .tuple: throw error("only single target (not tuple) can be annotated", at: e.location)
            case .list: throw error("only single target (not list) can be annotated", at: e.location)
            default: throw error("illegal target for annotation", at: e.location)
            }
            let annotation = try parseExpression()
            var value: Expression?
            if accept(.equal) {
                value = tok.kind == .kwYield ? try parseYield() : try parseStarExpressions()
            }
            var simple = false
            if case .name = e.kind, first.kind != .lpar { simple = true }
            return Statement(.annAssign(target: e, annotation: annotation, value: value, simple: simple), at: location)
        default:
            if let op = tok.kind.augmentedOperator {
                switch e.kind {
                case .name, .attribute, .subscript: break
                default:
                    throw error("'\(describe(e))' is an illegal expression for augmented assignment", at: e.location)
                }
                advance()
                let value = tok.kind == .kwYield ? try parseYield() : try parseStarExpressions()
                return Statement(.augAssign(target: e, op: op, value: value), at: location)
            }
            try checkNotBareStarred(e)
            return Statement(.expression(e), at: location)
        }
    }

    /// A lone `*a` is only valid inside a tuple, list or call.
    func checkNotBareStarred(_ e: Expression) throws {
        if case .starred = e.kind { throw error("can't use starred expression here", at: e.location) }
    }

    // MARK: - Imports

    /// `a.b.c` as one string.
    mutating func parseDottedName() throws -> String {
        var name = text(try expect(.name))
        while tok.kind == .dot {
            advance()
            name += "."
            name += text(try expect(.name))
        }
        return name
    }

    /// `a.b as c, d` after `import`.
    mutating func parseDottedAsNames() throws -> [ImportAlias] {
        var names: [ImportAlias] = []
        repeat {
            let location = tok.location
            let name = try parseDottedName()
            let asName = accept(.kwAs) ? text(try expect(.name)) : nil
            names.append(ImportAlias(name: name, asName: asName, location: location))
        } while accept(.comma)
        return names
    }

    /// `from ..a import b as c`, `from . import (x, y,)`, `from a import *`.
    mutating func parseImportFrom() throws -> Statement {
        let location = tok.location
        advance()
        var level = 0
        while true {
            if tok.kind == .dot { level += 1; advance() }
            else if tok.kind == .ellipsis { level += 3; advance() }
            else { break }
        }
        var module: String?
        if tok.kind == .name { module = try parseDottedName() }
        if module == nil && level == 0 { throw unexpected(tok) }
        try expect(.kwImport)
        var names: [ImportAlias] = []
        if tok.kind == .star {
            names.append(ImportAlias(name: "*", asName: nil, location: tok.location))
            advance()
        } else {
            let parenthesized = accept(.lpar)
            repeat {
                if parenthesized && tok.kind == .rpar && !names.isEmpty { break }
                let aliasLocation = tok.location
                let name = text(try expect(.name))
                let asName = accept(.kwAs) ? text(try expect(.name)) : nil
                names.append(ImportAlias(name: name, asName: asName, location: aliasLocation))
            } while accept(.comma)
            if parenthesized {
                try expect(.rpar)
            } else if tok.kind == .comma {
                throw error("trailing comma not allowed without surrounding parentheses", at: tok)
            }
        }
        return Statement(.importFrom(module: module, names: names, level: level), at: location)
    }

    // MARK: - Compound statements

    /// Decorators, then the function or class they apply to.
    mutating func parseDecorated() throws -> Statement {
        var decorators: [Expression] = []
        while tok.kind == .at {
            advance()
            decorators.append(try parseNamedExpression())
            try expect(.newline)
        }
        switch tok.kind {
        case .kwDef: return try parseFunctionDef(decorators: decorators, asyncToken: nil)
        case .kwClass: return try parseClassDef(decorators: decorators)
        case .kwAsync:
            let asyncToken = tok
            advance()
            guard tok.kind == .kwDef else { throw unexpected(tok) }
            return try parseFunctionDef(decorators: decorators, asyncToken: asyncToken)
        default: throw unexpected(tok)
        }
    }

    mutating func parseFunctionDef(decorators: [Expression], asyncToken: Token?) throws -> Statement {
        let defToken = try expect(.kwDef)
        let header = asyncToken ?? defToken
        let name = text(try expect(.name))
        try expect(.lpar, "expected '('")
        let arguments = try parseParameters(closing: .rpar, annotations: true)
        try expect(.rpar)
        let returns = accept(.rarrow) ? try parseExpression() : nil
        try expect(.colon, "expected ':'")
        let body = try parseBlock(owner: "function definition", line: header.line)
        let def = FunctionDef(name: name, arguments: arguments, body: body, decorators: decorators,
                              returns: returns, isAsync: asyncToken != nil)
        return Statement(.functionDef(def), at: header.location)
    }

    mutating func parseClassDef(decorators: [Expression]) throws -> Statement {
        let classToken = try expect(.kwClass)
        let name = text(try expect(.name))
        var bases: [Expression] = []
        var keywords: [Keyword] = []
        if tok.kind == .lpar {
            let open = tok
            advance()
            (bases, keywords) = try parseCallArguments(open: open)
        }
        try expect(.colon, "expected ':'")
        let body = try parseBlock(owner: "class definition", line: classToken.line)
        return Statement(.classDef(ClassDef(name: name, bases: bases, keywords: keywords, body: body,
                                            decorators: decorators)), at: classToken.location)
    }

    /// `if`/`elif` chains become nested `if` statements in `orelse`, as in Python's tree.
    mutating func parseIf() throws -> Statement {
        let keyword = tok
        advance()
        let test = try parseNamedExpression()
        try expect(.colon, "expected ':'")
        let body = try parseBlock(owner: keyword.kind == .kwIf ? "'if' statement" : "'elif' statement", line: keyword.line)
        var orelse: [Statement] = []
        if tok.kind == .kwElif {
            try enter()
            orelse = [try parseIf()]
            depth -= 1
        } else if tok.kind == .kwElse {
            orelse = try parseElse()
        }
        return Statement(.if(test: test, body: body, orelse: orelse), at: keyword.location)
    }

    mutating func parseElse() throws -> [Statement] {
        let keyword = try expect(.kwElse)
        try expect(.colon, "expected ':'")
        return try parseBlock(owner: "'else' statement", line: keyword.line)
    }

    mutating func parseWhile() throws -> Statement {
        let keyword = try expect(.kwWhile)
        let test = try parseNamedExpression()
        try expect(.colon, "expected ':'")
        let body = try parseBlock(owner: "'while' statement", line: keyword.line)
        let orelse = tok.kind == .kwElse ? try parseElse() : []
        return Statement(.while(test: test, body: body, orelse: orelse), at: keyword.location)
    }

    mutating func parseFor(asyncToken: Token?) throws -> Statement {
        let keyword = try expect(.kwFor)
        let target = try parseTargetList()
        try expect(.kwIn)
        let iter = try parseStarExpressions()
        try expect(.colon, "expected ':'")
        let body = try parseBlock(owner: "'for' statement", line: keyword.line)
        let orelse = tok.kind == .kwElse ? try parseElse() : []
        return Statement(.for(target: target, iter: iter, body: body, orelse: orelse, isAsync: asyncToken != nil),
                         at: (asyncToken ?? keyword).location)
    }

    mutating func parseWith(asyncToken: Token?) throws -> Statement {
        let keyword = try expect(.kwWith)
        var items: [WithItem] = []
        // `with (a as b, c):` needs a try-and-retreat: the same opening could be a tuple.
        if tok.kind == .lpar {
            let saved = (index, depth)
            do {
                advance()
                var parsed: [WithItem] = []
                repeat {
                    if tok.kind == .rpar && !parsed.isEmpty { break }
                    parsed.append(try parseWithItem())
                } while accept(.comma)
                try expect(.rpar)
                if tok.kind == .colon { items = parsed }
            } catch {}
            if items.isEmpty { (index, depth) = saved }
        }
        if items.isEmpty {
            repeat {
                items.append(try parseWithItem())
            } while accept(.comma)
        }
        try expect(.colon, "expected ':'")
        let body = try parseBlock(owner: "'with' statement", line: keyword.line)
        return Statement(.with(items: items, body: body, isAsync: asyncToken != nil), at: (asyncToken ?? keyword).location)
    }

    mutating func parseWithItem() throws -> WithItem {
        let context = try parseExpression()
        var vars: Expression?
        if accept(.kwAs) {
            let target = try parseTarget()
            try checkTarget(target, verb: "assign to")
            vars = target
        }
        return WithItem(contextExpression: context, optionalVars: vars)
    }

    mutating func parseTry() throws -> Statement {
        let keyword = try expect(.kwTry)
        try expect(.colon, "expected ':'")
        let body = try parseBlock(owner: "'try' statement", line: keyword.line)
        var handlers: [ExceptHandler] = []
        var isStar: Bool?
        while tok.kind == .kwExcept {
            let exceptToken = tok
            advance()
            let star = accept(.star)
            if let previous = isStar, previous != star {
                throw error("cannot have both 'except' and 'except*' on the same 'try'", at: exceptToken)
            }
            isStar = star
            var type: Expression?
            var name: String?
            if tok.kind != .colon {
                type = try parseExpression()
                if tok.kind == .comma {
                    throw error("multiple exception types must be parenthesized", at: type?.location ?? exceptToken.location)
                }
                if accept(.kwAs) { name = text(try expect(.name)) }
            } else if star {
                throw error("expected one or more exception types", at: tok)
            }
            try expect(.colon, "expected ':'")
            let handlerBody = try parseBlock(owner: star ? "'except*' statement" : "'except' statement", line: exceptToken.line)
            handlers.append(ExceptHandler(type: type, name: name, body: handlerBody, location: exceptToken.location))
        }
        var orelse: [Statement] = []
        var finalbody: [Statement] = []
        if !handlers.isEmpty && tok.kind == .kwElse { orelse = try parseElse() }
        if tok.kind == .kwFinally {
            let finallyToken = tok
            advance()
            try expect(.colon, "expected ':'")
            finalbody = try parseBlock(owner: "'finally' statement", line: finallyToken.line)
        }
        if handlers.isEmpty && finalbody.isEmpty {
            throw error("expected 'except' or 'finally' block", at: tok)
        }
        return Statement(.try(body: body, handlers: handlers, orelse: orelse, finalbody: finalbody, isStar: isStar ?? false),
                         at: keyword.location)
    }
}
