import Foundation
import TerminalUI

/// Finds and reads a theme by name or by path.
public enum ThemeLoader {
    /// Where named themes are looked for: `$RETORT_THEMES_DIR`, a `themes` folder beside
    /// the program or above it (a source checkout), then the usual shared folders.
    public static func searchDirectories(environment: [String: String]) -> [String] {
        var directories: [String] = []
        if let explicit = environment["RETORT_THEMES_DIR"], !explicit.isEmpty { directories.append(explicit) }
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            directories.append(directory.appendingPathComponent("themes").path)
            directory = directory.deletingLastPathComponent()
        }
        return directories + ["/usr/local/share/retort/themes", "/usr/share/retort/themes"]
    }

    /// The theme the user asked for: `option` (`--theme`), else `$RETORT_THEME` when set
    /// and not empty, else `default`.
    public static func load(option: String?, environment: [String: String]) throws -> Theme {
        let name = option ?? environment["RETORT_THEME"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        return try load(name, environment: environment)
    }

    /// The theme `name` (a name, or a path to a `.theme` file).
    public static func load(_ name: String, environment: [String: String]) throws -> Theme {
        let isPath = name.contains("/") || name.hasSuffix(".theme")
        let candidates = isPath ? [name] : searchDirectories(environment: environment).map { $0 + "/\(name).theme" }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return try Theme.parse(text, path: path, name: name, roles: ThemeRoles.all)
        }
        throw ThemeNotFound(name: name, looked: candidates)
    }

    public struct ThemeNotFound: Error, CustomStringConvertible {
        public var name: String
        public var looked: [String]
        public var description: String {
            "unknown theme '\(name)': looked for \(looked.joined(separator: ", "))"
        }
    }
}
