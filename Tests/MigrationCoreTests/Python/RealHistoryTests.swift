import Foundation
import XCTest
@testable import MigrationCore

/// The real Alembic histories (airflow, superset, mlflow) that the parser must read.
enum RealHistories {
    /// `RETORT_HISTORIES`, or the default cache directory.
    static var root: String {
        ProcessInfo.processInfo.environment["RETORT_HISTORIES"] ?? "/root/.cache/retort/histories"
    }

    /// Every `.py` file under the root, sorted; skips the test when there are none.
    static func files() throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            print("Skipping: no histories at \(root) (set RETORT_HISTORIES)")
            throw XCTSkip("no histories at \(root) (set RETORT_HISTORIES)")
        }
        var result: [String] = []
        if let enumerator = FileManager.default.enumerator(atPath: root) {
            // The histories only: the applications' own source (`<name>-source`) is another corpus.
            for case let relative as String in enumerator
            where relative.hasSuffix(".py") && !(relative.split(separator: "/").first?.hasSuffix("-source") ?? false) {
                result.append(root + "/" + relative)
            }
        }
        if result.isEmpty {
            print("Skipping: no .py files under \(root)")
            throw XCTSkip("no .py files under \(root)")
        }
        return result.sorted()
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

final class RealHistoryTests: XCTestCase {
    func testEveryRealScriptParses() throws {
        let files = try RealHistories.files()
        var failures: [String] = []
        var docstrings = 0
        var empty = 0
        for path in files {
            do {
                let module = try PythonParser.parse(try RealHistories.bytes(path), path: path)
                XCTAssertFalse(module.body.isEmpty, path)
                if module.docstring != nil { docstrings += 1 }
            } catch let error as PythonSyntaxError where error.message == "file is empty" && path.hasSuffix("/__init__.py") {
                // Package markers hold only a licence comment: by design that is an empty file.
                empty += 1
            } catch {
                failures.append("\(error)")
            }
        }
        XCTAssertEqual(failures, [], "\(failures.count) of \(files.count) files failed")
        XCTAssertGreaterThan(docstrings, files.count / 2)
        print("Parsed \(files.count - empty) real scripts (\(docstrings) with docstrings); \(empty) comment-only __init__.py files rejected as empty")
    }

    /// Compares the whole tree of every real script, with locations, against CPython's.
    func testRealScriptsMatchCPython() throws {
        let files = try RealHistories.files()
        let oracle = try CPythonOracle.dumps(of: files, locations: true)
        var mismatches: [String] = []
        let dumper = ASTDump(locations: true)
        for path in files {
            guard let expected = oracle[path] else {
                mismatches.append("\(path): no CPython output")
                continue
            }
            if expected.isEmpty {
                // CPython reads a comment-only file as an empty module; Retort calls it empty.
                XCTAssertThrowsError(try PythonParser.parse(try RealHistories.bytes(path), path: path), path)
                continue
            }
            let module = try PythonParser.parse(try RealHistories.bytes(path), path: path)
            let actual = module.body.map { dumper.statement($0) }
            if actual != expected {
                let index = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    ?? min(actual.count, expected.count)
                let a = index < actual.count ? actual[index] : "<none>"
                let e = index < expected.count ? expected[index] : "<none>"
                mismatches.append("\(path): statement \(index + 1)\n  swift:   \(a)\n  cpython: \(e)")
            }
        }
        XCTAssertEqual(mismatches.count, 0, mismatches.prefix(5).joined(separator: "\n"))
        print("Compared \(files.count) real scripts with CPython: \(mismatches.count) differ")
    }
}

