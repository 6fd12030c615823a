import Foundation
import MigrationCore
import XCTest

/// The result of one process run.
struct RunResult: Sendable {
    var stdout: String
    var stderr: String
    var exit: Int32
}

enum HarnessError: Error, CustomStringConvertible {
    case message(String)
    var description: String {
        switch self { case .message(let m): return m }
    }
}

/// Paths, process running and the Alembic oracle for the end-to-end tests.
enum Harness {
    /// The package root, from this file's location: Tests/RetortTests/Support/Harness.swift.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static let oracleScripts = packageRoot.appendingPathComponent("Tests/Oracle")
    /// The sample project (`DemoProject`), written once per run into a temporary directory
    /// the tests share and do not change (those that change it copy it).
    static let sampleProject: URL = {
        do {
            return URL(fileURLWithPath: try DemoProject.writeTemporary(prefix: "retort-sample"))
        } catch {
            fatalError("cannot write the sample project: \(error)")
        }
    }()
    static let defaultCache = URL(fileURLWithPath: NSHomeDirectory())
        .appendingPathComponent(".cache/retort")

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The built `retort` binary: `$RETORT_BINARY`, else `.build/debug/retort`.
    static func retortBinary() throws -> URL {
        if let path = environment["RETORT_BINARY"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw HarnessError.message("RETORT_BINARY=\(path) is not an executable file")
            }
            return URL(fileURLWithPath: path)
        }
        let candidates = [".build/debug/retort", ".build/release/retort"].map {
            packageRoot.appendingPathComponent($0)
        }
        for c in candidates where FileManager.default.isExecutableFile(atPath: c.path) {
            return c
        }
        throw HarnessError.message(
            "no retort binary at \(candidates[0].path): run `swift build` first or set RETORT_BINARY")
    }

    /// The Alembic oracle, or a skip that says why there is none.
    static func oracle() throws -> Oracle {
        let venv = defaultCache.appendingPathComponent("venv/bin")
        let python = environment["RETORT_ORACLE_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? venv.appendingPathComponent("python").path
        let alembic = environment["RETORT_ALEMBIC"].flatMap { $0.isEmpty ? nil : $0 }
            ?? venv.appendingPathComponent("alembic").path
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: python), fm.isExecutableFile(atPath: alembic) else {
            let reason = "Alembic oracle not found (python: \(python), alembic: \(alembic)); "
                + "run scripts/oracle-venv.sh or set RETORT_ORACLE_PYTHON and RETORT_ALEMBIC"
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
        return Oracle(python: python, alembic: alembic)
    }

    /// The real histories scripts/real-histories.sh extracts (its SPECS), in the order the
    /// tests report them; each has `<name>-source` beside it, the wheel's own Python.
    static let realHistoryNames = [
        "airflow", "superset", "mlflow", "zenml", "langflow", "prefect-pg", "prefect-sqlite", "dagster", "phoenix",
        "jupyterhub",
    ]

    /// The directory with the real histories (`$RETORT_HISTORIES`), or a skip.
    static func histories() throws -> URL {
        let path = environment["RETORT_HISTORIES"].flatMap { $0.isEmpty ? nil : $0 }
            ?? defaultCache.appendingPathComponent("histories").path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            let reason = "real histories not found at \(path); run scripts/real-histories.sh "
                + "or set RETORT_HISTORIES"
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
        return URL(fileURLWithPath: path)
    }

    /// A fresh temporary directory, removed when the test ends.
    static func temporaryDirectory(_ test: XCTestCase, _ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("retort-tests-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // Alembic prints resolved paths; resolve /tmp symlinks (macOS) the same way.
        let resolved = dir.resolvingSymlinksInPath()
        test.addTeardownBlock { try? FileManager.default.removeItem(at: resolved) }
        return resolved
    }

    /// Runs `executable args`, standard input from `stdin` (or /dev/null), capturing
    /// standard output and error. A process still running after `timeout` is killed.
    static func run(
        _ executable: String, _ args: [String], stdin: Data? = nil,
        cwd: URL? = nil, extraEnvironment: [String: String] = [:],
        timeout: TimeInterval = 120
    ) throws -> RunResult {
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("retort-run-\(UUID().uuidString)")
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        let inURL = scratch.appendingPathComponent("stdin")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)
        _ = fm.createFile(atPath: inURL.path, contents: stdin ?? Data())

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        if let cwd { process.currentDirectoryURL = cwd }
        var env = environment
        for (k, v) in extraEnvironment { env[k] = v }
        process.environment = env
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        let inHandle = try FileHandle(forReadingFrom: inURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
            try? inHandle.close()
        }
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = inHandle

        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = done.wait(timeout: .now() + 5)
            throw HarnessError.message(
                "timed out after \(Int(timeout)) s: \(executable) \(args.joined(separator: " "))")
        }
        let status = process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
        let out = String(decoding: try Data(contentsOf: outURL), as: UTF8.self)
        let err = String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        return RunResult(stdout: out, stderr: err, exit: status)
    }

    /// Runs the built retort binary with `args`.
    static func retort(_ args: [String], cwd: URL? = nil) throws -> RunResult {
        try run(try retortBinary().path, args, cwd: cwd, timeout: 60)
    }
}

/// Alembic, run from the pinned virtual environment.
struct Oracle: Sendable {
    let python: String
    let alembic: String

    /// Runs the real `alembic` executable once, with Python's hash seed fixed to `seed`.
    func alembic(_ args: [String], cwd: URL? = nil, seed: Int = 0) throws -> RunResult {
        try Harness.run(alembic, args, cwd: cwd, extraEnvironment: ["PYTHONHASHSEED": String(seed)])
    }

    /// Runs many alembic command lines in one Python process (Tests/Oracle/alembic_batch.py).
    /// With `ast`, revision scripts are read with Python's ast instead of imported; with
    /// `orderedMerges`, merge and unmerge steps pick version rows in declared order.
    func batch(_ commands: [[String]], ast: Bool = false, orderedMerges: Bool = false) throws -> [RunResult] {
        let input = try JSONSerialization.data(withJSONObject: commands)
        let script = Harness.oracleScripts.appendingPathComponent("alembic_batch.py").path
        let flags = (ast ? ["--ast"] : []) + (orderedMerges ? ["--ordered-merges"] : [])
        let r = try Harness.run(
            python, [script] + flags, stdin: input,
            extraEnvironment: ["PYTHONHASHSEED": "0"], timeout: 600)
        guard r.exit == 0 else {
            throw HarnessError.message("alembic_batch.py failed (\(r.exit)): \(r.stderr)")
        }
        struct Item: Decodable { var stdout: String; var stderr: String; var exit: Int32 }
        let items = try JSONDecoder().decode([Item].self, from: Data(r.stdout.utf8))
        guard items.count == commands.count else {
            throw HarnessError.message("alembic_batch.py returned \(items.count) results for \(commands.count) commands")
        }
        return items.map { RunResult(stdout: $0.stdout, stderr: $0.stderr, exit: $0.exit) }
    }

    /// Alembic's revision map of `dirs` (Tests/Oracle/revision_map.py).
    func revisionMap(_ dirs: [String], recursive: Bool = false) throws -> RevisionMapDocument {
        let script = Harness.oracleScripts.appendingPathComponent("revision_map.py").path
        let r = try Harness.run(python, [script] + (recursive ? ["--recursive"] : []) + dirs,
                                extraEnvironment: ["PYTHONHASHSEED": "0"])
        guard r.exit == 0 else {
            throw HarnessError.message("revision_map.py failed (\(r.exit)): \(r.stderr)")
        }
        return try JSONDecoder().decode(RevisionMapDocument.self, from: Data(r.stdout.utf8))
    }

    /// Generates a project with Tests/Oracle/make_project.py into `dir`.
    func makeProject(_ dir: URL, shape: String, count: Int, seed: Int = 1, emptyBodies: Bool = false) throws {
        let script = Harness.oracleScripts.appendingPathComponent("make_project.py").path
        let r = try Harness.run(python, [script, dir.path, "--shape", shape,
                                         "--count", String(count), "--seed", String(seed)]
                                         + (emptyBodies ? ["--empty-bodies"] : []))
        guard r.exit == 0 else {
            throw HarnessError.message("make_project.py failed (\(r.exit)): \(r.stderr)")
        }
    }
}

/// One revision of `history --json` / revision_map.py.
struct JSONRevision: Decodable, Equatable, CustomStringConvertible {
    var revision: String
    var down_revisions: [String]
    var branch_labels: [String]
    var depends_on: [String]
    var path: String?
    var message: String?
    var is_head: Bool
    var is_base: Bool
    var is_branch_point: Bool
    var is_merge_point: Bool

    /// The fields every comparison uses; branch labels are a set in Alembic.
    var graphKey: String {
        "\(revision) down=\(down_revisions) labels=\(branch_labels.sorted()) deps=\(depends_on) "
            + "head=\(is_head) base=\(is_base) branchpoint=\(is_branch_point) mergepoint=\(is_merge_point)"
    }
    var description: String { graphKey }
}

struct RevisionMapDocument: Decodable {
    var revisions: [JSONRevision]
    var heads: [String]?
    var bases: [String]?
}
