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
        let existing = configuration.versionLocations.filter(ProjectPath.exists)
        if existing.count == 1, !configuration.recursiveVersionLocations, !configuration.sourceless {
            return FlatScriptListing.scripts(in: existing[0]) ?? flatScripts(in: existing[0])
        }
        var seen = Set<String>()
        var scripts: [ScriptFile] = []
        var realDirectories: [String: String] = [:]
        for location in existing {
            var links = Set<String>()
            let candidates = listPyDir(
                location, sourceless: configuration.sourceless,
                recursive: configuration.recursiveVersionLocations, symlinks: &links)
            for candidate in candidates {
                // Resolve each directory once; only a file that is itself a link needs its own lookup.
                let real: String
                if links.contains(candidate) {
                    real = ProjectPath.realPath(candidate)
                } else {
                    let directory = ProjectPath.parent(candidate)
                    let realDirectory = realDirectories[directory] ?? ProjectPath.realPath(directory)
                    realDirectories[directory] = realDirectory
                    real = ProjectPath.join(realDirectory, ProjectPath.lastComponent(candidate))
                }
                guard seen.insert(real).inserted else { continue }
                if let script = script(at: real, sourceless: configuration.sourceless) {
                    scripts.append(script)
                }
            }
        }
        return scripts
    }

    /// The common case, one directory read flat: the same answer as the general walk with
    /// a fraction of the string work, which matters with thousands of scripts.
    static func flatScripts(in location: String) -> [ScriptFile] {
        var links = Set<String>()
        let (_, files) = listDirectory(location, symlinks: &links)
        let realDirectory = ProjectPath.realPath(location)
        let prefix = realDirectory.hasSuffix("/") ? realDirectory : realDirectory + "/"
        var scripts: [ScriptFile] = []
        scripts.reserveCapacity(files.count)
        var seen = Set<String>()
        for name in files where isSourceName(name) {
            if links.isEmpty {
                scripts.append(ScriptFile(path: prefix + name, isSourceless: false))
            } else {
                // A symlinked script resolves elsewhere and may even repeat another file.
                let full = ProjectPath.join(location, name)
                let real = links.contains(full) ? ProjectPath.realPath(full) : prefix + name
                if seen.insert(real).inserted, isSourceName(ProjectPath.lastComponent(real)) {
                    scripts.append(ScriptFile(path: real, isSourceless: false))
                }
            }
        }
        return scripts
    }

    /// Alembic's `(?!\.\#|__init__)(.*\.py)$` on a file name, tested on bytes.
    static func isSourceName(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { FlatScriptListing.isSourceName(UnsafeRawBufferPointer($0)) }
    }

    /// `Script._list_py_dir`: an `os.walk` from `top`, stopping after the first
    /// directory unless recursive.
    static func listPyDir(_ top: String, sourceless: Bool, recursive: Bool) -> [String] {
        var links = Set<String>()
        return listPyDir(top, sourceless: sourceless, recursive: recursive, symlinks: &links)
    }

    /// As `listPyDir(_:sourceless:recursive:)`, also collecting the listed files that are symlinks.
    static func listPyDir(_ top: String, sourceless: Bool, recursive: Bool, symlinks: inout Set<String>) -> [String] {
        var paths: [String] = []
        var links = Set<String>()
        var stop = false

        func walk(_ root: String) {
            guard !stop else { return }
            let (dirs, files) = listDirectory(root, symlinks: &links)
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
                    let (cacheDirs, cacheFiles) = listDirectory(cache, symlinks: &links)
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
        symlinks = links
        return paths
    }

    /// Python's `name.split(".")[0]`.
    private static func stem(_ name: String) -> String {
        String(name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// Subdirectories to descend into and other entries, both sorted, as `os.walk`
    /// sees them: symlinks to directories are not followed, unreadable directories yield nothing.
    private static func listDirectory(_ path: String, symlinks: inout Set<String>) -> (dirs: [String], files: [String]) {
        // readdir's d_type classifies entries without a stat per file; only links and
        // file systems that do not report types need one.
        guard let stream = opendir(path) else { return ([], []) }
        defer { closedir(stream) }
        var dirs: [String] = []
        var files: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let type = Int32(entry.pointee.d_type)
            if type == Int32(DT_REG) {
                files.append(name)  // The common case: no path to build, no stat.
                continue
            }
            let full = ProjectPath.join(path, name)
            switch type {
            case Int32(DT_DIR):
                dirs.append(name)
            case Int32(DT_LNK):
                // os.walk lists a link to a directory with the directories but does not enter it.
                if !ProjectPath.isDirectory(full) {
                    files.append(name)
                    symlinks.insert(full)
                }
            case Int32(DT_UNKNOWN):
                var info = stat()
                if lstat(full, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
                    dirs.append(name)
                } else if (info.st_mode & S_IFMT) == S_IFLNK {
                    if !ProjectPath.isDirectory(full) {
                        files.append(name)
                        symlinks.insert(full)
                    }
                } else {
                    files.append(name)
                }
            default:
                files.append(name)
            }
        }
        return (sortedByCodePoint(dirs), sortedByCodePoint(files))
    }

    /// Sorts names as Python sorts strings (by code point, which for UTF-8 is byte order),
    /// comparing byte arrays: thousands of names sort in well under a millisecond.
    static func sortedByCodePoint(_ names: [String]) -> [String] {
        let keyed = names.map { (bytes: Array($0.utf8), name: $0) }
        return keyed.sorted { a, b in
            a.bytes.withUnsafeBufferPointer { x in
                b.bytes.withUnsafeBufferPointer { y in
                    let shared = min(x.count, y.count)
                    if shared > 0, let p = x.baseAddress, let q = y.baseAddress {
                        let order = memcmp(p, q, shared)
                        if order != 0 { return order < 0 }
                    }
                    return x.count < y.count
                }
            }
        }.map(\.name)
    }


    /// Python's string ordering: by code point.
    static func pythonLess(_ a: String, _ b: String) -> Bool {
        // UTF-8 byte order is code point order; memcmp compares it fastest.
        var a = a
        var b = b
        return a.withUTF8 { pa in
            b.withUTF8 { pb in
                let shared = min(pa.count, pb.count)
                if shared > 0, let x = pa.baseAddress, let y = pb.baseAddress {
                    let order = memcmp(x, y, shared)
                    if order != 0 { return order < 0 }
                }
                return pa.count < pb.count
            }
        }
    }

    /// `Script._from_path`'s file-name test: `(?!\.\#|__init__)(.*\.py)$`, or with
    /// sourceless `(.*\.py)(c|o)?$`, where compiled files lose to a `.py` beside them
    /// (and `.pyo` also to a `.pyc`).
    static func script(at path: String, sourceless: Bool) -> ScriptFile? {
        let name = ProjectPath.lastComponent(path)
        if name.hasPrefix(".#") || name.hasPrefix("__init__") { return nil }
        if isSourceName(name) { return ScriptFile(path: path, isSourceless: false) }
        guard sourceless, name.hasSuffix(".pyc") || name.hasSuffix(".pyo") else { return nil }
        let directory = ProjectPath.parent(path)
        let source = ProjectPath.join(directory, String(name.dropLast()))
        if ProjectPath.exists(source) { return nil }
        if name.hasSuffix(".pyo") && ProjectPath.exists(source + "c") { return nil }
        return ScriptFile(path: path, isSourceless: true)
    }
}
