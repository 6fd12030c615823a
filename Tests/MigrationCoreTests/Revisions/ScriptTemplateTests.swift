import XCTest
@testable import MigrationCore

/// The Mako subset of script.py.mako templates, whole outputs.
final class ScriptTemplateTests: XCTestCase {
    func render(_ text: String, _ values: [String: PyValue]) throws -> String {
        try ScriptTemplate(text: text, path: "t.mako").render(values)
    }

    func testExpressionsFiltersControlLinesAndComments() throws {
        let template = """
            ## not in the output
            Revises: ${down_revision | comma,n}
            down_revision = ${repr(down_revision)}
            labels = ${repr(branch_labels)}
            % if branch_labels:
            has labels
            % elif message == "m":
            message m
            % else:
            none
            % endif
            % for name in ["a", "b"]:
            item ${name.upper()}
            % endfor
            joined \\
            line; ${upgrades if upgrades else "pass"}
            """
        XCTAssertEqual(
            try render(template, [
                "down_revision": .tuple([.string("a1"), .string("b2")]), "branch_labels": .none, "message": .string("m"),
                "upgrades": .none,
            ]),
            """
            Revises: a1, b2
            down_revision = ('a1', 'b2')
            labels = None
            message m
            item A
            item B
            joined line; pass
            """)
    }

    func testUnsupportedConstructsNameTheirLine() {
        XCTAssertThrowsError(try render("a\n<%def name='x()'>\n% while x:\n", [:])) { error in
            XCTAssertEqual("\(error)", "t.mako:2: cannot render the template: Mako tags such as <%...> are not supported")
        }
        XCTAssertThrowsError(try render("a\n% while x:\n", [:])) { error in
            XCTAssertEqual("\(error)", "t.mako:2: cannot render the template: the control line '% while x:' is not supported")
        }
        XCTAssertThrowsError(try render("${missing}", [:])) { error in
            XCTAssertEqual("\(error)", "t.mako:1: cannot render the template: name 'missing' is not defined in the script")
        }
        XCTAssertThrowsError(try render("${x | h}", ["x": .string("a")])) { error in
            XCTAssertEqual("\(error)", "t.mako:1: cannot render the template: the filter 'h' is not supported")
        }
    }
}
