import ArgumentParser
import MigrationCore

#if canImport(Glibc)
    import Glibc
#endif

/// A subcommand that reads the project's revision graph and prints something about it.
protocol ProjectCommand: ParsableCommand {
    var project: ProjectArguments { get }
    /// Whether to also print which configuration was used (on standard error).
    var showsConfiguration: Bool { get }
    func report(_ graph: RevisionGraph, to out: inout StandardOutput) throws
}

extension ProjectCommand {
    var showsConfiguration: Bool { false }

    func run() throws {
        try ProjectRun.run(project, showsConfiguration: showsConfiguration) { _, graph, out in
            try report(graph, to: &out)
        }
    }
}

/// Loading the project, reporting on its graph and saying what went wrong, for commands
/// that print something about the graph (those that also read the database need the
/// loaded project's configuration too).
enum ProjectRun {
    static func run(
        _ project: ProjectArguments, showsConfiguration: Bool,
        report: (LoadedProject, RevisionGraph, inout StandardOutput) throws -> Void
    ) throws {
        var timer = PhaseTimer(enabled: getenv("RETORT_PROFILE") != nil)
        let loaded = try LoadedProject.load(project.options, timer: &timer)
        var errors = StandardError()
        for note in showsConfiguration ? loaded.configuration.notes : loaded.configuration.warnings {
            print(note, to: &errors)
        }
        for problem in loaded.problems { print(problem, to: &errors) }
        let graph = try loaded.graph()
        timer.mark("graph")
        var out = StandardOutput()
        do {
            try report(loaded, graph, &out)
        } catch {
            // What was printed before the failure stays, as with Alembic (`current -v`'s header).
            out.flush()
            throw error
        }
        timer.mark("report")
        out.flush()
        ProcessLifetime.keep((loaded, graph))
        timer.mark("write")
        if timer.enabled { print("profile: \(timer.summary)", to: &errors) }
        if loaded.hasErrors {
            let count = loaded.problems.filter { $0.severity == .error }.count
            throw CommandFailure(
                .project, "\(count) script\(count == 1 ? "" : "s") could not be read; the output above leaves \(count == 1 ? "it" : "them") out")
        }
    }
}
