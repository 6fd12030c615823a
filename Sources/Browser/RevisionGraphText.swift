import MigrationCore
import TerminalUI

/// The revision graph as text, one revision per line: lanes, id, labels, markers and
/// message, with `depends_on` noted at the end rather than drawn as an edge.
public struct RevisionGraphText: Sendable {
    public var glyphs: GraphGlyphs
    /// The theme whose styles colour the text, as escape sequences; nil for plain text
    /// (not a terminal, or `NO_COLOR`). It is read by the browser's roles: `graph-1`...
    /// `graph-6` for lanes, `id`, `label`, `head`/`branch`/`merge` for the markers,
    /// `message` and `depends`.
    public var theme: Theme?

    public init(glyphs: GraphGlyphs = .unicode, theme: Theme? = nil) {
        self.glyphs = glyphs
        self.theme = theme
    }

    /// The kind of glyph a revision's node gets.
    public static func nodeKind(_ graph: RevisionGraph, _ node: Int) -> GraphGlyphs.NodeKind {
        if graph.isHead(node) { return .head }
        if graph.isMergePoint(node) { return .merge }
        if graph.isBranchPoint(node) { return .branchPoint }
        if graph.isBase(node) { return .base }
        return .plain
    }

    /// Lays out `nodes` (in display order, heads first); parents not among them are left out.
    public static func layout(_ graph: RevisionGraph, nodes: [Int]) -> [GraphLayout.Row] {
        var row = [Int: Int]()
        for (index, node) in nodes.enumerated() { row[node] = index }
        let parents = nodes.map { graph.parentNodes(of: $0).compactMap { row[$0] } }
        return GraphLayout.layout(parents: parents, colors: ThemeRoles.graphLanes.count)
    }

    /// One line per node.
    public func lines(_ graph: RevisionGraph, nodes: [Int]) -> [String] {
        let rows = Self.layout(graph, nodes: nodes)
        let width = rows.map(\.cells.count).max() ?? 0
        return zip(nodes, rows).map { node, row in
            var line = ""
            for column in 0..<width {
                let cell = column < row.cells.count ? row.cells[column] : GraphLayout.Cell()
                let glyph =
                    column == row.nodeColumn ? glyphs.node(Self.nodeKind(graph, node)) : glyphs.line(cell)
                line += paint(String(glyph), cell.color.map { ThemeRoles.graphLanes[$0 % ThemeRoles.graphLanes.count] })
            }
            return line + "  " + describe(graph, node)
        }
    }

    /// Id, labels, markers, message and dependencies of one revision.
    func describe(_ graph: RevisionGraph, _ node: Int) -> String {
        let revision = graph.revisions[node]
        var text = paint(revision.id, "id")
        if !graph.branchLabels[node].isEmpty {
            text += " " + paint("(\(graph.branchLabels[node].joined(separator: ", ")))", "label")
        }
        var markers: [(String, role: String)] = []
        if graph.isHead(node) { markers.append(("(head)", "head")) }
        if graph.isBranchPoint(node) { markers.append(("(branchpoint)", "branch")) }
        if graph.isMergePoint(node) { markers.append(("(mergepoint)", "merge")) }
        for (marker, role) in markers { text += " " + paint(marker, role) }
        if !revision.message.isEmpty {
            // Only the first line of a multi-line message fits a graph row.
            text += " " + paint(PythonText.splitLines(revision.message).first ?? "", "message")
        }
        if !revision.dependencies.isEmpty {
            text += " " + paint("[depends on \(revision.dependencies.joined(separator: ", "))]", "depends")
        }
        return text
    }

    /// `text` in the theme's style for `role`; as it is without a theme or a role.
    private func paint(_ text: String, _ role: String?) -> String {
        guard let theme, let role else { return text }
        return SGR.paint(text, theme.style(role))
    }
}
