import MigrationCore
import TerminalUI

/// The revision graph as text, one revision per line: lanes, id, labels, markers and
/// message, with `depends_on` noted at the end rather than drawn as an edge.
public struct RevisionGraphText: Sendable {
    public var glyphs: GraphGlyphs
    /// ANSI colours for lanes, ids and markers (only for a terminal without `NO_COLOR`).
    public var colored: Bool

    public init(glyphs: GraphGlyphs = .unicode, colored: Bool = false) {
        self.glyphs = glyphs
        self.colored = colored
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
        return GraphLayout.layout(parents: parents, colors: Self.laneColors.count)
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
                line += paint(String(glyph), cell.color.map { Self.laneColors[$0 % Self.laneColors.count] })
            }
            return line + "  " + describe(graph, node)
        }
    }

    /// Id, labels, markers, message and dependencies of one revision.
    func describe(_ graph: RevisionGraph, _ node: Int) -> String {
        let revision = graph.revisions[node]
        var text = paint(revision.id, Self.idColor)
        if !graph.branchLabels[node].isEmpty {
            text += " " + paint("(\(graph.branchLabels[node].joined(separator: ", ")))", Self.labelColor)
        }
        var markers: [String] = []
        if graph.isHead(node) { markers.append("(head)") }
        if graph.isBranchPoint(node) { markers.append("(branchpoint)") }
        if graph.isMergePoint(node) { markers.append("(mergepoint)") }
        if !markers.isEmpty { text += " " + paint(markers.joined(separator: " "), Self.markerColor) }
        if !revision.message.isEmpty {
            // Only the first line of a multi-line message fits a graph row.
            text += " " + (PythonText.splitLines(revision.message).first ?? "")
        }
        if !revision.dependencies.isEmpty {
            text += " " + paint("[depends on \(revision.dependencies.joined(separator: ", "))]", Self.markerColor)
        }
        return text
    }

    private func paint(_ text: String, _ code: String?) -> String {
        guard colored, let code else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// Lane colours: red, green, yellow, blue, magenta, cyan.
    static let laneColors = ["31", "32", "33", "34", "35", "36"]
    static let idColor = "33"
    static let labelColor = "32;1"
    static let markerColor = "2"
}
