import XCTest
@testable import MigrationCore

final class RevisionScriptReaderTests: XCTestCase {
    func read(_ source: String, path: String = "/p/versions/1a2b_x.py") -> RevisionScriptReader.Outcome {
        RevisionScriptReader.read(source: Array(source.utf8), path: path)
    }

    func testAnnotatedTemplate() throws {
        let outcome = read(
            """
            \"\"\"add users table

            Revision ID: 1a2b3c4d5e6f
            Revises: 0f0f0f0f0f0f
            Create Date: 2024-05-01 10:11:12.123456

            \"\"\"
            from typing import Sequence, Union

            from alembic import op
            import sqlalchemy as sa

            revision: str = "1a2b3c4d5e6f"
            down_revision: Union[str, Sequence[str], None] = "0f0f0f0f0f0f"
            branch_labels: Union[str, Sequence[str], None] = None
            depends_on: Union[str, Sequence[str], None] = None


            def upgrade() -> None:
                op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True))


            def downgrade() -> None:
                op.drop_table("users")
            """)
        XCTAssertEqual(outcome.problems, [])
        let revision = try XCTUnwrap(outcome.revision)
        XCTAssertEqual(revision.id, "1a2b3c4d5e6f")
        XCTAssertEqual(revision.downRevisions, ["0f0f0f0f0f0f"])
        XCTAssertEqual(revision.branchLabels, [])
        XCTAssertEqual(revision.message, "add users table")
        XCTAssertEqual(revision.createDate, "2024-05-01 10:11:12.123456")
        XCTAssertEqual(revision.upgradeLine, 19)
        XCTAssertEqual(revision.downgradeLine, 23)
        XCTAssertTrue(revision.longDoc.hasPrefix("add users table\n\nRevision ID: 1a2b3c4d5e6f"))
    }

    /// Only a plain `def` whose body is `pass`, docstrings or `...` runs nothing; the last
    /// binding of the name is the one Alembic calls.
    func testEmptyFunctionBodies() throws {
        func flags(_ source: String) throws -> [Bool] {
            let revision = try XCTUnwrap(read("revision = 'r'\n" + source).revision)
            return [revision.upgradeIsEmpty, revision.downgradeIsEmpty]
        }
        XCTAssertEqual(
            try flags("def upgrade():\n    pass\ndef downgrade() -> None:\n    \"\"\"Doc.\"\"\"\n    ...\n    pass\n"),
            [true, true])
        XCTAssertEqual(try flags("def upgrade():\n    \"Only a docstring.\"\n"), [true, false])
        XCTAssertEqual(try flags("def upgrade():\n    op.drop_table('t')\ndef downgrade():\n    return\n"), [false, false])
        XCTAssertEqual(try flags("def upgrade():\n    pass\nupgrade = other\n"), [false, false])
        XCTAssertEqual(try flags("def upgrade():\n    op.drop_table('t')\ndef upgrade():\n    pass\n"), [true, false])
        XCTAssertEqual(try flags("@decorate\ndef upgrade():\n    pass\n"), [false, false])
        XCTAssertEqual(try flags("async def upgrade():\n    pass\n"), [false, false])
        XCTAssertEqual(try flags("if x:\n    def upgrade():\n        pass\n"), [false, false])
        XCTAssertEqual(try flags("from elsewhere import upgrade\n"), [false, false])
        XCTAssertEqual(try flags("def upgrade():\n    1\n"), [false, false])
    }

    func testMergeTupleLabelsAndConstants() throws {
        let outcome = read(
            """
            PARENT = "bbbb"
            revision = 'cccc'
            down_revision = ('aaaa', PARENT)
            branch_labels = 'feature'
            depends_on = ['dddd']
            """)
        let revision = try XCTUnwrap(outcome.revision)
        XCTAssertEqual(revision.downRevisions, ["aaaa", "bbbb"])
        XCTAssertEqual(revision.branchLabels, ["feature"])
        XCTAssertEqual(revision.dependencies, ["dddd"])
        XCTAssertEqual(revision.message, "")
    }

    func testLaterAssignmentWins() throws {
        let revision = try XCTUnwrap(read("revision = 'a1'\nrevision = 'b2'\ndown_revision = None\n").revision)
        XCTAssertEqual(revision.id, "b2")
    }

    func testImportedValueIsUnknownWithWarning() throws {
        let outcome = read(
            """
            from myapp.migrations import PREVIOUS
            revision = "cccc"
            down_revision = PREVIOUS
            """)
        let revision = try XCTUnwrap(outcome.revision)
        XCTAssertEqual(revision.downRevisions, [])
        XCTAssertEqual(outcome.problems.count, 1)
        XCTAssertEqual(
            outcome.problems[0].description,
            """
            /p/versions/1a2b_x.py:1:1: warning: down_revision cannot be known without running Python \
            (imported from myapp.migrations); treated as empty
                from myapp.migrations import PREVIOUS
                ^
            """)
    }

    func testLegacyHexFileName() throws {
        let outcome = read("down_revision = None\n", path: "/p/versions/ab12cd.py")
        XCTAssertEqual(outcome.revision?.id, "ab12cd")
    }

    func testMissingRevisionIsAnError() {
        let outcome = read("down_revision = None\n", path: "/p/versions/add_users.py")
        XCTAssertNil(outcome.revision)
        XCTAssertEqual(
            outcome.problems.map(\.message),
            [
                "Could not determine revision id from filename add_users.py. Be sure the 'revision' variable is "
                    + "declared inside the script (please see 'Upgrading from Alembic 0.1 to 0.2' in the documentation)."
            ])
    }

    func testSyntaxErrorNamesFileLineAndColumn() {
        let outcome = read("revision = 'a'\ndef upgrade(:\n    pass\n")
        XCTAssertNil(outcome.revision)
        XCTAssertEqual(outcome.problems.first?.severity, .error)
        XCTAssertEqual(outcome.problems.first?.line, 2)
        XCTAssertEqual(outcome.problems.first?.path, "/p/versions/1a2b_x.py")
    }

    func testConditionalAssignmentIsUnknown() throws {
        let outcome = read(
            """
            import os
            revision = "a"
            if os.environ.get("X"):
                down_revision = "b"
            else:
                down_revision = None
            """)
        XCTAssertEqual(outcome.revision?.downRevisions, [])
        XCTAssertEqual(outcome.problems.map(\.severity), [.warning])
        XCTAssertEqual(outcome.problems.first?.line, 6)
    }

    func testMessageIsFirstParagraphOfStrippedDocstring() throws {
        let revision = try XCTUnwrap(read("\"\"\"\n  first line\nsecond line\n\nmore\n\"\"\"\nrevision = 'a'\n").revision)
        XCTAssertEqual(revision.longDoc, "first line\nsecond line\n\nmore")
        XCTAssertEqual(revision.message, "first line\nsecond line")
    }
}
