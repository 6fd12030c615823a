import Foundation
import MigrationCore

/// What the browser knows of the project's runtime, read without holding up the first
/// frame: env.py's text at once, and, when that leaves something unknown, env.py run by
/// the project's Python on a thread of its own. One helper process then serves every
/// plan and run of the session.
final class ProjectRuntime: @unchecked Sendable {
    private let lock = NSLock()
    private var environment: ProjectEnvironment?
    private var finished = false
    private var announced = false
    private let done = DispatchSemaphore(value: 0)
    /// env.py read as text (known at once).
    let textReading: EnvSettings?
    let choice: EngineChoice

    init(request: ProjectEnvironment.Request, choice: EngineChoice) {
        self.choice = choice
        textReading = ProjectEnvironment.textReading(request)
        Thread.detachNewThread { [self] in
            let read = ProjectEnvironment.read(request)
            lock.lock()
            environment = read
            finished = true
            lock.unlock()
            done.signal()
        }
    }

    /// Whether the Python is still reading env.py.
    var isReading: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !finished
    }

    /// Whether a frame has yet to take in the reading's end (`takeFinished`): the front end
    /// must not wait for a key without a timeout meanwhile, or the end could come in just
    /// after a frame and stay unshown.
    var awaitsFrame: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !announced
    }

    /// True once, when the reading has just finished (the header and marks are read again then).
    func takeFinished() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard finished, !announced else { return false }
        announced = true
        return true
    }

    /// The environment, waiting for the reading to finish (a plan needs it).
    func wait() -> ProjectEnvironment? {
        if isReading { done.wait(); done.signal() }
        lock.lock()
        defer { lock.unlock() }
        return environment
    }

    /// What env.py configures as far as known now: the Python's reading once in, the text's before.
    var settings: EnvSettings? {
        lock.lock()
        defer { lock.unlock() }
        return finished ? environment?.settings : textReading
    }

    private var previews: AlembicPreviews?

    /// The SQL tab's answer for a function Retort refuses: Alembic's offline SQL (written
    /// once, then kept), `.pending` while env.py is being read, nil without a Python.
    func offlineSQL(_ body: RevisionBody) -> AlembicSQL? {
        guard choice != .native else { return nil }
        if isReading { return .pending }
        lock.lock()
        if previews == nil, let bridge = environment?.bridge { previews = AlembicPreviews(bridge: bridge) }
        let previews = self.previews
        lock.unlock()
        guard let previews else { return nil }
        switch previews.statements(body.revision, body.direction, dialect: body.dialect) {
        case .success(let statements): return .statements(statements)
        case .failure(let refusal): return .refused(refusal.description)
        }
    }

    /// The engine for a plan: Retort's own and, when the project's Python is there, its Alembic.
    func makeExecutor() -> LiveMigration.MakeExecutor {
        let environment = wait()
        let choice = self.choice
        return { graph, url, version in
            RoutedExecutor(
                native: NativeExecutor(bodies: LiveBodies(graph: graph, dialect: url.dialect, serverVersion: version)),
                alembic: environment?.bridge.map { bridge in
                    let executor = AlembicExecutor(bridge: bridge, url: url)
                    executor.writesOfflineSQL = true
                    return executor
                }, choice: choice,
                projectReason: environment?.nativeObstacle,
                pythonHint: environment?.pythonHint ?? "pass --python PATH to run it through the project's Alembic")
        }
    }
}
