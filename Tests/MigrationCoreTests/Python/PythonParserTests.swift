import XCTest
@testable import MigrationCore

/// Whole-tree checks of the parser on small programs, against dumps taken from CPython 3.11.
final class PythonParserTests: XCTestCase {
    /// (name, source, CPython's tree in `ASTDump` form, one line per statement).
    static let cases: [(String, String, String)] = [
        ("assign", "x = 1",
         "Assign([Name('x')], Constant(1))"),
        ("chainedAssign", "a = b = c",
         "Assign([Name('a'), Name('b')], Name('c'))"),
        ("tupleAssign", "a, *b = c, d",
         "Assign([Tuple([Name('a'), Starred(Name('b'))])], Tuple([Name('c'), Name('d')]))"),
        ("augAssign", "x **= 2\ny //= 3\nz @= m\nw >>= 1",
         "AugAssign(Name('x'), Pow, Constant(2))\nAugAssign(Name('y'), FloorDiv, Constant(3))\nAugAssign(Name('z'), MatMult, Name('m'))\nAugAssign(Name('w'), RShift, Constant(1))"),
        ("annAssign", "x: int = 5\n(y): str\na.b: list[int]",
         "AnnAssign(Name('x'), Name('int'), Constant(5), 1)\nAnnAssign(Name('y'), Name('str'), None, 0)\nAnnAssign(Attribute(Name('a'), 'b'), Subscript(Name('list'), Name('int')), None, 0)"),
        ("docstring", "\"\"\"Doc.\"\"\"\nx = 1",
         "Expr(Constant(s:'Doc.'))\nAssign([Name('x')], Constant(1))"),
        ("implicitConcat", "'a' 'b' \"c\"",
         "Expr(Constant(s:'abc'))"),
        ("bytesConcat", "b'a' rb'\\\\x'",
         "Expr(Constant(b:'a\\x5c\\x5cx'))"),
        ("fstring", "f'a{b!r:>{w}}c' 'd'",
         "Expr(JoinedStr([Constant(s:'a'), FormattedValue(Name('b'), 114, JoinedStr([Constant(s:'>'), FormattedValue(Name('w'), -1, None)])), Constant(s:'cd')]))"),
        ("fstringSelfDoc", "f'{x=}' f'{y = !s}' f'{z=:>4}'",
         "Expr(JoinedStr([Constant(s:'x='), FormattedValue(Name('x'), 114, None), Constant(s:'y = '), FormattedValue(Name('y'), 115, None), Constant(s:'z='), FormattedValue(Name('z'), -1, JoinedStr([Constant(s:'>4')]))]))"),
        ("fstringEscapes", "f'{{a}} {b} }}'",
         "Expr(JoinedStr([Constant(s:'{a} '), FormattedValue(Name('b'), -1, None), Constant(s:' }')]))"),
        ("fstringNestedQuotes", "f\"{d['k']}\" f'''{x:{'>'}{3}}'''",
         "Expr(JoinedStr([FormattedValue(Subscript(Name('d'), Constant(s:'k')), -1, None), FormattedValue(Name('x'), -1, JoinedStr([FormattedValue(Constant(s:'>'), -1, None), FormattedValue(Constant(3), -1, None)]))]))"),
        ("fstringOnly", "f''",
         "Expr(JoinedStr([]))"),
        ("escapes", "'\\n\\t\\\\\\'\\\"\\x41\\u00e9\\U0001F600\\101\\N{EM DASH}\\q'",
         "Expr(Constant(s:'\\n\\t\\\\\\'\"Aé😀A—\\\\q'))"),
        ("rawString", "r'\\n\\'' R\"x\"",
         "Expr(Constant(s:'\\\\n\\\\\\'x'))"),
        ("numbers", "a = (0, 1_000, 0x_FF, 0o17, 0b1010, 1.5, 1e10, 2.5E-3, .5, 5., 3j, 1_0.0_1j, 99999999999999999999999, 0xFFFFFFFFFFFFFFFFFFFF)",
         "Assign([Name('a')], Tuple([Constant(0), Constant(1000), Constant(255), Constant(15), Constant(10), Constant(1.5), Constant(10000000000.0), Constant(0.0025), Constant(0.5), Constant(5.0), Constant(c:3.0), Constant(c:10.01), Constant(99999999999999999999999), Constant(1208925819614629174706175)]))"),
        ("operators", "a + b - c * d / e // f % g ** h @ i << j >> k & l | m ^ n",
         "Expr(BinOp(BinOp(BinOp(BinOp(BinOp(BinOp(Name('a'), Add, Name('b')), Sub, BinOp(BinOp(BinOp(BinOp(BinOp(Name('c'), Mult, Name('d')), Div, Name('e')), FloorDiv, Name('f')), Mod, BinOp(Name('g'), Pow, Name('h'))), MatMult, Name('i'))), LShift, Name('j')), RShift, Name('k')), BitAnd, Name('l')), BitOr, BinOp(Name('m'), BitXor, Name('n'))))"),
        ("unary", "-a + +b - ~c\nnot x",
         "Expr(BinOp(BinOp(UnaryOp(USub, Name('a')), Add, UnaryOp(UAdd, Name('b'))), Sub, UnaryOp(Invert, Name('c'))))\nExpr(UnaryOp(Not, Name('x')))"),
        ("power", "-2 ** -3 ** 4",
         "Expr(UnaryOp(USub, BinOp(Constant(2), Pow, UnaryOp(USub, BinOp(Constant(3), Pow, Constant(4))))))"),
        ("boolOps", "a and b or c and not d",
         "Expr(BoolOp(Or, [BoolOp(And, [Name('a'), Name('b')]), BoolOp(And, [Name('c'), UnaryOp(Not, Name('d'))])]))"),
        ("compare", "a < b <= c == d != e > f >= g is h is not i in j not in k",
         "Expr(Compare(Name('a'), [Lt, LtE, Eq, NotEq, Gt, GtE, Is, IsNot, In, NotIn], [Name('b'), Name('c'), Name('d'), Name('e'), Name('f'), Name('g'), Name('h'), Name('i'), Name('j'), Name('k')]))"),
        ("ifExp", "a if b else c if d else e",
         "Expr(IfExp(Name('b'), Name('a'), IfExp(Name('d'), Name('c'), Name('e'))))"),
        ("walrus", "if (n := len(a)) > 10: pass\nwhile chunk := f.read(): pass\n[y := 1, y ** 2]",
         "If(Compare(NamedExpr(Name('n'), Call(Name('len'), [Name('a')], [])), [Gt], [Constant(10)]), [Pass()], [])\nWhile(NamedExpr(Name('chunk'), Call(Attribute(Name('f'), 'read'), [], [])), [Pass()], [])\nExpr(List([NamedExpr(Name('y'), Constant(1)), BinOp(Name('y'), Pow, Constant(2))]))"),
        ("lambda", "f = lambda a, b=1, *c, d, e=2, **g: a\ng = lambda: 0\nh = lambda *, k: k\ni = lambda a, /, b: a",
         "Assign([Name('f')], Lambda(arguments([], [arg('a', None), arg('b', None)], arg('c', None), [arg('d', None), arg('e', None)], [None, Constant(2)], arg('g', None), [Constant(1)]), Name('a')))\nAssign([Name('g')], Lambda(arguments([], [], None, [], [], None, []), Constant(0)))\nAssign([Name('h')], Lambda(arguments([], [], None, [arg('k', None)], [None], None, []), Name('k')))\nAssign([Name('i')], Lambda(arguments([arg('a', None)], [arg('b', None)], None, [], [], None, []), Name('a')))"),
        ("calls", "f(a, *b, c=1, **d)\ng(x for x in y)\nh(*a, *b, **c, **d)\nk(a)(b)[c].d",
         "Expr(Call(Name('f'), [Name('a'), Starred(Name('b'))], [keyword('c', Constant(1)), keyword(None, Name('d'))]))\nExpr(Call(Name('g'), [GeneratorExp(Name('x'), [comprehension(Name('x'), Name('y'), [], 0)])], []))\nExpr(Call(Name('h'), [Starred(Name('a')), Starred(Name('b'))], [keyword(None, Name('c')), keyword(None, Name('d'))]))\nExpr(Attribute(Subscript(Call(Call(Name('k'), [Name('a')], []), [Name('b')], []), Name('c')), 'd'))"),
        ("subscripts", "a[1]\na[1:2]\na[::2]\na[:, 1:]\na[1:2, ...]\na[x,]\na[b:=1]\na[*b]",
         "Expr(Subscript(Name('a'), Constant(1)))\nExpr(Subscript(Name('a'), Slice(Constant(1), Constant(2), None)))\nExpr(Subscript(Name('a'), Slice(None, None, Constant(2))))\nExpr(Subscript(Name('a'), Tuple([Slice(None, None, None), Slice(Constant(1), None, None)])))\nExpr(Subscript(Name('a'), Tuple([Slice(Constant(1), Constant(2), None), Constant(...)])))\nExpr(Subscript(Name('a'), Tuple([Name('x')])))\nExpr(Subscript(Name('a'), NamedExpr(Name('b'), Constant(1))))\nExpr(Subscript(Name('a'), Tuple([Starred(Name('b'))])))"),
        ("displays", "[1, *a]\n(1,)\n()\n{}\n{1, *a}\n{'a': 1, **b}\n(*a, b)",
         "Expr(List([Constant(1), Starred(Name('a'))]))\nExpr(Tuple([Constant(1)]))\nExpr(Tuple([]))\nExpr(Dict([], []))\nExpr(Set([Constant(1), Starred(Name('a'))]))\nExpr(Dict([Constant(s:'a'), None], [Constant(1), Name('b')]))\nExpr(Tuple([Starred(Name('a')), Name('b')]))"),
        ("comprehensions", "[x for x in y if x if z for w in x]\n{x for x in y}\n{k: v for k, v in d.items()}\n(x async for x in y)\n[await x for x in y]",
         "Expr(ListComp(Name('x'), [comprehension(Name('x'), Name('y'), [Name('x'), Name('z')], 0), comprehension(Name('w'), Name('x'), [], 0)]))\nExpr(SetComp(Name('x'), [comprehension(Name('x'), Name('y'), [], 0)]))\nExpr(DictComp(Name('k'), Name('v'), [comprehension(Tuple([Name('k'), Name('v')]), Call(Attribute(Name('d'), 'items'), [], []), [], 0)]))\nExpr(GeneratorExp(Name('x'), [comprehension(Name('x'), Name('y'), [], 1)]))\nExpr(ListComp(Await(Name('x')), [comprehension(Name('x'), Name('y'), [], 0)]))"),
        ("starredTargets", "a, *b, (c, d) = e\n[a, b] = c\nfor x, *y in z: pass",
         "Assign([Tuple([Name('a'), Starred(Name('b')), Tuple([Name('c'), Name('d')])])], Name('e'))\nAssign([List([Name('a'), Name('b')])], Name('c'))\nFor(Tuple([Name('x'), Starred(Name('y'))]), Name('z'), [Pass()], [])"),
        ("funcDef", "@dec\n@dec2(1)\nasync def f(a, b: int = 1, /, c=2, *args: str, d, e: int = 3, **kw: dict) -> None:\n    return\n",
         "AsyncFunctionDef('f', arguments([arg('a', None), arg('b', Name('int'))], [arg('c', None)], arg('args', Name('str')), [arg('d', None), arg('e', Name('int'))], [None, Constant(3)], arg('kw', Name('dict')), [Constant(1), Constant(2)]), [Return(None)], [Name('dec'), Call(Name('dec2'), [Constant(1)], [])], Constant(None))"),
        ("classDef", "@d\nclass A(B, metaclass=M, *args, **kw):\n    x = 1\n    def m(self): pass\nclass C: pass\nclass D(): pass",
         "ClassDef('A', [Name('B'), Starred(Name('args'))], [keyword('metaclass', Name('M')), keyword(None, Name('kw'))], [Assign([Name('x')], Constant(1)), FunctionDef('m', arguments([], [arg('self', None)], None, [], [], None, []), [Pass()], [], None)], [Name('d')])\nClassDef('C', [], [], [Pass()], [])\nClassDef('D', [], [], [Pass()], [])"),
        ("with", "with a as b, c as (d, e): pass\nwith (a as b, c as d,): pass\nwith (a, b): pass\nwith (yield): pass\nasync def f():\n    async with a: pass\n    async for x in y: pass\n    await z",
         "With([withitem(Name('a'), Name('b')), withitem(Name('c'), Tuple([Name('d'), Name('e')]))], [Pass()])\nWith([withitem(Name('a'), Name('b')), withitem(Name('c'), Name('d'))], [Pass()])\nWith([withitem(Name('a'), None), withitem(Name('b'), None)], [Pass()])\nWith([withitem(Yield(None), None)], [Pass()])\nAsyncFunctionDef('f', arguments([], [], None, [], [], None, []), [AsyncWith([withitem(Name('a'), None)], [Pass()]), AsyncFor(Name('x'), Name('y'), [Pass()], []), Expr(Await(Name('z')))], [], None)"),
        ("try", "try:\n    pass\nexcept (A, B) as e:\n    pass\nexcept C:\n    pass\nexcept:\n    pass\nelse:\n    pass\nfinally:\n    pass",
         "Try([Pass()], [ExceptHandler(Tuple([Name('A'), Name('B')]), 'e', [Pass()]), ExceptHandler(Name('C'), None, [Pass()]), ExceptHandler(None, None, [Pass()])], [Pass()], [Pass()])"),
        ("tryStar", "try:\n    pass\nexcept* ValueError as e:\n    raise\nexcept* (TypeError, KeyError):\n    pass",
         "TryStar([Pass()], [ExceptHandler(Name('ValueError'), 'e', [Raise(None, None)]), ExceptHandler(Tuple([Name('TypeError'), Name('KeyError')]), None, [Pass()])], [], [])"),
        ("tryFinally", "try: x\nfinally: y",
         "Try([Expr(Name('x'))], [], [], [Expr(Name('y'))])"),
        ("ifElif", "if a:\n    pass\nelif b:\n    pass\nelif c: pass\nelse:\n    pass",
         "If(Name('a'), [Pass()], [If(Name('b'), [Pass()], [If(Name('c'), [Pass()], [Pass()])])])"),
        ("loops", "for i in range(3):\n    break\nelse:\n    continue\nwhile x:\n    pass\nelse:\n    pass\nfor x in *a, *b: pass",
         "For(Name('i'), Call(Name('range'), [Constant(3)], []), [Break()], [Continue()])\nWhile(Name('x'), [Pass()], [Pass()])\nFor(Name('x'), Tuple([Starred(Name('a')), Starred(Name('b'))]), [Pass()], [])"),
        ("simpleStatements", "global a, b\nnonlocal c\ndel a, b[1], c.d\nassert x, 'msg'\nraise E from e\nraise\nreturn\nreturn 1, 2\nx = yield\ny = yield from z\nyield a, b",
         "Global(['a', 'b'])\nNonlocal(['c'])\nDelete([Name('a'), Subscript(Name('b'), Constant(1)), Attribute(Name('c'), 'd')])\nAssert(Name('x'), Constant(s:'msg'))\nRaise(Name('E'), Name('e'))\nRaise(None, None)\nReturn(None)\nReturn(Tuple([Constant(1), Constant(2)]))\nAssign([Name('x')], Yield(None))\nAssign([Name('y')], YieldFrom(Name('z')))\nExpr(Yield(Tuple([Name('a'), Name('b')])))"),
        ("imports", "import a, b.c as d\nfrom . import (x as y, z,)\nfrom ..m.n import *\nfrom ... import q\nfrom .... a import b",
         "Import([alias('a', None), alias('b.c', 'd')])\nImportFrom(None, [alias('x', 'y'), alias('z', None)], 1)\nImportFrom('m.n', [alias('*', None)], 2)\nImportFrom(None, [alias('q', None)], 3)\nImportFrom('a', [alias('b', None)], 4)"),
        ("semicolons", "a = 1; b = 2;\nif x: a; b",
         "Assign([Name('a')], Constant(1))\nAssign([Name('b')], Constant(2))\nIf(Name('x'), [Expr(Name('a')), Expr(Name('b'))], [])"),
        ("softKeywords", "match = 1\ncase = match(2)\nmatch.x = 3\nmatch[1]\n_ = case\nprint(match, case)\nmatch(a)\nmatch, case = 1, 2",
         "Assign([Name('match')], Constant(1))\nAssign([Name('case')], Call(Name('match'), [Constant(2)], []))\nAssign([Attribute(Name('match'), 'x')], Constant(3))\nExpr(Subscript(Name('match'), Constant(1)))\nAssign([Name('_')], Name('case'))\nExpr(Call(Name('print'), [Name('match'), Name('case')], []))\nExpr(Call(Name('match'), [Name('a')], []))\nAssign([Tuple([Name('match'), Name('case')])], Tuple([Constant(1), Constant(2)]))"),
        ("match", "match command.split():\n    case [action]:\n        pass\n    case [action, obj, *rest] if obj:\n        pass\n    case Point(x=0, y=0) | Point(1, 2):\n        pass\n    case {'k': v, 1: _, **rest}:\n        pass\n    case -1 | 1+2j | -1.5-2j | 'a' 'b' | None | True | a.b.c:\n        pass\n    case (1 | 2) as z:\n        pass\n    case [*_, (a, b), []]:\n        pass\n    case ():\n        pass\n    case _:\n        pass",
         "Match(Call(Attribute(Name('command'), 'split'), [], []), [match_case(MatchSequence([MatchAs(None, 'action')]), None, [Pass()]), match_case(MatchSequence([MatchAs(None, 'action'), MatchAs(None, 'obj'), MatchStar('rest')]), Name('obj'), [Pass()]), match_case(MatchOr([MatchClass(Name('Point'), [], ['x', 'y'], [MatchValue(Constant(0)), MatchValue(Constant(0))]), MatchClass(Name('Point'), [MatchValue(Constant(1)), MatchValue(Constant(2))], [], [])]), None, [Pass()]), match_case(MatchMapping([Constant(s:'k'), Constant(1)], [MatchAs(None, 'v'), MatchAs(None, None)], 'rest'), None, [Pass()]), match_case(MatchOr([MatchValue(UnaryOp(USub, Constant(1))), MatchValue(BinOp(Constant(1), Add, Constant(c:2.0))), MatchValue(BinOp(UnaryOp(USub, Constant(1.5)), Sub, Constant(c:2.0))), MatchValue(Constant(s:'ab')), MatchSingleton(None), MatchSingleton(True), MatchValue(Attribute(Attribute(Name('a'), 'b'), 'c'))]), None, [Pass()]), match_case(MatchAs(MatchOr([MatchValue(Constant(1)), MatchValue(Constant(2))]), 'z'), None, [Pass()]), match_case(MatchSequence([MatchStar(None), MatchSequence([MatchAs(None, 'a'), MatchAs(None, 'b')]), MatchSequence([])]), None, [Pass()]), match_case(MatchSequence([]), None, [Pass()]), match_case(MatchAs(None, None), None, [Pass()])])"),
        ("matchTupleSubject", "match a, *b:\n    case x, y:\n        pass\n    case *x,:\n        pass",
         "Match(Tuple([Name('a'), Starred(Name('b'))]), [match_case(MatchSequence([MatchAs(None, 'x'), MatchAs(None, 'y')]), None, [Pass()]), match_case(MatchSequence([MatchStar('x')]), None, [Pass()])])"),
        ("continuation", "x = 1 + \\\n    2\ny = (1 +\n     2)  # comment\n",
         "Assign([Name('x')], BinOp(Constant(1), Add, Constant(2)))\nAssign([Name('y')], BinOp(Constant(1), Add, Constant(2)))"),
        ("unicodeNames", "ñame = 'é'\nπ = 3.14\n変数 = ñame",
         "Assign([Name('ñame')], Constant(s:'é'))\nAssign([Name('π')], Constant(3.14))\nAssign([Name('変数')], Name('ñame'))"),
        ("decoratorExpr", "@a.b[1](c)\ndef f(): pass\n@x := y\nclass C: pass",
         "FunctionDef('f', arguments([], [], None, [], [], None, []), [Pass()], [Call(Subscript(Attribute(Name('a'), 'b'), Constant(1)), [Name('c')], [])], None)\nClassDef('C', [], [], [Pass()], [NamedExpr(Name('x'), Name('y'))])"),
        ("ellipsis", "def f(): ...\nx = ...",
         "FunctionDef('f', arguments([], [], None, [], [], None, []), [Expr(Constant(...))], [], None)\nAssign([Name('x')], Constant(...))"),
        ("keywordNumberGlue", "x = 1if y else 2",
         "Assign([Name('x')], IfExp(Name('y'), Constant(1), Constant(2)))"),
        ("nestedFunctions", "def outer():\n    def inner(x):\n        if x:\n            return [i for i in x]\n        return None\n    return inner",
         "FunctionDef('outer', arguments([], [], None, [], [], None, []), [FunctionDef('inner', arguments([], [arg('x', None)], None, [], [], None, []), [If(Name('x'), [Return(ListComp(Name('i'), [comprehension(Name('i'), Name('x'), [], 0)]))], []), Return(Constant(None))], [], None), Return(Name('inner'))], [], None)"),
        ("genexpArgs", "sum(x for x in range(10))\nf((x for x in y), z)",
         "Expr(Call(Name('sum'), [GeneratorExp(Name('x'), [comprehension(Name('x'), Call(Name('range'), [Constant(10)], []), [], 0)])], []))\nExpr(Call(Name('f'), [GeneratorExp(Name('x'), [comprehension(Name('x'), Name('y'), [], 0)]), Name('z')], []))"),
        ("starExprs", "print(*args, sep='')\nreturn_value = *a, *b",
         "Expr(Call(Name('print'), [Starred(Name('args'))], [keyword('sep', Constant(s:''))]))\nAssign([Name('return_value')], Tuple([Starred(Name('a')), Starred(Name('b'))]))"),
        ("tupleReturn", "def f():\n    return *a, b\n    yield *a, b",
         "FunctionDef('f', arguments([], [], None, [], [], None, []), [Return(Tuple([Starred(Name('a')), Name('b')])), Expr(Yield(Tuple([Starred(Name('a')), Name('b')])))], [], None)"),
    ]

    func parse(_ source: String, path: String = "test.py") throws -> Module {
        try PythonParser.parse(Array(source.utf8), path: path)
    }

    func dump(_ source: String, locations: Bool = false) throws -> String {
        ASTDump(locations: locations).module(try parse(source))
    }

    func testConstructsMatchCPythonTrees() throws {
        for (name, source, expected) in Self.cases {
            XCTAssertEqual(try dump(source + "\n"), expected, name)
        }
    }

    func testSourceWithoutFinalNewline() throws {
        XCTAssertEqual(try dump("x = 1"), "Assign([Name('x')], Constant(1))")
        XCTAssertEqual(try dump("if x:\n    y"), "If(Name('x'), [Expr(Name('y'))], [])")
    }

    func testLocations() throws {
        let source = """
        def f(a):
            return (a +
                    b).c

        x = [1,
             é, 2]
        """
        XCTAssertEqual(try dump(source, locations: true), """
        FunctionDef('f', arguments([], [arg('a', None)], None, [], [], None, []), \
        [Return(Attribute(BinOp(Name('a')@2:13, Add, Name('b')@3:13)@2:13, 'c')@2:12)@2:5], [], None)@1:1
        Assign([Name('x')@5:1], List([Constant(1)@5:6, Name('é')@6:6, Constant(2)@6:9])@5:5)@5:1
        """)
        // Columns count Unicode scalars, not bytes.
        XCTAssertEqual(try dump("é = 'ü'; ü = é", locations: true),
                       "Assign([Name('é')@1:1], Constant(s:'ü')@1:5)@1:1\nAssign([Name('ü')@1:10], Name('é')@1:14)@1:10")
        // Parts of an f-string sit at the literal's start; field expressions at their own place.
        XCTAssertEqual(try dump("s = f'a{b}'", locations: true),
                       "Assign([Name('s')@1:1], JoinedStr([Constant(s:'a')@1:5, FormattedValue(Name('b')@1:9, -1, None)@1:5])@1:5)@1:1")
    }

    func testDocstring() throws {
        XCTAssertEqual(try parse("\"\"\"Add a table.\n\nRevision ID: abc\n\"\"\"\nrevision = 'abc'\n").docstring,
                       "Add a table.\n\nRevision ID: abc\n")
        XCTAssertEqual(try parse("# c\n'doc' 'string'\n").docstring, "docstring")
        XCTAssertNil(try parse("x = 1\n'not a docstring'\n").docstring)
        XCTAssertNil(try parse("f'doc'\n").docstring)
    }

    func testBigAndSpecialNumbers() throws {
        let module = try parse("a = 0x1_0000_0000_0000_0000\nb = 1e400\nc = 0_0\n")
        guard case .assign(_, let a) = module.body[0].kind, case .assign(_, let b) = module.body[1].kind,
              case .assign(_, let c) = module.body[2].kind else { return XCTFail("not assignments") }
        XCTAssertEqual(ASTDump().expr(a), "Constant(18446744073709551616)")
        XCTAssertEqual(ASTDump().expr(b), "Constant(inf)")
        XCTAssertEqual(ASTDump().expr(c), "Constant(0)")
    }

    func testBOMAndLineEndingsGiveTheSameTree() throws {
        let plain = "\"\"\"Doc\nstring.\"\"\"\nimport a\n\ndef f(x):\n    if x:\n        return '''a\nb'''\n    return (1,\n            2)\n"
        let expected = try dump(plain, locations: true)
        let crlf = plain.replacingOccurrences(of: "\n", with: "\r\n")
        let cr = plain.replacingOccurrences(of: "\n", with: "\r")
        XCTAssertEqual(try dump(crlf, locations: true), expected)
        XCTAssertEqual(try dump(cr, locations: true), expected)
        XCTAssertEqual(try dump("\u{FEFF}" + plain, locations: true), expected)
        XCTAssertEqual(try dump("\u{FEFF}" + crlf, locations: true), expected)
        XCTAssertEqual(try parse("\u{FEFF}" + crlf).docstring, "Doc\nstring.")
    }

    func testTabsIndentToMultiplesOfEight() throws {
        XCTAssertEqual(try dump("if x:\n\tif y:\n\t\tpass\n\tz\nw\n"),
                       "If(Name('x'), [If(Name('y'), [Pass()], []), Expr(Name('z'))], [])\nExpr(Name('w'))")
        // Two spaces then a tab reach column 8, like one tab, but CPython rejects the mix.
        XCTAssertThrowsError(try parse("if x:\n\ta\n  \tb\n"))
    }

    func testDeepButAllowedNesting() throws {
        let depth = 60
        let source = "x = " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + "\n"
        XCTAssertEqual(try dump(source), "Assign([Name('x')], Constant(1))")
        var nested = ""
        for level in 0..<40 { nested += String(repeating: " ", count: level) + "if x:\n" }
        nested += String(repeating: " ", count: 40) + "pass\n"
        XCTAssertNoThrow(try parse(nested))
    }
}
