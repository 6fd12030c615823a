import MigrationCore

#if canImport(Glibc)
    import Glibc
#endif

/// The project as a command that changes the version table needs it: every script read,
/// or nothing done at all, since a plan made without some revisions would be wrong.
enum MigrationProject {
    /// Where the SQL of revision bodies comes from: Retort's own renderer, and the
    /// project's Alembic (started only if a function needs it) for what it refuses.
    static func bodies(
        _ graph: RevisionGraph, _ loaded: LoadedProject, _ project: ProjectArguments, environment: LazyEnvironment?
    ) -> RenderedBodyProvider {
        let provider = RenderedBodyProvider(
            graph: graph, cacheKey: loaded.configuration.versionLocations.joined(separator: "\n"),
            environment: project.options.environment, loadedScripts: loaded.scripts(for: graph))
        if let environment {
            provider.alembic = { environment.previews() }
            provider.pythonHint = { environment.pythonHint }
            provider.everyFunctionByAlembic = environment.offlineObstacle()
        }
        return provider
    }

    /// The project's runtime, started only when something needs it; nil with `--engine native`.
    static func lazyEnvironment(_ project: ProjectArguments, _ configuration: ProjectConfiguration) throws
        -> LazyEnvironment?
    {
        try project.engineChoice() == .native ? nil : LazyEnvironment(project, configuration)
    }

    /// The project's Python, started the first time something asks for it, with env.py
    /// read as `--sql` runs it (offline).
    final class LazyEnvironment {
        let project: ProjectArguments
        let configuration: ProjectConfiguration
        private var environment: ProjectEnvironment?
        private var made: AlembicPreviews?

        init(_ project: ProjectArguments, _ configuration: ProjectConfiguration) {
            self.project = project
            self.configuration = configuration
        }

        func read() -> ProjectEnvironment? {
            if environment == nil { environment = try? project.environment(configuration, startPython: true, offline: true) }
            return environment
        }

        func previews() -> AlembicPreviews? {
            if made == nil, let bridge = read()?.bridge { made = AlembicPreviews(bridge: bridge) }
            return made
        }

        /// Why every function's offline SQL must come from the project's Alembic: `--engine
        /// alembic`, or an env.py (one whose text leaves something unknown, so that its
        /// Python runs it) whose target_metadata names constraints by a convention.
        func offlineObstacle() -> String? {
            if (try? project.engineChoice()) == .alembic { return "--engine alembic" }
            guard let text = project.textReading(configuration), !text.unknowns.isEmpty else { return nil }
            return read()?.offlineObstacle
        }

        /// What would make a refused function render, once a Python was looked for.
        var pythonHint: String? {
            guard let environment, environment.bridge == nil else { return nil }
            return environment.pythonHint
        }
    }

    static func load(_ project: ProjectArguments) throws -> (LoadedProject, RevisionGraph) {
        var timer = PhaseTimer(enabled: false)
        return try load(project, timer: &timer)
    }

    /// `load(_:)`, marking its phases on `timer` (`RETORT_PROFILE`).
    static func load(
        _ project: ProjectArguments, timer: inout PhaseTimer,
        bodies: ((ProjectConfiguration) -> RevisionLoader.BodyRequest?)? = nil
    ) throws -> (LoadedProject, RevisionGraph) {
        let loaded = try LoadedProject.load(project.options, timer: &timer, bodies: bodies)
        var errors = StandardError()
        for warning in loaded.configuration.warnings { print(warning, to: &errors) }
        for problem in loaded.problems { print(problem, to: &errors) }
        if loaded.hasErrors {
            let count = loaded.problems.filter { $0.severity == .error }.count
            throw CommandFailure(
                .project,
                "\(count) script\(count == 1 ? "" : "s") could not be read; no plan can be made without "
                    + (count == 1 ? "it" : "them"))
        }
        let graph = try loaded.graph()
        timer.mark("graph")
        return (loaded, graph)
    }
}
