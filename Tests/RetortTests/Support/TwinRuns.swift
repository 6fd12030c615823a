import Foundation
import MigrationCore
import XCTest

/// One project run by both tools on twin databases, command by command: Alembic online
/// on one, Retort natively (`--yes`) on the other; after each, both databases' schemas
/// must be the same. Also a run whose database changes between the plan and the run.
struct TwinRuns {
    let ini: String
    let oracle: Oracle
    let alembic: LiveDatabase
    let retort: LiveDatabase

    /// Runs `command` with both tools and compares the schemas; returns Retort's output.
    @discardableResult
    func run(_ command: [String], file: StaticString = #filePath, line: UInt = #line) throws -> RunResult {
        let theirs = try oracle.alembic(["-c", ini, "-x", "url=\(alembic.url)"] + command)
        XCTAssertEqual(theirs.exit, 0, "alembic \(command): \(theirs.stderr.suffix(800))", file: file, line: line)
        let ours = try Harness.retort(["-c", ini, "--url", retort.url] + command + ["--yes"])
        XCTAssertEqual(ours.exit, 0, "retort \(command): \(ours.stdout) \(ours.stderr)", file: file, line: line)
        let expected = try alembic.schema(oracle)
        let actual = try retort.schema(oracle)
        XCTAssertEqual(
            actual, expected, "\(retort.kind) after \(command): " + Compare.firstDifference(actual, expected), file: file,
            line: line)
        return ours
    }

    /// `request` planned on `database`, `meanwhile` run when the plan asks to be confirmed,
    /// then the run: what it printed and the error it stopped with (nil if none).
    static func changedBeforeTheRun(
        ini: String, _ request: LiveMigration.Request, on database: LiveDatabase, meanwhile: @escaping () -> Void
    ) throws -> (output: String, error: String?) {
        var options = ProjectOptions()
        options.configFiles = [ini]
        let graph = try LoadedProject.load(options).graph()
        var out = ""
        do {
            try LiveMigration.run(
                request, graph: graph, url: DatabaseURL(database.url), settings: LiveMigration.Settings(),
                confirm: { _ in
                    meanwhile()
                    return true
                }, to: &out)
            return (out, nil)
        } catch let failure as CommandFailure {
            return (out, failure.message)
        }
    }
}
