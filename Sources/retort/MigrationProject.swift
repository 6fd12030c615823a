import MigrationCore

#if canImport(Glibc)
    import Glibc
#endif

/// The project as a command that changes the version table needs it: every script read,
/// or nothing done at all, since a plan made without some revisions would be wrong.
enum MigrationProject {
    /// Where the SQL of revision bodies comes from: Retort's own renderer.
    static func bodies(_ graph: RevisionGraph, _ loaded: LoadedProject, _ project: ProjectArguments) -> RenderedBodyProvider {
        RenderedBodyProvider(
            graph: graph, cacheKey: loaded.configuration.versionLocations.joined(separator: "\n"),
            environment: project.options.environment)
    }

    static func load(_ project: ProjectArguments) throws -> (LoadedProject, RevisionGraph) {
        let loaded = try LoadedProject.load(project.options)
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
        return (loaded, try loaded.graph())
    }
}
