import Foundation

/// The sample project (its files are in DemoProject+Files.swift): what `retort demo`
/// writes for the browser to open, and what the tests compare Retort with Alembic on.
public enum DemoProject {
    /// The revision `retort demo` upgrades its database to: the merge of the main line,
    /// so that the browser opens with revisions applied and three branches pending.
    public static let demoRevision = "e2b4f6a8c0d1"

    /// Writes the project's files under `directory`, made when missing. A directory that
    /// already holds an `alembic.ini` or a `migrations` folder is refused: nothing of the
    /// user's is overwritten.
    public static func write(to directory: String) throws {
        let manager = FileManager.default
        for existing in ["alembic.ini", "migrations"] where manager.fileExists(atPath: directory + "/" + existing) {
            throw CommandFailure(
                .project, "\(directory) already holds \(existing): the demo writes its project into an empty or new directory")
        }
        do {
            for file in files {
                let url = URL(fileURLWithPath: directory).appendingPathComponent(file.path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: url)
            }
        } catch {
            throw CommandFailure(.project, "cannot write the demo project into \(directory): \(error.localizedDescription)")
        }
    }

    /// Writes the project into a fresh directory under the system's temporary directory
    /// and returns that directory.
    public static func writeTemporary(prefix: String = "retort-demo") throws -> String {
        let directory = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        try write(to: directory)
        return directory
    }
}
