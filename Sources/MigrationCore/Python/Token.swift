/// The kinds of token the Python tokenizer produces.
///
/// Keywords get their own kinds so the parser can switch on a byte-sized value instead of
/// comparing strings; the soft keywords `match`, `case` and `_` stay ordinary names.
enum TokenKind: UInt8, Sendable {
    case endMarker, newline, indent, dedent, name, number, string

    // Hard keywords.
    case kwFalse, kwNone, kwTrue, kwAnd, kwAs, kwAssert, kwAsync, kwAwait, kwBreak, kwClass
    case kwContinue, kwDef, kwDel, kwElif, kwElse, kwExcept, kwFinally, kwFor, kwFrom, kwGlobal
    case kwIf, kwImport, kwIn, kwIs, kwLambda, kwNonlocal, kwNot, kwOr, kwPass, kwRaise
    case kwReturn, kwTry, kwWhile, kwWith, kwYield

    // Brackets.
    case lpar, rpar, lsqb, rsqb, lbrace, rbrace

    // Other operators and delimiters.
    case colon, comma, semi, plus, minus, star, slash, vbar, amper, less, greater, equal, dot
    case percent, tilde, circumflex, at, exclamation
    case equalEqual, notEqual, lessEqual, greaterEqual, leftShift, rightShift, doubleStar
    case doubleSlash, rarrow, ellipsis, colonEqual
    case plusEqual, minusEqual, starEqual, slashEqual, percentEqual, amperEqual, vbarEqual
    case circumflexEqual, leftShiftEqual, rightShiftEqual, doubleStarEqual, doubleSlashEqual
    case atEqual

    /// True for the keywords, which are spelled like names.
    var isKeyword: Bool { rawValue >= TokenKind.kwFalse.rawValue && rawValue <= TokenKind.kwYield.rawValue }

    /// The binary operator of an augmented assignment such as `+=`, or nil.
    var augmentedOperator: BinaryOperator? {
        switch self {
        case .plusEqual: return .add
        case .minusEqual: return .sub
        case .starEqual: return .mult
        case .slashEqual: return .div
        case .percentEqual: return .mod
        case .amperEqual: return .bitAnd
        case .vbarEqual: return .bitOr
        case .circumflexEqual: return .bitXor
        case .leftShiftEqual: return .lShift
        case .rightShiftEqual: return .rShift
        case .doubleStarEqual: return .pow
        case .doubleSlashEqual: return .floorDiv
        case .atEqual: return .matMult
        default: return nil
        }
    }
}

/// One token: its kind, its byte range in the source, and where it starts.
///
/// Tokens carry no text; the parser reads names and literals from the source bytes only
/// when it needs them, which keeps tokenizing free of allocations.
struct Token: Sendable {
    var kind: TokenKind
    /// Byte offset of the first byte.
    var start: Int
    /// Byte offset just past the last byte.
    var end: Int
    /// 1-based line of the first byte.
    var line: Int
    /// 1-based column of the first byte, in Unicode scalars.
    var column: Int

    var location: SourceLocation { SourceLocation(line: line, column: column) }
}

/// Keyword lookup on raw identifier bytes.
enum Keywords {
    /// The keyword kind spelled by `bytes[start..<end]`, or `.name` for any other identifier.
    @inline(__always)
    static func kind(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> TokenKind {
        let n = end - start
        guard n >= 2 && n <= 8 else { return .name }
        @inline(__always) func eq(_ s: StaticString) -> Bool {
            guard s.utf8CodeUnitCount == n else { return false }
            let q = s.utf8Start
            for i in 0..<n where p[start + i] != q[i] { return false }
            return true
        }
        switch p[start] {
        case UInt8(ascii: "F"): return eq("False") ? .kwFalse : .name
        case UInt8(ascii: "N"): return eq("None") ? .kwNone : .name
        case UInt8(ascii: "T"): return eq("True") ? .kwTrue : .name
        case UInt8(ascii: "a"):
            if eq("and") { return .kwAnd }
            if eq("as") { return .kwAs }
            if eq("assert") { return .kwAssert }
            if eq("async") { return .kwAsync }
            if eq("await") { return .kwAwait }
        case UInt8(ascii: "b"): return eq("break") ? .kwBreak : .name
        case UInt8(ascii: "c"):
            if eq("class") { return .kwClass }
            if eq("continue") { return .kwContinue }
        case UInt8(ascii: "d"):
            if eq("def") { return .kwDef }
            if eq("del") { return .kwDel }
        case UInt8(ascii: "e"):
            if eq("elif") { return .kwElif }
            if eq("else") { return .kwElse }
            if eq("except") { return .kwExcept }
        case UInt8(ascii: "f"):
            if eq("finally") { return .kwFinally }
            if eq("for") { return .kwFor }
            if eq("from") { return .kwFrom }
        case UInt8(ascii: "g"): return eq("global") ? .kwGlobal : .name
        case UInt8(ascii: "i"):
            if eq("if") { return .kwIf }
            if eq("import") { return .kwImport }
            if eq("in") { return .kwIn }
            if eq("is") { return .kwIs }
        case UInt8(ascii: "l"): return eq("lambda") ? .kwLambda : .name
        case UInt8(ascii: "n"):
            if eq("nonlocal") { return .kwNonlocal }
            if eq("not") { return .kwNot }
        case UInt8(ascii: "o"): return eq("or") ? .kwOr : .name
        case UInt8(ascii: "p"): return eq("pass") ? .kwPass : .name
        case UInt8(ascii: "r"):
            if eq("raise") { return .kwRaise }
            if eq("return") { return .kwReturn }
        case UInt8(ascii: "t"): return eq("try") ? .kwTry : .name
        case UInt8(ascii: "w"):
            if eq("while") { return .kwWhile }
            if eq("with") { return .kwWith }
        case UInt8(ascii: "y"): return eq("yield") ? .kwYield : .name
        default: break
        }
        return .name
    }
}
