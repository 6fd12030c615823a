import Foundation

/// The project's own Python modules, found the way Python would find them for the
/// project and read with the evaluator on demand, each once per dialect.
///
/// The search path is the configuration's `prepend_sys_path`, the configuration's
/// directory, the current directory, `PYTHONPATH` and the site-packages of the project's
/// virtual environment, in that order. Modules are never
/// run: their top-level statements are followed as a revision script's are, so code with
/// side effects at import time (a socket, a file) is simply not followed. An import cycle
/// and a module larger than `maxBytes` are refused with the reason.
public final class ProjectModules: @unchecked Sendable {
    /// The modules of the project the process works on (`LoadedProject` configures it).
    public static let shared = ProjectModules()

    /// What an import found.
    public enum Lookup {
        case found(ProjectModule)
        /// No file of that name on the search path (a library, or not installed).
        case notFound
        /// Found, but not read: why.
        case refused(String)
    }

    /// The largest module read (a generated module of several megabytes is not code a
    /// migration needs followed, and reading it would slow every render).
    public static let maxBytes = 1 << 20

    private let lock = NSRecursiveLock()
    private var directories: [String] = []
    private var scopes: [String: Lookup] = [:]
    /// Parsed modules by path (nil: not readable), for readers that do not evaluate.
    private var trees: [String: Module?] = [:]
    /// The modules being read, outermost first (an import of one of them is a cycle).
    private var reading: [(name: String, path: String)] = []

    public init(searchPath: [String] = []) {
        directories = searchPath
    }

    /// The directories searched, in order.
    public var searchPath: [String] {
        lock.lock()
        defer { lock.unlock() }
        return directories
    }

    /// Sets the search path; modules read for another one are forgotten.
    public func configure(searchPath: [String]) {
        lock.lock()
        defer { lock.unlock() }
        guard searchPath != directories else { return }
        directories = searchPath
        scopes = [:]
        trees = [:]
    }

    /// The search path of a project: `prepend_sys_path` (relative to the current
    /// directory, as Alembic adds it), the configuration's directory, the current
    /// directory, then `PYTHONPATH`; directories that do not exist are left out.
    public static func searchPath(
        prependSysPath: [String], configurationDirectory: String?, currentDirectory: String, environment: [String: String],
        interpreter: String? = nil
    ) -> [String] {
        func absolute(_ path: String) -> String {
            let joined = path.hasPrefix("/") ? path : (currentDirectory as NSString).appendingPathComponent(path)
            return (joined as NSString).standardizingPath
        }
        var paths = prependSysPath.map(absolute)
        if let configurationDirectory { paths.append(absolute(configurationDirectory)) }
        paths.append(absolute(currentDirectory))
        for entry in (environment["PYTHONPATH"] ?? "").split(separator: ":") where !entry.isEmpty {
            paths.append(absolute(String(entry)))
        }
        if let interpreter { paths += sitePackages(of: absolute(interpreter)) }
        var seen = Set<String>()
        var isDirectory: ObjCBool = false
        return paths.filter {
            seen.insert($0).inserted && FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
    }

    /// The site-packages directories of a virtual environment's interpreter
    /// (`<venv>/bin/python` → `<venv>/lib/python3.*/site-packages`), found without running
    /// it; none for an interpreter outside a virtual environment.
    public static func sitePackages(of interpreter: String) -> [String] {
        let root = ((interpreter as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        let files = FileManager.default
        guard files.fileExists(atPath: (root as NSString).appendingPathComponent("pyvenv.cfg")) else { return [] }
        let lib = (root as NSString).appendingPathComponent("lib")
        let versions = ((try? files.contentsOfDirectory(atPath: lib)) ?? []).filter { $0.hasPrefix("python3") }.sorted()
        return versions.map { (lib as NSString).appendingPathComponent("\($0)/site-packages") }
    }

    /// The file of module `name` (`pkg/sub.py` or `pkg/sub/__init__.py`), if on the path.
    public func file(of name: String) -> String? {
        let parts = name.split(separator: ".").map(String.init)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        let relative = parts.joined(separator: "/")
        for directory in searchPath {
            let base = (directory as NSString).appendingPathComponent(relative)
            for candidate in [base + ".py", base + "/__init__.py"] where FileManager.default.fileExists(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }

    /// The file of module `name` and its syntax tree, parsed once; nil when it is not on
    /// the path, too large or not Python this parser reads.
    public func syntax(of name: String) -> (path: String, module: Module)? {
        lock.lock()
        defer { lock.unlock() }
        guard let path = file(of: name) else { return nil }
        if let known = trees[path] { return known.map { (path, $0) } }
        var parsed: Module?
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size <= Self.maxBytes, let bytes = try? FileBytes.read(path) {
            parsed = bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
                ? Module(body: []) : try? PythonParser.parse(bytes, path: path)
        }
        trees[path] = .some(parsed)
        return parsed.map { (path, $0) }
    }

    /// Module `name` read for `dialect`, from the cache when read before.
    public func module(_ name: String, dialect: String, offline: Bool) -> Lookup {
        lock.lock()
        defer { lock.unlock() }
        guard let path = file(of: name) else { return .notFound }
        let key = "\(path)\n\(dialect)\n\(offline)"
        if let known = scopes[key] { return known }
        if let start = reading.firstIndex(where: { $0.path == path }) {
            let cycle = (reading[start...].map(\.name) + [name]).joined(separator: " → ")
            return .refused("module \(name) imports itself through a cycle (\(cycle)), which Retort does not follow")
        }
        let lookup = read(name, path: path, dialect: dialect, offline: offline)
        scopes[key] = lookup
        return lookup
    }

    private func read(_ name: String, path: String, dialect: String, offline: Bool) -> Lookup {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= Self.maxBytes else {
            return .refused(
                "module \(name) (\(path)) is \(size / 1024) KB, more than the \(Self.maxBytes / 1024) KB Retort reads")
        }
        let parsed: Module
        do {
            let bytes = try FileBytes.read(path)
            // An empty `__init__.py` is a package with no names (the parser wants a script).
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                return .found(ProjectModule(name: name, path: path))
            }
            parsed = try PythonParser.parse(bytes, path: path)
        } catch let error as PythonSyntaxError {
            return .refused("module \(name) cannot be read: \(path):\(error.line): \(error.message)")
        } catch {
            return .refused("module \(name) cannot be read: \(error)")
        }
        let scope = ProjectModule(name: name, path: path)
        reading.append((name, path))
        defer { reading.removeLast() }
        let evaluator = Evaluator(module: parsed, path: path, dialect: dialect, offline: offline, modules: self, scope: scope)
        scope.globals = evaluator.globals
        scope.stoppedAt = evaluator.topLevelStop
        return .found(scope)
    }
}
