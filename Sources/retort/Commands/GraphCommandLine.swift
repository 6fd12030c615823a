import ArgumentParser
import Browser
import MigrationCore
import TerminalUI

#if canImport(Glibc)
    import Glibc
#endif

/// `retort graph`: the revision graph as text, one revision per line.
struct GraphCommandLine: ProjectCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph", abstract: "Draw the revision graph, newest first, one revision per line.")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments

    @Option(name: [.short, .customLong("rev-range")], parsing: .unconditional, help: "Range: [start]:[end], [start]:, or :[end].")
    var revRange: String?

    @Flag(help: "Draw with ASCII characters instead of box drawing.")
    var ascii = false

    @OptionGroup var appearance: ThemeArguments

    func report(_ graph: RevisionGraph, to out: inout StandardOutput) throws {
        let nodes = try HistoryCommand.nodes(graph, range: revRange)
        let terminal = isatty(1) == 1
        let environment = project.options.environment
        // Colour only for a terminal, and never with NO_COLOR set (https://no-color.org).
        let colored = terminal && (environment["NO_COLOR"] ?? "").isEmpty
        let glyphs: GraphGlyphs = ascii || (terminal && !TerminalLocale.isUTF8(environment)) ? .ascii : .unicode
        let text = RevisionGraphText(glyphs: glyphs, theme: colored ? try loadTheme(environment) : nil)
        for line in text.lines(graph, nodes: nodes) { out.write(line + "\n") }
    }

    /// The theme of `--theme` or `$RETORT_THEME`, found as the browser finds it; read only
    /// when the output is coloured, since only then is it used.
    private func loadTheme(_ environment: [String: String]) throws -> Theme {
        do {
            return try ThemeLoader.load(option: appearance.theme, environment: environment)
        } catch {
            throw CommandFailure(.project, "\(error)")
        }
    }
}
