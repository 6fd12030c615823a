import Foundation
import XCTest

@testable import MigrationCore

/// The project's own modules, followed by the evaluator and never run: what they define
/// is known, and hostile ones (a cycle, a network call at import, a huge file, endless
/// recursion) are refused with a reason, without hanging or crashing.
final class ProjectModulesTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("retort-modules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func write(_ name: String, _ text: String) throws {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// `upgrade()` of a revision whose body is `body`, after `imports`.
    func evaluate(_ imports: String, _ body: String) throws -> FunctionEvaluation {
        let path = directory.appendingPathComponent("rev.py").path
        let source = "from alembic import op\nimport sqlalchemy as sa\n\(imports)\n\ndef upgrade():\n"
            + body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n"
        var evaluator = Evaluator(
            module: try PythonParser.parse(Array(source.utf8), path: path), path: path, dialect: "sqlite",
            modules: ProjectModules(searchPath: [directory.path]))
        return evaluator.evaluate(function: "upgrade")
    }

    func testHelperCallsAreRecordedAtTheScriptsLine() throws {
        try write("app/__init__.py", "")
        try write(
            "app/helpers.py",
            "from alembic import op\n\nNAME = 'users'\n\n\ndef drop(name=NAME):\n    op.drop_table(name)\n")
        let evaluation = try evaluate("from app.helpers import drop", "drop()\ndrop('posts')")
        XCTAssertEqual(evaluation.unsupported, [])
        XCTAssertEqual(evaluation.calls.map(\.name), ["drop_table", "drop_table"])
        XCTAssertEqual(evaluation.calls.map(\.line), [6, 7], "the lines of the script's calls, not the helper's")
        XCTAssertEqual(evaluation.calls.map { $0.arguments.first?.string }, ["users", "posts"])
    }

    func testAnImportCycleIsRefusedWithItsPath() throws {
        try write("a.py", "from b import B\n\nA = B\n")
        try write("b.py", "from a import A\n\nB = A\n")
        let evaluation = try evaluate("from a import A", "op.drop_table(A)")
        XCTAssertEqual(evaluation.calls.count, 0)
        let reason = try XCTUnwrap(evaluation.unsupported.first)
        XCTAssertTrue(reason.reason.contains("module a imports itself through a cycle (a → b → a)"), reason.reason)
        XCTAssertTrue(reason.path.hasSuffix("/b.py"), reason.path)
    }

    func testCodeWithSideEffectsAtImportIsNotRun() throws {
        // Were it run, this would try the network and write a file.
        try write(
            "noisy.py",
            "import socket\n\nconnection = socket.create_connection(('192.0.2.1', 9), timeout=30)\n"
                + "open('/tmp/retort-must-not-exist', 'w').write('x')\nWIDTH = 10\n")
        let started = Date()
        let evaluation = try evaluate("from noisy import WIDTH, connection", "op.add_column('t', sa.Column('c', sa.String(WIDTH)))")
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertEqual(evaluation.unsupported, [])
        XCTAssertEqual(evaluation.calls.map(\.name), ["add_column"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/retort-must-not-exist"))
        let uses = try evaluate("from noisy import connection", "op.drop_table(connection)")
        XCTAssertEqual(uses.calls.count, 0)
        XCTAssertTrue(uses.unsupported.first?.reason.contains("socket") ?? false, "\(uses.unsupported)")
    }

    func testAHugeModuleIsRefused() throws {
        let line = "VALUE = 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\n"
        try write("huge.py", String(repeating: line, count: 5 * 1024 * 1024 / line.utf8.count + 1))
        let evaluation = try evaluate("from huge import VALUE", "op.drop_table(VALUE)")
        XCTAssertEqual(evaluation.calls.count, 0)
        XCTAssertTrue(
            evaluation.unsupported.first?.reason.contains("KB, more than the 1024 KB Retort reads") ?? false,
            "\(evaluation.unsupported)")
    }

    func testEndlessRecursionInAHelperStops() throws {
        try write("loop.py", "def forever(n):\n    return forever(n + 1)\n")
        let evaluation = try evaluate("from loop import forever", "op.drop_table(forever(0))")
        XCTAssertEqual(evaluation.calls.count, 0)
        let reason = try XCTUnwrap(evaluation.unsupported.first)
        XCTAssertTrue(reason.reason.contains("calls nested more than"), reason.reason)
        XCTAssertTrue(reason.path.hasSuffix("/loop.py"), reason.path)
    }

    func testDeeplyNestedModuleIsRefusedNotCrashed() throws {
        try write("deep.py", "X = " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000) + "\n")
        let evaluation = try evaluate("from deep import X", "op.drop_table(X)")
        XCTAssertEqual(evaluation.calls.count, 0)
        XCTAssertTrue(evaluation.unsupported.first?.reason.contains("module deep cannot be read") ?? false, "\(evaluation.unsupported)")
    }

    func testAMissingNameAndAModuleNotOnThePath() throws {
        try write("app.py", "A = 1\n")
        let missing = try evaluate("from app import B", "op.drop_table(B)")
        XCTAssertTrue(missing.unsupported.first?.reason.contains("module app (") ?? false, "\(missing.unsupported)")
        XCTAssertTrue(missing.unsupported.first?.reason.contains("has no `B`") ?? false, "\(missing.unsupported)")
        let absent = try evaluate("from elsewhere import C", "op.drop_table(C)")
        XCTAssertTrue(
            absent.unsupported.first?.reason.contains("`C` is imported from elsewhere, which Retort does not read") ?? false,
            "\(absent.unsupported)")
    }

    func testStarImportsAndPackageAttributes() throws {
        try write("pkg/__init__.py", "from .names import *\n")
        try write("pkg/names.py", "__all__ = ['TABLE']\nTABLE = 'events'\n_HIDDEN = 'x'\nOTHER = 'y'\n")
        let star = try evaluate("from pkg import *", "op.drop_table(TABLE)")
        XCTAssertEqual(star.unsupported, [])
        XCTAssertEqual(star.calls.first?.arguments.first?.string, "events")
        let hidden = try evaluate("from pkg import *", "op.drop_table(OTHER)")
        XCTAssertEqual(hidden.calls.count, 0, "OTHER is not in __all__")
        let dotted = try evaluate("import pkg.names", "op.drop_table(pkg.names.OTHER)")
        XCTAssertEqual(dotted.unsupported, [])
        XCTAssertEqual(dotted.calls.first?.arguments.first?.string, "y")
    }

    func testSearchPathOrder() throws {
        let here = directory.path
        let path = ProjectModules.searchPath(
            prependSysPath: ["src", here], configurationDirectory: here, currentDirectory: here,
            environment: ["PYTHONPATH": "/nonexistent:\(here)/lib"])
        XCTAssertEqual(path, [here])  // src and lib do not exist; each directory once
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("src"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("lib"), withIntermediateDirectories: true)
        XCTAssertEqual(
            ProjectModules.searchPath(
                prependSysPath: ["src"], configurationDirectory: here, currentDirectory: here,
                environment: ["PYTHONPATH": "\(here)/lib"]),
            [here + "/src", here, here + "/lib"])
    }

    /// The libraries of the project's virtual environment come last, after PYTHONPATH, as
    /// in Python's sys.path; an interpreter outside a virtual environment adds nothing.
    func testTheVirtualEnvironmentsSitePackagesComeLast() throws {
        let here = directory.path
        try write(".venv/pyvenv.cfg", "home = /usr/bin\n")
        try write(".venv/bin/python", "")
        try write(".venv/lib/python3.11/site-packages/flagging.py", "from alembic import op\n\ndef flag(table):\n    op.drop_table(table)\n")
        let path = ProjectModules.searchPath(
            prependSysPath: [], configurationDirectory: here, currentDirectory: here, environment: [:],
            interpreter: here + "/.venv/bin/python")
        XCTAssertEqual(path, [here, here + "/.venv/lib/python3.11/site-packages"])
        XCTAssertEqual(ProjectModules.sitePackages(of: "/usr/bin/python3"), [])
        let modules = ProjectModules(searchPath: path)
        guard case .found(let module) = modules.module("flagging", dialect: "sqlite", offline: true) else {
            return XCTFail("flagging is read from site-packages")
        }
        XCTAssertTrue(module.path.hasSuffix("site-packages/flagging.py"), module.path)
    }
}
