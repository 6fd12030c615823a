import Foundation
import XCTest
@testable import MigrationCore

/// Compares ProjectLoader + ScriptDiscovery with Alembic itself on generated projects.
///
/// Runs only when a Python with Alembic is available: `RETORT_ORACLE_PYTHON`, or the
/// default venv at /root/.cache/retort/venv/bin/python.
final class AlembicOracleTests: XCTestCase {
    /// What Alembic resolved, as printed by `oracleScript`.
    private struct OracleResult: Decodable {
        var dir: String?
        var version_locations: [String]?
        var scripts: [String]?
        var sourceless: Bool?
        var recursive: Bool?
        var file_template: String?
        var truncate: Int?
        var timezone: String?
        var error: String?
    }

    /// Mirrors `alembic` on the command line: `_inis_from_config` picks the files,
    /// `Config` reads them and `ScriptDirectory.from_config` resolves the locations.
    /// The console script does not have the cwd on sys.path, so drop it here too.
    private static let oracleScript = #"""
    import argparse, json, os, sys, warnings
    sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]
    warnings.simplefilter("ignore")
    from alembic.config import Config, CommandLine
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError
    args = json.loads(sys.argv[1])
    norm = lambda p: os.path.normpath(os.path.abspath(str(p)))
    try:
        toml, ini = CommandLine()._inis_from_config(argparse.Namespace(config=args["config"] or None))
        cfg = Config(ini, toml_file=toml, ini_section=args["name"])
        s = ScriptDirectory.from_config(cfg)
        out = {
            "dir": norm(s.dir),
            "version_locations": [norm(p) for p in s._version_locations],
            "scripts": [str(x.path) for x in s._load_revisions()],
            "sourceless": s.sourceless,
            "recursive": s.recursive_version_locations,
            "file_template": s.file_template,
            "truncate": s.truncate_slug_length,
            "timezone": s.timezone,
        }
    except CommandError as e:
        out = {"error": str(e)}
    print(json.dumps(out))
    """#

    private func oraclePython() throws -> String {
        let path = ProcessInfo.processInfo.environment["RETORT_ORACLE_PYTHON"]
            ?? "/root/.cache/retort/venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            print("AlembicOracleTests skipped: no Python with Alembic at \(path) (set RETORT_ORACLE_PYTHON)")
            throw XCTSkip("no Alembic oracle at \(path)")
        }
        return path
    }

    private func run(_ python: String, _ arguments: [String], in directory: String,
                     environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["ALEMBIC_CONFIG"] = nil
        env["PYTHONDONTWRITEBYTECODE"] = "1"   // importing scripts must not add __pycache__ files
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ProjectError("oracle failed: " + (String(data: errorData, encoding: .utf8) ?? ""))
        }
        return String(data: data, encoding: .utf8) ?? ""
    }

    private func alembic(_ options: ProjectOptions) throws -> OracleResult {
        let python = try oraclePython()
        let request: [String: Any] = ["config": options.configFiles, "name": options.sectionName]
        let json = String(data: try JSONSerialization.data(withJSONObject: request), encoding: .utf8) ?? "{}"
        let output = try run(python, ["-c", Self.oracleScript, json], in: options.currentDirectory,
                             environment: options.environment)
        return try JSONDecoder().decode(OracleResult.self, from: Data(output.utf8))
    }

    /// Asserts Retort and Alembic agree on everything both report.
    private func assertAgree(_ options: ProjectOptions, sortScripts: Bool = false,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try alembic(options)
        XCTAssertNil(expected.error, "Alembic failed: \(expected.error ?? "")", file: file, line: line)
        let config = try ProjectLoader.load(options)
        let scripts = try ScriptDiscovery.scripts(in: config).map(\.path)
        XCTAssertEqual(config.scriptDirectory, expected.dir, "script directory", file: file, line: line)
        XCTAssertEqual(config.versionLocations, expected.version_locations, "version locations", file: file, line: line)
        XCTAssertEqual(sortScripts ? scripts.sorted() : scripts,
                       sortScripts ? expected.scripts?.sorted() : expected.scripts, "scripts", file: file, line: line)
        XCTAssertEqual(config.sourceless, expected.sourceless, "sourceless", file: file, line: line)
        XCTAssertEqual(config.recursiveVersionLocations, expected.recursive, "recursive", file: file, line: line)
        XCTAssertEqual(config.fileTemplate, expected.file_template, "file_template", file: file, line: line)
        XCTAssertEqual(config.truncateSlugLength, expected.truncate, "truncate_slug_length", file: file, line: line)
        XCTAssertEqual(config.timezone, expected.timezone, "timezone", file: file, line: line)
        XCTAssertFalse(scripts.isEmpty, "the project should have scripts", file: file, line: line)
    }

    func testStandardProject() throws {
        let p = try TempProject()
        try p.write("alembic.ini", """
            [DEFAULT]
            base = %(here)s

            [alembic]
            script_location = %(base)s/migrations
            file_template = %%(year)d_%%(rev)s
            truncate_slug_length = 0
            timezone = UTC
            Sourceless = false
            """)
        try p.revision("migrations/versions/b2_second.py", id: "b2", down: "a1")
        try p.revision("migrations/versions/a1_first.py", id: "a1")
        try p.revision("migrations/versions/A0_upper.py", id: "A0")
        try p.write("migrations/versions/.#a1_first.py", "junk")
        try p.write("migrations/versions/__init__.py", "")
        try p.write("migrations/versions/README", "")
        try p.revision("migrations/versions/sub/c3_nested.py", id: "c3")
        try assertAgree(p.options())
    }

    func testRecursiveMultipleLocationsFromAnotherDirectory() throws {
        let p = try TempProject()
        try p.write("conf/alembic.ini", """
            [alembic]
            script_location = app/db
            path_separator = newline
            version_locations =
                app/db/versions
                %(here)s/../extra
                missing
            recursive_version_locations = true
            """)
        try p.write("pyproject.toml", "[tool.alembic]\ntimezone = \"Asia/Tokyo\"\ntruncate_slug_length = 12\n")
        try p.mkdir("app/db")
        for (name, id) in [("z.py", "z"), ("b/2.py", "b2"), ("b/1.py", "b1"), ("a/y.py", "y"), ("b/a/x.py", "x")] {
            try p.revision("app/db/versions/" + name, id: id)
        }
        try p.revision("extra/e.py", id: "e")
        try p.revision("extra/deeper/f.py", id: "f")
        try assertAgree(p.options(configFiles: ["conf/alembic.ini"]))
    }

    func testPyprojectOnlyAndLegacySplit() throws {
        let p = try TempProject()
        try p.write("pyproject.toml", """
            [project]
            name = "demo"
            dependencies = ["alembic", "sqlalchemy"]

            [[tool.mypy.overrides]]
            module = "x"

            [tool.alembic]
            script_location = "%(here)s/alembic"
            version_locations = ["%(here)s/alembic/versions", "more"]
            file_template = "%%(rev)s_%%(slug)s_x"
            sourceless = false
            """)
        try p.revision("alembic/versions/one.py", id: "one")
        try p.revision("more/two.py", id: "two")
        try assertAgree(p.options())

        let q = try TempProject()
        try q.write("custom.ini", "[alembic]\nscript_location = m\nversion_locations = v1, v2  v3\n")
        try q.mkdir("m")
        try q.revision("v1/a.py", id: "a")
        try q.revision("v2/b.py", id: "b")
        try q.revision("v3/c.py", id: "c")
        try assertAgree(q.options().with { $0.environment = ["ALEMBIC_CONFIG": "custom.ini"] })
    }

    func testPackageResourceAndSectionName() throws {
        let p = try TempProject()
        try p.write("alembic.ini", """
            [alembic]
            script_location = nothing

            [tenant]
            script_location = myapp.db:migrations
            prepend_sys_path = src
            path_separator = ;
            version_locations = myapp.db:migrations:versions;myapp:more
            """)
        try p.write("src/myapp/__init__.py")
        try p.write("src/myapp/db/__init__.py")
        try p.revision("src/myapp/db/migrations/versions/r1.py", id: "r1")
        try p.revision("src/myapp/more/r2.py", id: "r2")
        try assertAgree(p.options().with { $0.sectionName = "tenant" })
    }

    func testSourcelessProject() throws {
        let python = try oraclePython()
        let p = try TempProject()
        try p.write("alembic.ini", "[alembic]\nscript_location = m\nsourceless = true\n")
        try p.revision("m/versions/kept.py", id: "kept")
        for name in ["gone", "legacy"] {
            try p.revision("m/versions/\(name).py", id: name)
        }
        // Compile, then delete the sources: one pyc in __pycache__, one beside (legacy layout).
        _ = try run(python, ["-c", "import py_compile as c; c.compile('m/versions/gone.py'); c.compile('m/versions/legacy.py', cfile='m/versions/legacy.pyc'); c.compile('m/versions/kept.py')"],
                    in: p.root)
        try FileManager.default.removeItem(atPath: p.path("m/versions/gone.py"))
        try FileManager.default.removeItem(atPath: p.path("m/versions/legacy.py"))
        try assertAgree(p.options(), sortScripts: true)
        let scripts = try ScriptDiscovery.scripts(in: ProjectLoader.load(p.options()))
        XCTAssertEqual(scripts.filter(\.isSourceless).count, 2)
    }

    func testMissingScriptLocationAgreesWithAlembicWording() throws {
        let p = try TempProject()
        try p.write("alembic.ini", "[other]\nscript_location = m\n")
        let expected = try alembic(p.options())
        XCTAssertEqual(expected.error, "No 'script_location' key found in configuration.")
        assertProjectError(
            "No 'script_location' key found in configuration: \(p.path("alembic.ini")) has no [alembic] section. Use --script-location to give the migrations directory."
        ) { _ = try ProjectLoader.load(p.options()) }
    }

    // MARK: TOML against tomllib

    /// Prints, for every file of CPython's own tomllib test corpus, the document in a
    /// canonical JSON form, or null when tomllib rejects it.
    private static let tomllibScript = #"""
    import datetime, json, math, os, sysconfig, tomllib
    root = os.path.join(sysconfig.get_paths()["stdlib"], "test", "test_tomllib", "data")
    def canon(v):
        if isinstance(v, bool): return ["b", v]
        if isinstance(v, int): return ["i", v]
        if isinstance(v, float): return ["f", "nan" if math.isnan(v) else repr(v)]
        if isinstance(v, str): return ["s", v]
        if isinstance(v, (datetime.date, datetime.time)): return ["dt"]
        if isinstance(v, list): return ["a", [canon(x) for x in v]]
        return ["t", {k: canon(x) for k, x in v.items()}]
    out = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            if name.endswith(".toml"):
                path = os.path.join(dirpath, name)
                try:
                    with open(path, "rb") as f:
                        out[path] = canon(tomllib.load(f))
                except Exception:
                    out[path] = None
    print(json.dumps(out))
    """#

    private func canonical(_ value: TOMLValue) -> Any {
        switch value {
        case .string(let s): return ["s", s]
        case .integer(let i): return ["i", i]
        case .float(let d):
            if d.isNaN { return ["f", "nan"] }
            if d.isInfinite { return ["f", d > 0 ? "inf" : "-inf"] }
            return ["f", d]
        case .boolean(let b): return ["b", b]
        case .datetime: return ["dt"]
        case .array(let items): return ["a", items.map(canonical)]
        case .table(let table): return ["t", table.mapValues(canonical)]
        }
    }

    /// Normalizes Python's float reprs to numbers so both sides compare equal.
    private func normalizeFloats(_ value: Any) -> Any {
        if let pair = value as? [Any], pair.count == 2, let tag = pair[0] as? String {
            switch tag {
            case "f":
                if let text = pair[1] as? String, let d = Double(text) { return ["f", d] }
                return pair
            case "a": return ["a", ((pair[1] as? [Any]) ?? []).map(normalizeFloats)]
            case "t": return ["t", ((pair[1] as? [String: Any]) ?? [:]).mapValues(normalizeFloats)]
            default: return pair
            }
        }
        return value
    }

    func testTOMLDocumentAgreesWithTomllibCorpus() throws {
        let python = try oraclePython()
        let output = try run(python, ["-c", Self.tomllibScript], in: NSTemporaryDirectory())
        guard let corpus = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
              !corpus.isEmpty else {
            throw XCTSkip("CPython's tomllib test data is not installed")
        }
        var compared = 0
        for (path, expected) in corpus.sorted(by: { $0.key < $1.key }) {
            // Retort keeps date-times as text and does not validate calendar dates.
            if path.contains("/invalid/dates-and-times/") { continue }
            let parsed = try? TOMLDocument(contentsOf: path)
            if expected is NSNull {
                XCTAssertNil(parsed, "should reject \(path)")
            } else if let parsed {
                let ours = try JSONSerialization.data(withJSONObject: normalizeFloats(canonical(.table(parsed.root))), options: .sortedKeys)
                let theirs = try JSONSerialization.data(withJSONObject: normalizeFloats(expected), options: .sortedKeys)
                XCTAssertEqual(String(decoding: ours, as: UTF8.self), String(decoding: theirs, as: UTF8.self), path)
            } else {
                XCTFail("should accept \(path)")
            }
            compared += 1
        }
        XCTAssertGreaterThan(compared, 50)
    }
}
