/// A CHECK condition in one form for both sides of a PostgreSQL comparison: what a
/// migration writes (`kind IN ('a', 'b')`) and what the catalogue gives back for it
/// (`((kind)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))`)
/// read the same once casts, parentheses around a single term and around the whole are
/// taken off and `= ANY (ARRAY[...])` is read as `IN (...)`.
enum PostgresCheckText {
    static func canonical(_ text: String) -> String {
        var tokens = SQLTokenizer.tokens(text)
        tokens = withoutCasts(tokens)
        var changed = true
        while changed {
            changed = false
            if let next = withoutSingleTermParentheses(tokens) { tokens = next; changed = true }
            if let next = withAnyArrayAsIn(tokens) { tokens = next; changed = true }
            if let next = withoutOuterParentheses(tokens) { tokens = next; changed = true }
        }
        return render(tokens)
    }

    /// `x::text`, `'a'::character varying`, `(...)::text[]`: the casts PostgreSQL adds.
    static func withoutCasts(_ tokens: [SQLToken]) -> [SQLToken] {
        let continuations: Set<String> = ["VARYING", "PRECISION", "WITH", "WITHOUT", "TIME", "ZONE"]
        var result: [SQLToken] = []
        var i = 0
        while i < tokens.count {
            guard tokens[i].isSymbol("::"), i + 1 < tokens.count, tokens[i + 1].kind == .word || tokens[i + 1].kind == .quoted else {
                result.append(tokens[i])
                i += 1
                continue
            }
            i += 2
            while i < tokens.count, tokens[i].kind == .word, continuations.contains(tokens[i].text) { i += 1 }
            if i + 2 < tokens.count, tokens[i].isSymbol("("), tokens[i + 1].kind == .number, tokens[i + 2].isSymbol(")") { i += 3 }
            while i + 1 < tokens.count, tokens[i].isSymbol("["), tokens[i + 1].isSymbol("]") { i += 2 }
        }
        return result
    }

    /// `( x )` where x is one term and the parentheses are not a call's or a list's.
    static func withoutSingleTermParentheses(_ tokens: [SQLToken]) -> [SQLToken]? {
        for i in tokens.indices where tokens[i].isSymbol("(") && i + 2 < tokens.count && tokens[i + 2].isSymbol(")") {
            let term = tokens[i + 1]
            guard term.kind != .symbol else { continue }
            if i > 0, tokens[i - 1].kind == .word || tokens[i - 1].kind == .quoted,
                !["AND", "OR", "NOT"].contains(tokens[i - 1].text)
            {
                continue  // f(x), IN (x), ANY (x)
            }
            var result = tokens
            result.removeSubrange((i + 2)...(i + 2))
            result.remove(at: i)
            return result
        }
        // ( ARRAY [ ... ] ) as one term.
        for i in tokens.indices where tokens[i].isSymbol("(") && i + 2 < tokens.count && tokens[i + 1].is("ARRAY") {
            guard let close = closing(tokens, i), let bracketEnd = closingBracket(tokens, i + 2), bracketEnd + 1 == close else { continue }
            var result = tokens
            result.remove(at: close)
            result.remove(at: i)
            return result
        }
        return nil
    }

    /// `x = ANY ( ARRAY [ a , b ] )` as `x IN ( a , b )`.
    static func withAnyArrayAsIn(_ tokens: [SQLToken]) -> [SQLToken]? {
        for i in tokens.indices where tokens[i].isSymbol("=") && i + 4 < tokens.count {
            guard tokens[i + 1].is("ANY"), tokens[i + 2].isSymbol("("), tokens[i + 3].is("ARRAY"), tokens[i + 4].isSymbol("["),
                let bracketEnd = closingBracket(tokens, i + 4), bracketEnd + 1 < tokens.count, tokens[bracketEnd + 1].isSymbol(")")
            else { continue }
            let items = Array(tokens[(i + 5)..<bracketEnd])
            return Array(tokens[..<i]) + [SQLToken(kind: .word, text: "IN"), SQLToken(kind: .symbol, text: "(")] + items
                + [SQLToken(kind: .symbol, text: ")")] + Array(tokens[(bracketEnd + 2)...])
        }
        return nil
    }

    /// The whole condition in one pair of parentheses.
    static func withoutOuterParentheses(_ tokens: [SQLToken]) -> [SQLToken]? {
        guard tokens.count >= 2, tokens[0].isSymbol("("), closing(tokens, 0) == tokens.count - 1 else { return nil }
        return Array(tokens[1..<(tokens.count - 1)])
    }

    /// The `)` that closes the `(` at `open`.
    static func closing(_ tokens: [SQLToken], _ open: Int) -> Int? { matching(tokens, open, "(", ")") }

    /// The `]` that closes the `[` at `open`.
    static func closingBracket(_ tokens: [SQLToken], _ open: Int) -> Int? { matching(tokens, open, "[", "]") }

    private static func matching(_ tokens: [SQLToken], _ open: Int, _ opening: String, _ closing: String) -> Int? {
        var depth = 0
        for i in open..<tokens.count {
            if tokens[i].isSymbol(opening) { depth += 1 }
            if tokens[i].isSymbol(closing) {
                depth -= 1
                if depth == 0 { return i }
            }
        }
        return nil
    }

    static let keywords: Set<String> = [
        "AND", "OR", "NOT", "IN", "IS", "NULL", "TRUE", "FALSE", "LIKE", "ILIKE", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE",
        "END", "ANY", "ALL", "ARRAY", "SIMILAR", "TO", "ESCAPE", "DISTINCT", "FROM",
    ]

    /// The tokens as text: one space between terms, none inside parentheses or before a comma.
    static func render(_ tokens: [SQLToken]) -> String {
        var out = ""
        var previous: SQLToken?
        for token in tokens {
            let text: String
            switch token.kind {
            case .string: text = "'" + token.text.replacingOccurrences(of: "'", with: "''") + "'"
            case .quoted: text = "\"" + token.text + "\""
            // Keywords in capitals, names as PostgreSQL folds them (the tokenizer gives capitals).
            case .word: text = Self.keywords.contains(token.text) ? token.text : token.text.lowercased()
            default: text = token.text
            }
            let tight = token.isSymbol(")") || token.isSymbol(",") || token.isSymbol("]") || previous?.isSymbol("(") == true
                || previous?.isSymbol("[") == true || (token.isSymbol("(") && previous?.kind == .word && !(previous?.is("IN") ?? false)
                    && !(previous?.is("AND") ?? false) && !(previous?.is("OR") ?? false) && !(previous?.is("NOT") ?? false))
            if !out.isEmpty, !tight { out += " " }
            out += text
            previous = token
        }
        return out
    }
}
