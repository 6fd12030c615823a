import Foundation

/// One revision script found on disk.
public struct ScriptFile: Sendable, Equatable {
    /// Absolute path with symlinks resolved, as Alembic records `Script.path`.
    public var path: String
    /// A `.pyc`/`.pyo` with no `.py` beside it (only found when `sourceless` is on).
    public var isSourceless: Bool

    public init(path: String, isSourceless: Bool) {
        self.path = path
        self.isSourceless = isSourceless
    }
}

/// Lists revision scripts the way `ScriptDirectory._load_revisions` does.
public enum ScriptDiscovery {
    /// Scripts in Alembic's order: each version location in order, files sorted
    /// by name, subdirectories (sorted, depth first) only when recursive.
    ///
    /// Version locations that do not exist are skipped, as Alembic skips them; a
    /// file reached twice (e.g. overlapping locations) is listed once.
    public static func scripts(in configuration: ProjectConfiguration) throws -> [ScriptFile] {
        if let directory = configuration.scriptDirectory, !ProjectPath.exists(directory) {
            throw ProjectError(
                "Path doesn't exist: \(directory).  Please use the 'init' command to create a new scripts folder.")
        }
        var seen = Set<String>()
        var scripts: [ScriptFile] = []
        for location in configuration.versionLocations where ProjectPath.exists(location) {
            let candidates = listPyDir(
                location, sourceless: configuration.sourceless,
                recursive: configuration.recursiveVersionLocations)
            for candidate in candidates {
                let real = ProjectPath.realPath(candidate)
                guard seen.insert(real).inserted else { continue }
                if let script = script(at: real, sourceless: configuration.sourceless) {
                    scripts.append(script)
                }
            }
        }
        return scripts
    }

    /// `Script._list_py_dir`: an `os.walk` from `top`, stopping after the first
    /// directory unless recursive.
    static func listPyDir(_ top: String, sourceless: Bool, recursive: Bool) -> [String] {
        var paths: [String] = []
        var stop = false

        func walk(_ root: String) {
            guard !stop else { return }
            let (dirs, files) = listDirectory(root)
            if ProjectPath.lastComponent(root).hasSuffix("__pycache__") {
                // Alembic `continue`s here: no files taken, but the walk goes on below it.
                for dir in dirs { walk(ProjectPath.join(root, dir)) }
                return
            }
            for file in files { paths.append(ProjectPath.join(root, file)) }

            if sourceless {
                // Compiled files in __pycache__ whose stem matches no file in root.
                let cache = ProjectPath.join(root, "__pycache__")
                if ProjectPath.exists(cache) {
                    let stems = Set(files.map(stem))
                    let (cacheDirs, cacheFiles) = listDirectory(cache)
                    // Alembic uses iterdir() order here, which is filesystem order; sorting keeps ours stable.
                    for name in (cacheDirs + cacheFiles).sorted(by: pythonLess) where !stems.contains(stem(name)) {
                        paths.append(ProjectPath.join(cache, name))
                    }
                }
            }
            guard recursive else {
                stop = true
                return
            }
            for dir in dirs {
                walk(ProjectPath.join(root, dir))
                if stop { return }
            }
        }
        walk(top)
        return paths
    }

    /// Python's `name.split(".")[0]`.
    private static func stem(_ name: String) -> String {
        String(name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// Subdirectories to descend into and other entries, both sorted, as `os.walk`
    /// sees them: symlinks to directories are not followed, unreadable directories yield nothing.
    private static func listDirectory(_ path: String) -> (dirs: [String], files: [String]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return ([], []) }
        var dirs: [String] = []
        var files: [String] = []
        for name in names {
            let full = ProjectPath.join(path, name)
            if ProjectPath.isDirectory(full) {
                let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) != nil
                if !isLink { dirs.append(name) }
            } else {
                files.append(name)
            }
        }
        return (dirs.sorted(by: pythonLess), files.sorted(by: pythonLess))
    }

    /// Python's string ordering: by code point.
    static func pythonLess(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
    }

    /// `Script._from_path`'s file-name test: `(?!\.\#|__init__)(.*\.py)$`, or with
    /// sourceless `(.*\.py)(c|o)?$`, where compiled files lose to a `.py` beside them
    /// (and `.pyo` also to a `.pyc`).
    static func script(at path: String, sourceless: Bool) -> ScriptFile? {
        let name = ProjectPath.lastComponent(path)
        if name.hasPrefix(".#") || name.hasPrefix("__init__") { return nil }
        if name.hasSuffix(".py") {
            return ScriptFile(path: path, isSourceless: false)
        }
        guard sourceless, name.hasSuffix(".pyc") || name.hasSuffix(".pyo") else { return nil }
        let directory = ProjectPath.parent(path)
        let source = ProjectPath.join(directory, String(name.dropLast()))
        if ProjectPath.exists(source) { return nil }
        if name.hasSuffix(".pyo") && ProjectPath.exists(source + "c") { return nil }
        return ScriptFile(path: path, isSourceless: true)
    }
}
