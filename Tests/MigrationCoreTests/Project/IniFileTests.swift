import XCTest
@testable import MigrationCore

final class IniFileTests: XCTestCase {
    private func parse(_ text: String, defaults: [String: String] = [:]) throws -> IniFile {
        try IniFile(text: text, path: "/p/alembic.ini", defaults: defaults)
    }

    func testKeyValueBothDelimiters() throws {
        let ini = try parse("[alembic]\na = 1\nb: two\nc=x=y\nd : e = f\n")
        XCTAssertEqual(try ini.value("a", in: "alembic"), "1")
        XCTAssertEqual(try ini.value("b", in: "alembic"), "two")
        XCTAssertEqual(try ini.value("c", in: "alembic"), "x=y")
        XCTAssertEqual(try ini.value("d", in: "alembic"), "e = f")
        XCTAssertEqual(ini.sectionNames, ["alembic"])
    }

    func testContinuationLinesAndBlankLines() throws {
        let ini = try parse("[s]\nmulti = first\n    second\n\n    # comment inside\n    third\n\n\nnext = 1\n")
        XCTAssertEqual(try ini.value("multi", in: "s"), "first\nsecond\n\nthird")
        XCTAssertEqual(try ini.value("next", in: "s"), "1")
    }

    func testEmptyValueContinuedByIndentedBracketLine() throws {
        // An indented "[x]" under a key is a continuation, not a section.
        let ini = try parse("[s]\nempty =\n  [notsection]\n")
        XCTAssertEqual(try ini.value("empty", in: "s"), "\n[notsection]")
        XCTAssertEqual(ini.sectionNames, ["s"])
    }

    func testCommentsFullLineOnly() throws {
        let ini = try parse("# top\n; also\n[s]\n  # indented comment\na = x # kept\nb = y ; kept\n")
        XCTAssertEqual(try ini.value("a", in: "s"), "x # kept")
        XCTAssertEqual(try ini.value("b", in: "s"), "y ; kept")
        XCTAssertEqual(ini.keys(in: "s"), ["a", "b"])
    }

    func testKeysAreCaseInsensitiveSectionsAreNot() throws {
        let ini = try parse("[Alembic]\nScript_Location = X\n")
        XCTAssertEqual(try ini.value("script_location", in: "Alembic"), "X")
        XCTAssertEqual(try ini.value("SCRIPT_LOCATION", in: "Alembic"), "X")
        XCTAssertFalse(ini.hasSection("alembic"))
    }

    func testDefaultSectionMergedAndOverridden() throws {
        let ini = try parse("[DEFAULT]\nshared = d\nbase = /srv\n[s]\nshared = mine\nuse = %(base)s/app\n[t]\n")
        XCTAssertEqual(try ini.value("shared", in: "s"), "mine")
        XCTAssertEqual(try ini.value("shared", in: "t"), "d")
        XCTAssertEqual(try ini.value("use", in: "s"), "/srv/app")
        XCTAssertEqual(ini.keys(in: "s"), ["shared", "use", "base"])
        XCTAssertFalse(ini.hasSection("DEFAULT"))
        XCTAssertFalse(ini.hasOption("shared", in: "missing"))
    }

    func testHereAndPercentEscapes() throws {
        let ini = try parse("[s]\nloc = %(here)s/migrations\npct = 100%%\ntpl = %%(rev)s_%%(slug)s\n",
                            defaults: ["here": "/p"])
        XCTAssertEqual(try ini.value("loc", in: "s"), "/p/migrations")
        XCTAssertEqual(try ini.value("pct", in: "s"), "100%")
        XCTAssertEqual(try ini.value("tpl", in: "s"), "%(rev)s_%(slug)s")
        XCTAssertEqual(ini.rawValue("pct", in: "s"), "100%%")
    }

    func testRecursiveInterpolation() throws {
        let ini = try parse("[s]\na = %(b)s/a\nb = %(c)s/b\nc = root%%\n")
        XCTAssertEqual(try ini.value("a", in: "s"), "root%/b/a")
    }

    func testInterpolationErrors() throws {
        let ini = try parse("[s]\nx = %(nope)s\ny = %(x\nz = 50%d\ndeep = %(deep)s\n")
        assertProjectError(
            "Bad value substitution: option 'x' in section 's' contains an interpolation key 'nope' which is not a valid option name. Raw value: '%(nope)s' (in /p/alembic.ini)"
        ) { _ = try ini.value("x", in: "s") }
        assertProjectError(
            "bad interpolation variable reference '%(x': option 'y' in section 's' (in /p/alembic.ini)"
        ) { _ = try ini.value("y", in: "s") }
        assertProjectError(
            "'%' must be followed by '%' or '(', found: '%d': option 'z' in section 's' (in /p/alembic.ini)"
        ) { _ = try ini.value("z", in: "s") }
        assertProjectError(
            "Recursion limit exceeded in value substitution: option 'deep' in section 's' contains an interpolation key which cannot be substituted in 10 steps. Raw value: '%(deep)s' (in /p/alembic.ini)"
        ) { _ = try ini.value("deep", in: "s") }
    }

    func testStrictDuplicatesAndSyntaxErrors() {
        assertProjectError("While reading from '/p/alembic.ini' [line  3]: section 'a' already exists") {
            _ = try self.parse("[a]\nx=1\n[a]\n")
        }
        assertProjectError("While reading from '/p/alembic.ini' [line  3]: option 'x' in section 'a' already exists") {
            _ = try self.parse("[a]\nx=1\nX=2\n")
        }
        assertProjectError("File contains no section headers. file: '/p/alembic.ini', line: 1: 'x=1'") {
            _ = try self.parse("x=1\n")
        }
        assertProjectError("Source contains parsing errors: '/p/alembic.ini' [line  2]: 'junk' [line  4]: 'more junk'") {
            _ = try self.parse("[a]\njunk\nok=1\nmore junk\n")
        }
    }

    func testDefaultSectionMayRepeat() throws {
        let ini = try parse("[DEFAULT]\na=1\n[DEFAULT]\nb=2\n[s]\n")
        XCTAssertEqual(try ini.value("a", in: "s"), "1")
        XCTAssertEqual(try ini.value("b", in: "s"), "2")
    }

    func testWindowsLineEndings() throws {
        let ini = try parse("[s]\r\na = 1\r\n  more\r\n")
        XCTAssertEqual(try ini.value("a", in: "s"), "1\nmore")
    }
}
