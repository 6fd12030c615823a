import Foundation
import XCTest
@testable import Browser
import MigrationCore

/// A fresh copy of Tests/Fixtures/actions with its SQLite database (`sqlite:///app.db`,
/// relative to the copy), for the browser's actions.
final class ActionTestProject {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/actions")

    let root: String
    let graph: RevisionGraph
    let url: DatabaseURL
    var settings = LiveMigration.Settings()

    init() throws {
        root = NSTemporaryDirectory() + "retort-actions-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Self.fixture.path, toPath: root)
        var options = ProjectOptions()
        options.configFiles = [root + "/alembic.ini"]
        options.environment = ["RETORT_NO_CACHE": "1"]
        graph = try LoadedProject.load(options).graph()
        url = try DatabaseURL("sqlite:///app.db")
        settings.currentDirectory = root
        settings.lockTimeout = 5
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func node(_ id: String) throws -> Int { try XCTUnwrap(graph.indexByID[id]) }

    func plan(_ action: BrowserAction, _ id: String) throws -> ActionPlanner.Planned {
        try ActionPlanner.plan(action, node: node(id), graph: graph, url: url, settings: settings)
    }

    /// Plans and runs `action` on `id`, with a clock that moves 0.25 s at each reading.
    @discardableResult
    func run(
        _ action: BrowserAction, _ id: String, progress: inout [String], stopRequested: @escaping () -> Bool = { false }
    ) throws -> ConfirmationDialog {
        let planned = try plan(action, id)
        var ticks = 0.0
        var lines: [String] = []
        let report = ActionRunner.run(
            planned, graph: graph, settings: settings, progress: { lines.append($0) }, stopRequested: stopRequested,
            clock: {
                ticks += 0.25
                return ticks
            })
        progress += lines
        return report
    }

    /// A connection to the database, for checking and for putting rows in.
    func connect() throws -> any DatabaseConnection {
        var options = ConnectOptions()
        options.currentDirectory = root
        return try url.connect(options)
    }

    /// The version table's rows.
    func rows() throws -> [String] {
        let connection = try connect()
        defer { connection.close() }
        return try VersionTable().revisions(on: connection).sorted()
    }

    /// A browser state on the project, the database read, with `id` selected.
    func state(selecting id: String) throws -> BrowserState {
        var state = try BrowserState(graph: graph, projectDescription: "Tests/Fixtures/actions/alembic.ini")
        state.pathPrefix = root + "/"
        state.database = DatabaseStatus(maskedURL: url.masked, state: .rows(try rows()), graph: graph)
        state.select(try XCTUnwrap(state.rows.firstIndex(of: try node(id))))
        return state
    }
}
