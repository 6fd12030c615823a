import Foundation
import XCTest

@testable import MigrationCore

/// Renders a revision script given as text, the way `retort sql` does, for tests.
enum ScriptRendering {
    /// The script `source` (a header with `revision`/`down_revision` is added) rendered
    /// for `dialect`. The file is written to a fresh temporary directory so reasons carry
    /// a real path.
    static func render(
        _ source: String, _ direction: RevisionBody.Direction = .upgrade, dialect: Dialect = .sqlite, test: XCTestCase
    ) throws -> RevisionBody {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("retort-script-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("a1_test.py").path
        let text = "revision = 'a1'\ndown_revision = None\nfrom alembic import op\nimport sqlalchemy as sa\n\n" + source
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return RevisionBody.render(Revision(id: "a1", path: path), direction, dialect: dialect)
    }

    /// The reasons a body is not interpretable, as `line: reason`, every line number
    /// counted in `source` (the five header lines left out).
    static func reasons(_ body: RevisionBody) -> [String] {
        body.unsupported.map { reason in
            var text = reason.reason
            let pattern = try! NSRegularExpression(pattern: "line (\\d+)")
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
                guard let range = Range(match.range(at: 1), in: text), let n = Int(text[range]) else { continue }
                text.replaceSubrange(range, with: String(n - header))
            }
            return "\(reason.line - header): \(text)"
        }
    }

    static let header = 5
}
