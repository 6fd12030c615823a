import Foundation

/// Finds the project's Python: the first candidate, in Retort's order, that can import
/// Alembic and SQLAlchemy with the project's `prepend_sys_path`.
///
/// The order: `--python`, `$RETORT_PYTHON`, an active `$VIRTUAL_ENV`, `.venv/bin/python`
/// or `venv/bin/python` in the configuration's directory and its parents up to the
/// repository's root, then `python3` on `PATH`. An interpreter named with `--python` or
/// `$RETORT_PYTHON` is the only one tried: asking for one and silently getting another
/// would run the migrations under the wrong application.
public struct PythonFinder {
    public var option: String?
    public var environment: [String: String]
    /// The configuration's directory (the current directory when there is none).
    public var projectDirectory: String
    public var currentDirectory: String

    public init(option: String?, environment: [String: String], projectDirectory: String, currentDirectory: String) {
        self.option = option
        self.environment = environment
        self.projectDirectory = projectDirectory
        self.currentDirectory = currentDirectory
    }

    /// The candidates in order, each with how it was found.
    public func candidates() -> [(path: String, source: String)] {
        if let option, !option.isEmpty { return [(absolute(option), "--python")] }
        if let named = environment["RETORT_PYTHON"], !named.isEmpty { return [(absolute(named), "$RETORT_PYTHON")] }
        var found: [(String, String)] = []
        if let venv = environment["VIRTUAL_ENV"], !venv.isEmpty {
            found.append(((venv as NSString).appendingPathComponent("bin/python"), "$VIRTUAL_ENV"))
        }
        var directory = (projectDirectory as NSString).standardizingPath
        let files = FileManager.default
        while true {
            for name in [".venv", "venv"] {
                let python = (directory as NSString).appendingPathComponent("\(name)/bin/python")
                if files.isExecutableFile(atPath: python) { found.append((python, "\(name) in \(directory)")) }
            }
            let isRoot = files.fileExists(atPath: (directory as NSString).appendingPathComponent(".git"))
            let parent = (directory as NSString).deletingLastPathComponent
            if isRoot || parent == directory || parent.isEmpty { break }
            directory = parent
        }
        if let python3 = Self.onPath("python3", environment["PATH"] ?? "") { found.append((python3, "python3 on PATH")) }
        var seen = Set<String>()
        return found.filter { seen.insert($0.0).inserted }
    }

    /// Starts the helper under each candidate in turn and returns the first that is
    /// ready, with the candidates passed over; `initial` is the helper's set-up.
    public func start(initial: [String: Any], environment childEnvironment: [String: String]) -> (
        bridge: BridgeProcess?, python: ProjectPython?, passedOver: [PythonCandidate]
    ) {
        var passed: [PythonCandidate] = []
        for (path, source) in candidates() {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                passed.append(.init(path: path, source: source, reason: "no executable file there"))
                continue
            }
            do {
                let bridge = try BridgeProcess(python: path, initial: initial, environment: childEnvironment)
                guard let greeting = bridge.greeting else { continue }
                if greeting.event == "ready" {
                    let python = ProjectPython(
                        path: path, source: source, pythonVersion: greeting.string("python") ?? "?",
                        alembicVersion: greeting.string("alembic") ?? "?",
                        sqlalchemyVersion: greeting.string("sqlalchemy") ?? "?")
                    return (bridge, python, passed)
                }
                let version = greeting.string("python").map { "Python \($0): " } ?? ""
                passed.append(.init(path: path, source: source, reason: version + (greeting.string("message") ?? "not usable")))
                bridge.close()
            } catch {
                passed.append(.init(path: path, source: source, reason: "\(error)"))
            }
        }
        return (nil, nil, passed)
    }

    private func absolute(_ path: String) -> String {
        if path.contains("/") {
            return path.hasPrefix("/") ? path : (currentDirectory as NSString).appendingPathComponent(path)
        }
        return Self.onPath(path, environment["PATH"] ?? "") ?? path
    }

    /// The first executable `name` in the directories of `path`.
    static func onPath(_ name: String, _ path: String) -> String? {
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = (String(directory) as NSString).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
