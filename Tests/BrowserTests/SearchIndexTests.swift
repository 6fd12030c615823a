import XCTest
@testable import Browser
import MigrationCore

/// Search's prepared text: the same matches as comparing the lowercased strings, on the
/// byte path (ASCII) and the string path (anything else), and never across two fields.
final class SearchIndexTests: XCTestCase {
    func index() throws -> (SearchIndex, rows: [Int]) {
        let graph = try RevisionGraph(revisions: [
            Revision(id: "a1b2c3", path: "/p/versions/a1b2c3_create_users.py", longDoc: "Create USERS table"),
            Revision(
                id: "d4e5f6", downRevisions: ["a1b2c3"], branchLabels: ["Reporting"],
                path: "/p/versions/d4e5f6_été.py", longDoc: "Ajouter la colonne Été"),
            Revision(id: "0a0b0c", downRevisions: ["d4e5f6"], path: "/p/versions/0a0b0c_x.py", longDoc: "add tags"),
        ])
        let rows = try HistoryCommand.nodes(graph, range: nil)
        let unreadable = [
            ScriptProblem(severity: .error, path: "/p/versions/broken.py", line: 3, column: 1, message: "invalid syntax")
        ]
        return (SearchIndex(graph: graph, rows: rows, unreadable: unreadable), rows)
    }

    /// Each query and the rows it matches (rows: 0 0a0b0c, 1 d4e5f6, 2 a1b2c3, 3 broken.py;
    /// the label `Reporting` is inherited by the whole branch, as Alembic computes labels).
    func testMatchesByIdPrefixMessageLabelAndFileName() throws {
        let (index, rows) = try index()
        let queries = [
            "0a0", "A1B2", "users", "USERS TABLE", "report", "ÉTÉ", "été.py", "colonne été", "broken", "syntax",
            "tablea1b2c3", "étéreporting", "x",
        ]
        let result = queries.map { query in
            let prepared = SearchIndex.Query(query)
            let found = (0..<(rows.count + 1)).filter { index.matches(row: $0, prepared) }
            return "\(query): \(found)"
        }.joined(separator: "\n")
        XCTAssertEqual(
            result,
            """
            0a0: [0]
            A1B2: [2]
            users: [2]
            USERS TABLE: [2]
            report: [0, 1, 2]
            ÉTÉ: [1]
            été.py: [1]
            colonne été: [1]
            broken: [3]
            syntax: [3]
            tablea1b2c3: []
            étéreporting: []
            x: [0, 3]
            """)
    }

    func testByteSearch() {
        let cases: [(String, String)] = [("abcabd", "abd"), ("abcabd", "abe"), ("ab", "abc"), ("", "a"), ("a", "a")]
        XCTAssertEqual(
            cases.map { SearchIndex.contains(Array($0.0.utf8), Array($0.1.utf8)) }, [true, false, false, false, true])
    }
}
