import Foundation
import XCTest
@testable import MigrationCore

/// A throwaway directory tree for one test, removed when the test ends.
final class TempProject {
    let root: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        // Resolve symlinks (e.g. /tmp on macOS) so paths compare equal to Alembic's.
        let dir = ProjectPath.realPath(base) + "/retort-project-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        root = dir
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Absolute path of `relative` inside the project.
    func path(_ relative: String) -> String {
        relative.isEmpty ? root : root + "/" + relative
    }

    /// Writes `contents` to `relative`, creating parent directories.
    @discardableResult
    func write(_ relative: String, _ contents: String = "") throws -> String {
        let full = path(relative)
        try FileManager.default.createDirectory(
            atPath: ProjectPath.parent(full), withIntermediateDirectories: true)
        try contents.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }

    /// Creates the directory `relative` (and parents).
    @discardableResult
    func mkdir(_ relative: String) throws -> String {
        let full = path(relative)
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        return full
    }

    /// A minimal revision script Alembic can import.
    func revision(_ relative: String, id: String, down: String? = nil) throws {
        let downText = down.map { "'\($0)'" } ?? "None"
        try write(relative, "revision = '\(id)'\ndown_revision = \(downText)\n")
    }

    /// Options rooted at `relative`, with an empty environment so the host's
    /// ALEMBIC_CONFIG cannot leak in.
    func options(in relative: String = "", configFiles: [String] = []) -> ProjectOptions {
        var options = ProjectOptions()
        options.currentDirectory = path(relative)
        options.environment = [:]
        options.configFiles = configFiles
        return options
    }
}

/// Asserts that `body` throws a `ProjectError` with exactly `message`.
func assertProjectError(
    _ message: String, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void
) {
    do {
        try body()
        XCTFail("expected ProjectError: \(message)", file: file, line: line)
    } catch let error as ProjectError {
        XCTAssertEqual(error.message, message, file: file, line: line)
        XCTAssertEqual(error.description, message, file: file, line: line)
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}
