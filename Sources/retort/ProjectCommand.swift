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
        try report(graph, to: &out)
        timer.mark("report")
        out.flush()
        timer.mark("write")
        if timer.enabled { print("profile: \(timer.summary)", to: &errors) }
        if loaded.hasErrors {
            out.flush()
            let count = loaded.problems.filter { $0.severity == .error }.count
            throw CommandFailure(
                .project, "\(count) script\(count == 1 ? "" : "s") could not be read; the output above leaves \(count == 1 ? "it" : "them") out")
        }
    }
}
