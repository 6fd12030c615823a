/// One token of a PostgreSQL statement, as the lint rules read it.
struct SQLToken: Equatable {
    enum Kind: Equatable {
        /// A keyword or an unquoted name, upper-cased in `text`.
        case word
        /// A `"quoted"` name, as written inside the quotes.
        case quoted
        /// A `'string'`, `E'...'` or `$$dollar$$` literal.
        case string
        case number
        /// One punctuation character (`(`, `,`, `;`, `.`) or an operator run (`::`, `>=`).
        case symbol
    }

    var kind: Kind
    var text: String

    func `is`(_ word: String) -> Bool { kind == .word && text == word }
    func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }

    /// The name the token stands for, folded as PostgreSQL folds it (nil for a keyword-less symbol).
    var name: String? {
        switch kind {
        case .word: return text.lowercased()
        case .quoted: return text
        default: return nil
        }
    }
}

/// Splits PostgreSQL statement text into tokens, dropping whitespace and comments.
enum SQLTokenizer {
    /// A letter, answered without Unicode's tables for ASCII (nearly all SQL).
    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? ("a"..."z").contains(c) || ("A"..."Z").contains(c) : c.properties.isAlphabetic
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? c == " " || ("\t"..."\r").contains(c) : c.properties.isWhitespace
    }

    static func tokens(_ sql: String) -> [SQLToken] {
        let chars = Array(sql.unicodeScalars)
        var tokens: [SQLToken] = []
        var i = 0
        func isWordStart(_ c: Unicode.Scalar) -> Bool { c == "_" || isLetter(c) }
        func isWordPart(_ c: Unicode.Scalar) -> Bool { isWordStart(c) || ("0"..."9").contains(c) || c == "$" }
        while i < chars.count {
            let c = chars[i]
            if isSpace(c) {
                i += 1
            } else if c == "-", i + 1 < chars.count, chars[i + 1] == "-" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
            } else if c == "/", i + 1 < chars.count, chars[i + 1] == "*" {
                i += 2
                while i + 1 < chars.count, !(chars[i] == "*" && chars[i + 1] == "/") { i += 1 }
                i += 2
            } else if c == "'" || ((c == "E" || c == "e") && i + 1 < chars.count && chars[i + 1] == "'") {
                if c != "'" { i += 1 }
                tokens.append(SQLToken(kind: .string, text: quoted(chars, &i)))
            } else if c == "\"" {
                tokens.append(SQLToken(kind: .quoted, text: quoted(chars, &i)))
            } else if c == "$", let end = dollarQuoteEnd(chars, i) {
                tokens.append(SQLToken(kind: .string, text: String(String.UnicodeScalarView(chars[i..<end]))))
                i = end
            } else if isWordStart(c) {
                let start = i
                while i < chars.count, isWordPart(chars[i]) { i += 1 }
                tokens.append(SQLToken(kind: .word, text: String(String.UnicodeScalarView(chars[start..<i])).uppercased()))
            } else if ("0"..."9").contains(c) {
                let start = i
                while i < chars.count, ("0"..."9").contains(chars[i]) || chars[i] == "." { i += 1 }
                tokens.append(SQLToken(kind: .number, text: String(String.UnicodeScalarView(chars[start..<i]))))
            } else if "(),;.[]".unicodeScalars.contains(c) {
                tokens.append(SQLToken(kind: .symbol, text: String(c)))
                i += 1
            } else {
                let start = i
                while i < chars.count, "+-*/<>=~!@#%^&|`?:".unicodeScalars.contains(chars[i]) { i += 1 }
                if i == start { i += 1 }
                tokens.append(SQLToken(kind: .symbol, text: String(String.UnicodeScalarView(chars[start..<i]))))
            }
        }
        return tokens
    }

    /// The text between the quote at `i` and the one closing it (a doubled quote stands
    /// for one); `i` is left after the closing quote.
    private static func quoted(_ chars: [Unicode.Scalar], _ i: inout Int) -> String {
        let quote = chars[i]
        var text = ""
        i += 1
        while i < chars.count {
            if chars[i] == quote {
                guard i + 1 < chars.count, chars[i + 1] == quote else { break }
                i += 1
            }
            text.unicodeScalars.append(chars[i])
            i += 1
        }
        i += 1
        return text
    }

    /// The end of a `$tag$ ... $tag$` literal starting at `start`, if one starts there.
    private static func dollarQuoteEnd(_ chars: [Unicode.Scalar], _ start: Int) -> Int? {
        var j = start + 1
        while j < chars.count, chars[j] != "$" {
            guard chars[j] == "_" || isLetter(chars[j]) || ("0"..."9").contains(chars[j]) else { return nil }
            j += 1
        }
        guard j < chars.count else { return nil }
        let tag = Array(chars[start...j])
        var k = j + 1
        while k + tag.count <= chars.count {
            if Array(chars[k..<(k + tag.count)]) == tag { return k + tag.count }
            k += 1
        }
        return chars.count
    }
}
