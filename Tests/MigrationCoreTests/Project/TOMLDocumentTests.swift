import XCTest
@testable import MigrationCore

final class TOMLDocumentTests: XCTestCase {
    func testTypicalPyproject() throws {
        let text = #"""
        # A typical pyproject.toml
        [build-system]
        requires = ["setuptools>=61", "wheel"]   # comment after value
        build-backend = "setuptools.build_meta"

        [project]
        name = "demo"
        version = "1.0"
        authors = [
            { name = "A. Person", email = "a@example.com" },
        ]
        dependencies = [
            "alembic>=1.16",  # trailing comment
            'sqlalchemy',
        ]
        optional-dependencies.dev = ["pytest"]

        [[tool.mypy.overrides]]
        module = "a.*"
        ignore_missing_imports = true

        [[tool.mypy.overrides]]
        module = "b"

        [tool.black]
        line-length = 88
        target-version = ['py311']

        [tool.alembic]
        script_location = "%(here)s/migrations"
        version_locations = ["%(here)s/a", "%(here)s/b"]
        truncate_slug_length = 0x10
        sourceless = false
        "quoted key" = 'C:\literal'
        dotted.key = 1_000
        """#
        let doc = try TOMLDocument(text: text, path: "/p/pyproject.toml")
        let alembic = try XCTUnwrap(doc.value(at: ["tool", "alembic"])?.tableValue)
        XCTAssertEqual(alembic["script_location"], .string("%(here)s/migrations"))
        XCTAssertEqual(alembic["version_locations"], .array([.string("%(here)s/a"), .string("%(here)s/b")]))
        XCTAssertEqual(alembic["truncate_slug_length"], .integer(16))
        XCTAssertEqual(alembic["sourceless"], .boolean(false))
        XCTAssertEqual(alembic["quoted key"], .string(#"C:\literal"#))
        XCTAssertEqual(alembic["dotted"], .table(["key": .integer(1000)]))
        XCTAssertEqual(doc.value(at: ["project", "dependencies"]), .array([.string("alembic>=1.16"), .string("sqlalchemy")]))
        XCTAssertEqual(doc.value(at: ["project", "optional-dependencies", "dev"]), .array([.string("pytest")]))
        guard case .array(let overrides)? = doc.value(at: ["tool", "mypy", "overrides"]) else {
            return XCTFail("expected array of tables")
        }
        XCTAssertEqual(overrides.count, 2)
        XCTAssertEqual(overrides[1], .table(["module": .string("b")]))
        XCTAssertEqual(doc.value(at: ["project", "authors"]),
                       .array([.table(["name": .string("A. Person"), "email": .string("a@example.com")])]))
    }

    func testStrings() throws {
        let text = "a = \"tab\\tq\\\"u\\u00e9\"\n"
            + "b = \"\"\"\nline1\nline2 \\\n    joined\"\"\"\n"
            + "c = '''\nraw \\n ''x'''''\n"
            + "d = \"\"\"two \"\"quotes\"\"\"\"\"\n"
        let doc = try TOMLDocument(text: text)
        XCTAssertEqual(doc.root["a"], .string("tab\tq\"ué"))
        XCTAssertEqual(doc.root["b"], .string("line1\nline2 joined"))
        XCTAssertEqual(doc.root["c"], .string("raw \\n ''x''"))
        XCTAssertEqual(doc.root["d"], .string("two \"\"quotes\"\""))
    }

    func testNumbersDatesAndInlineTables() throws {
        let text = """
        i = -17
        f = 3.5e2
        inf1 = -inf
        o = 0o17
        b = 0b101
        dt = 1979-05-27T07:32:00Z
        dt2 = 1979-05-27 07:32:00
        day = 1979-05-27
        t = { x = 1, y.z = "s" }
        empty = {}
        nested = [[1, 2], ["a"]]
        """
        let doc = try TOMLDocument(text: text)
        XCTAssertEqual(doc.root["i"], .integer(-17))
        XCTAssertEqual(doc.root["f"], .float(350))
        XCTAssertEqual(doc.root["inf1"], .float(-.infinity))
        XCTAssertEqual(doc.root["o"], .integer(15))
        XCTAssertEqual(doc.root["b"], .integer(5))
        XCTAssertEqual(doc.root["dt"], .datetime("1979-05-27T07:32:00Z"))
        XCTAssertEqual(doc.root["dt2"], .datetime("1979-05-27 07:32:00"))
        XCTAssertEqual(doc.root["day"], .datetime("1979-05-27"))
        XCTAssertEqual(doc.root["t"], .table(["x": .integer(1), "y": .table(["z": .string("s")])]))
        XCTAssertEqual(doc.root["empty"], .table([:]))
        XCTAssertEqual(doc.root["nested"], .array([.array([.integer(1), .integer(2)]), .array([.string("a")])]))
    }

    func testSyntaxErrorsNameFileAndLine() {
        let path = "/p/pyproject.toml"
        assertProjectError("Invalid TOML in /p/pyproject.toml (line 3, column 7): expected '=' after a key") {
            _ = try TOMLDocument(text: "[tool]\nok = 1\nbroken\n", path: path)
        }
        assertProjectError("Invalid TOML in /p/pyproject.toml (line 2, column 5): unterminated string") {
            _ = try TOMLDocument(text: "[a]\nx = \"open\n", path: path)
        }
        assertProjectError("Invalid TOML in /p/pyproject.toml (line 2, column 1): key 'x' is defined more than once") {
            _ = try TOMLDocument(text: "x = 1\nx = 2\n", path: path)
        }
        assertProjectError("Invalid TOML in /p/pyproject.toml (line 3, column 2): table [a] is defined more than once") {
            _ = try TOMLDocument(text: "[a]\n[b]\n[a]\n", path: path)
        }
        assertProjectError("Invalid TOML in /p/pyproject.toml (line 1, column 5): invalid value '01'") {
            _ = try TOMLDocument(text: "x = 01\n", path: path)
        }
        assertProjectError("Invalid TOML in /p/pyproject.toml (line 1, column 8): expected ',' or ']' in an array") {
            _ = try TOMLDocument(text: "x = [1 2]\n", path: path)
        }
        assertProjectError("Invalid TOML in /p/pyproject.toml (line 1, column 7): expected the end of the line") {
            _ = try TOMLDocument(text: "x = 1 y = 2\n", path: path)
        }
    }
}
