import Foundation

/// Path arithmetic used while resolving a project (lexical, no symlink resolution).
enum ProjectPath {
    /// `path` made absolute against `base` and normalized (`.`, `..` and `//` removed).
    static func absolute(_ path: String, relativeTo base: String) -> String {
        normalize(path.hasPrefix("/") ? path : base + "/" + path)
    }

    /// Lexically normalizes an absolute path.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func join(_ base: String, _ component: String) -> String {
        base.hasSuffix("/") ? base + component : base + "/" + component
    }

    static func parent(_ path: String) -> String {
        // Byte search: Character-level search is slow over thousands of paths.
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        let head = String(path[..<slash])
        return head.isEmpty ? "/" : head
    }

    /// The last component of `path` (byte search: this runs for every script).
    static func lastComponent(_ path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(path[path.utf8.index(after: slash)...])
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    static func isFile(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
    }

    /// Whether anything exists at `path` (following symlinks, like Python's `Path.exists`).
    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// The path with symlinks resolved, like Python's `Path.resolve()`.
    static func realPath(_ path: String) -> String {
        // realpath(3) is one call; Foundation's URL resolution costs several per component,
        // which adds up over thousands of scripts.
        guard let resolved = realpath(path, nil) else {
            return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// How Alembic turns `script_location`, `version_locations` and `prepend_sys_path`
/// text into directories.
enum ScriptLocation {
    /// Alembic treats a non-absolute location containing `:` as `package:path`.
    static func isPackageResource(_ location: String) -> Bool {
        !location.hasPrefix("/") && location.contains(":")
    }

    /// Resolves one location to an absolute directory.
    ///
    /// Plain paths are relative to the current directory, because Alembic passes
    /// them to `pathlib` unchanged (it does not make them relative to the ini).
    /// `package:sub:dir` is looked up as a package directory under each of
    /// `searchPaths`, standing in for Alembic's `importlib.resources.files()`.
    ///
    /// - Parameters:
    ///   - what: how to name the location in messages, e.g. "script_location".
    ///   - source: where the value came from, e.g. "/p/alembic.ini".
    /// - Returns: the directory and, when the package was found only through a
    ///   fallback directory, a note saying so.
    static func resolve(
        _ location: String, currentDirectory: String, sysPath: [String], fallbackPaths: [String],
        what: String, source: String
    ) throws -> (path: String, note: String?) {
        guard isPackageResource(location) else {
            return (ProjectPath.absolute(location, relativeTo: currentDirectory), nil)
        }
        // Python's str.split(":") keeps empty pieces; an empty piece adds nothing to the path.
        let tokens = location.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let package = tokens[0]
        let packagePath = package.split(separator: ".", omittingEmptySubsequences: false).joined(separator: "/")
        var tried: [String] = []
        var searched = Set<String>()
        var namespaceMatch: (String, Bool)?
        let candidates = sysPath.map { ($0, false) } + fallbackPaths.map { ($0, true) }
        for (directory, isFallback) in candidates where !package.isEmpty {
            guard searched.insert(directory).inserted else { continue }
            let candidate = ProjectPath.normalize(ProjectPath.join(directory, packagePath))
            tried.append(candidate)
            guard ProjectPath.isDirectory(candidate) else { continue }
            // Python prefers a regular package (with __init__.py) anywhere on the path
            // over a namespace-package directory found earlier.
            if ProjectPath.isFile(ProjectPath.join(candidate, "__init__.py")) {
                return (finish(candidate, tokens), note(package, candidate, isFallback))
            }
            if namespaceMatch == nil { namespaceMatch = (candidate, isFallback) }
        }
        if let (candidate, isFallback) = namespaceMatch {
            return (finish(candidate, tokens), note(package, candidate, isFallback))
        }
        let looked = tried.isEmpty ? "nowhere (empty package name)" : tried.joined(separator: ", ")
        throw ProjectError(
            "Can't find package \(pythonRepr(package)) for \(what) \(pythonRepr(location)) in \(source); "
                + "looked for \(looked). Use --script-location to give the directory.",
            file: source)
    }

    private static func finish(_ packageDirectory: String, _ tokens: [String]) -> String {
        var path = packageDirectory
        for token in tokens.dropFirst() where !token.isEmpty {
            path = ProjectPath.join(path, token)
        }
        return ProjectPath.normalize(path)
    }

    private static func note(_ package: String, _ directory: String, _ isFallback: Bool) -> String? {
        guard isFallback else { return nil }
        return "Package '\(package)' found at \(directory), which is not on prepend_sys_path; "
            + "Alembic finds it there only if the package is installed"
    }

    /// The `path_separator` values Alembic accepts and the text each splits on.
    static let separators: [String: String] = [
        "space": " ", "newline": "\n", "os": ":", ":": ":", ";": ";",
    ]

    /// Splits with an explicit separator: Alembic's `[x.strip() for x in s.split(sep) if x]`.
    ///
    /// The emptiness test runs before stripping, so a piece of only spaces yields "".
    static func split(_ value: String, separator: String) -> [String] {
        value.components(separatedBy: separator)
            .filter { !$0.isEmpty }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Alembic's legacy split when no `path_separator` is set: `re.split(r", *|(?: +)")`,
    /// plus `:` for `prepend_sys_path`. Like `re.split`, empty pieces are kept.
    static func legacySplit(_ value: String, splitOnColon: Bool) -> [String] {
        var pieces: [String] = []
        var current = ""
        var chars = Substring(value)
        while let c = chars.first {
            if c == "," {
                chars = chars.dropFirst().drop(while: { $0 == " " })
                pieces.append(current); current = ""
            } else if c == " " {
                chars = chars.drop(while: { $0 == " " })
                pieces.append(current); current = ""
            } else if c == ":" && splitOnColon {
                chars = chars.dropFirst()
                pieces.append(current); current = ""
            } else {
                current.append(c)
                chars = chars.dropFirst()
            }
        }
        pieces.append(current)
        return pieces
    }
}
