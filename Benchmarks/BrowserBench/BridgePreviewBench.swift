import Foundation
import MigrationCore

/// The SQL tab of a function the native engine refuses, as the browser gets it: from one
/// helper process under the project's Python, started once; times the first preview
/// (the helper's start-up and env.py's reading included) and each one after it.
enum BridgePreviewBench {
    static func measure(_ project: ProjectOptions, count: Int) throws -> String {
        let loaded = try LoadedProject.load(project)
        let graph = try loaded.graph()
        let started = Timings.now()
        var request = ProjectEnvironment.Request(configuration: loaded.configuration, options: project)
        request.startPython = true
        let environment = ProjectEnvironment.read(request)
        guard let bridge = environment.bridge else {
            throw CommandFailure(.uninterpretable, "no Python with Alembic: \(environment.pythonHint)")
        }
        let previews = AlembicPreviews(bridge: bridge)
        var times: [Double] = []
        for revision in graph.revisions.prefix(count + 1) {
            let before = Timings.now()
            guard case .success = previews.statements(revision.id, .upgrade, dialect: .postgresql) else {
                throw CommandFailure(.uninterpretable, "the project's Alembic could not write \(revision.id)")
            }
            times.append((Timings.now() - before) * 1000)
        }
        let first = (Timings.now() - started) * 1000 - times.dropFirst().reduce(0, +)
        let rest = times.dropFirst().sorted()
        let median = rest.isEmpty ? 0 : rest[rest.count / 2]
        return String(format: "{\"first_ms\": %.1f, \"median_ms\": %.2f, \"previews\": %d}", first, median, rest.count)
    }
}
