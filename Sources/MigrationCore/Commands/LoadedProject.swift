import Foundation

/// A project read from disk: its configuration, scripts and revisions, ready for a command.
public struct LoadedProject: Sendable {
    public let configuration: ProjectConfiguration
    public let scripts: [ScriptFile]
    /// Revisions that could be read, in Alembic's load order.
    public let revisions: [Revision]
    /// Every problem found in the scripts, in script order.
    public let problems: [ScriptProblem]
    /// The file stamp of each of `revisions` when it was read (see `RevisionLoader.Result`).
    let revisionStamps: [FileStamp?]
    /// The functions rendered while reading each of `revisions`, when asked (see
    /// `RevisionLoader.BodyRequest`).
    let revisionBodies: [[RevisionBody]?]
    /// The environment it was loaded in: where its caches are kept, and RETORT_NO_CACHE.
    let environment: [String: String]

    /// Finds the configuration, discovers the scripts and reads them. `bodies`, given the
    /// configuration, may ask for functions to be rendered from the same parse as the
    /// metadata (`RevisionLoader.BodyRequest`).
    public static func load(
        _ options: ProjectOptions, timer: inout PhaseTimer,
        bodies: ((ProjectConfiguration) -> RevisionLoader.BodyRequest?)? = nil
    ) throws -> LoadedProject {
        let configuration: ProjectConfiguration
        let scripts: [ScriptFile]
        do {
            configuration = try ProjectLoader.load(options)
            timer.mark("config")
            scripts = try ScriptDiscovery.scripts(in: configuration)
            timer.mark("discover")
        } catch let error as ProjectError {
            throw CommandFailure(.project, error.description)
        }
        var sourcePaths: [String] = []
        var problems: [ScriptProblem] = []
        for script in scripts {
            if script.isSourceless {
                problems.append(
                    ScriptProblem(
                        severity: .warning, path: script.path, line: 1, column: 1,
                        message: "compiled-only revision (no .py source): Retort reads source only, so it is skipped"))
            } else {
                sourcePaths.append(script.path)
            }
        }
        // The project's own modules, for the imports its revision functions make, and the
        // libraries of its virtual environment (the first one Retort's engine would try).
        let configurationDirectory = (configuration.configFile ?? configuration.pyprojectFile).map {
            ($0 as NSString).deletingLastPathComponent
        }
        let interpreter = PythonFinder(
            option: nil, environment: options.environment, projectDirectory: configurationDirectory ?? options.currentDirectory,
            currentDirectory: options.currentDirectory
        ).candidates().first { $0.source != "python3 on PATH" }?.path
        ProjectModules.shared.configure(
            searchPath: ProjectModules.searchPath(
                prependSysPath: configuration.prependSysPath, configurationDirectory: configurationDirectory,
                currentDirectory: options.currentDirectory, environment: options.environment, interpreter: interpreter))
        timer.mark("modules")
        let result = RevisionLoader.load(
            paths: sourcePaths, cacheKey: configuration.versionLocations.joined(separator: "\n"),
            environment: options.environment, bodies: bodies?(configuration))
        timer.mark("parse")
        return LoadedProject(
            configuration: configuration, scripts: scripts, revisions: result.revisions,
            problems: problems + result.problems, revisionStamps: result.stamps, revisionBodies: result.bodies,
            environment: options.environment)
    }

    /// Only the configuration, with the errors `load` gives for it: for what must start
    /// before the scripts are read (the browser's project runtime).
    public static func configuration(_ options: ProjectOptions) throws -> ProjectConfiguration {
        do {
            return try ProjectLoader.load(options)
        } catch let error as ProjectError {
            throw CommandFailure(.project, error.description)
        }
    }

    /// Finds the configuration, discovers the scripts and reads them.
    public static func load(_ options: ProjectOptions) throws -> LoadedProject {
        var timer = PhaseTimer(enabled: false)
        return try load(options, timer: &timer)
    }

    /// Whether any script could not be read at all.
    public var hasErrors: Bool { problems.contains { $0.severity == .error } }

    /// The revision graph, or the reason it cannot be built (exit status 2).
    public func graph() throws -> RevisionGraph {
        do {
            return try RevisionGraph(revisions: revisions)
        } catch {
            throw RevisionFailureText.failure(error)
        }
    }

    /// `graph`'s revision functions for `dialect`, read without a schema and kept in the
    /// project's body cache (RevisionFunctions).
    public func functions(_ graph: RevisionGraph, dialect: Dialect) -> RevisionFunctions {
        RevisionFunctions(
            graph: graph, dialect: dialect, cacheKey: configuration.versionLocations.joined(separator: "\n"),
            environment: environment, loaded: scripts(for: graph))
    }

    /// What loading learnt of `graph`'s scripts, by node, when the graph kept the loaded
    /// order (no duplicate ids); nil otherwise.
    public func scripts(for graph: RevisionGraph) -> LoadedScripts? {
        guard graph.revisions.count == revisions.count, revisionStamps.count == revisions.count else { return nil }
        return LoadedScripts(byNode: revisionStamps, bodiesByNode: revisionBodies.count == revisions.count ? revisionBodies : [])
    }
}

/// What loading learnt of each script beyond its metadata, by graph node: the file stamps
/// taken (so that a cache checks against them, not a second `stat`) and the functions
/// rendered from the same parse, handed on to the SQL of the same run.
public struct LoadedScripts: Sendable {
    let byNode: [FileStamp?]
    let bodiesByNode: [[RevisionBody]?]

    /// The stamp `node`'s script had when it was read, if it could be taken.
    func stamp(_ node: Int) -> FileStamp? { node < byNode.count ? byNode[node] : nil }

    /// The body of `node`'s `direction` rendered at loading for `dialect`, if there is one.
    func body(_ node: Int, _ direction: RevisionBody.Direction, dialect: Dialect) -> RevisionBody? {
        guard node < bodiesByNode.count else { return nil }
        return bodiesByNode[node]?.first { $0.direction == direction && $0.dialect == dialect }
    }
}
