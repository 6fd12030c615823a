import ArgumentParser
import Browser
import Foundation
import MigrationCore

#if canImport(Glibc)
    import Glibc
#endif

/// `retort demo`: the sample project written into a fresh directory, its SQLite
/// database upgraded to the main line's merge, and the browser opened on it. Without a
/// terminal it prints the graph and the heads instead, and where the project is.
struct DemoCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write a sample project with a SQLite database and open the browser on it.",
        discussion: """
            The project has three branches, a revision that `retort lint` flags (c5e71d9a2b08) and one whose \
            downgrade does not restore the schema (6a4f2c8e0b95, see `retort check --roundtrip`).
            """)

    @Option(help: "Write the project here (made when missing; refused when it holds a project) instead of a fresh temporary directory.")
    var dir: String?

    @OptionGroup var appearance: ThemeArguments

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = try dir.map(Self.absolute) ?? DemoProject.writeTemporary()
        if dir != nil { try DemoProject.write(to: directory) }
        var options = ProjectOptions()
        options.configFiles = [directory + "/alembic.ini"]
        options.currentDirectory = directory
        options.environment = environment
        let loaded = try LoadedProject.load(options)
        let graph = try loaded.graph()
        guard let text = loaded.configuration.sqlalchemyURL else {
            throw CommandFailure(.project, "the demo project names no database")
        }
        let url: DatabaseURL
        do {
            url = try DatabaseURL(text)
        } catch {
            throw CommandFailure(.project, "the demo project's database: \(error)")
        }
        var live = LiveMigration.Settings()
        live.assumeYes = true
        live.currentDirectory = directory
        // The run's own report is not shown: the browser (or the lines below) say where the database is.
        var report = ""
        try LiveMigration.run(.upgrade(DemoProject.demoRevision), graph: graph, url: url, settings: live, confirm: nil, to: &report)

        guard isatty(0) == 1, isatty(1) == 1 else {
            var out = StandardOutput()
            defer { out.flush() }
            Self.describe(directory, graph: graph, to: &out)
            return
        }
        var settings = BrowserApp.Settings(project: options, themeName: appearance.theme, environment: environment)
        settings.engine = .native
        try BrowserApp.run(settings)
        print("The demo project is in \(directory)")
    }

    /// What the demo shows without a terminal: where it wrote the project, its graph and
    /// heads, and how to open the browser.
    static func describe(_ directory: String, graph: RevisionGraph, to out: inout some TextOutputStream) {
        let ini = directory + "/alembic.ini"
        out.write("Wrote the sample project to \(directory), its SQLite database upgraded to \(DemoProject.demoRevision).\n\n")
        out.write("$ retort -c \(ini) graph\n")
        let nodes = (try? HistoryCommand.nodes(graph, range: nil)) ?? []
        for line in RevisionGraphText(glyphs: .unicode, theme: nil).lines(graph, nodes: nodes) { out.write(line + "\n") }
        out.write("\n$ retort -c \(ini) heads\n")
        try? HeadsCommand.run(graph, .init(verbose: false, resolveDependencies: false, json: false), to: &out)
        out.write("\n(No terminal here: run `retort demo` in a terminal to open the interactive browser.)\n")
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
