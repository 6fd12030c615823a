/// Characters for drawing laid-out graph rows: box drawing for UTF-8 terminals and a
/// plain ASCII table for the rest.
public struct GraphGlyphs: Sendable {
    /// What a node is, for its glyph; when several apply, the first in this order wins.
    public enum NodeKind: Sendable, CaseIterable {
        case head, merge, branchPoint, base, plain
    }

    private let lines: [Character]  // indexed by Links.rawValue
    private let crossing: Character
    private let nodes: [NodeKind: Character]

    /// Box drawing: `│ ─ ╮ ╭ ╯ ╰ ┬ ┴ ├ ┤ ┼`, and distinct node glyphs.
    public static let unicode = GraphGlyphs(
        lines: [" ", "│", "│", "│", "─", "╯", "╮", "┤", "─", "╰", "╭", "├", "─", "┴", "┬", "┼"],
        crossing: "│",
        nodes: [.head: "◉", .merge: "◆", .branchPoint: "◈", .base: "○", .plain: "●"])

    /// ASCII: `| - . ' +` for lines, `* M Y o #` for nodes.
    public static let ascii = GraphGlyphs(
        lines: [" ", "|", "|", "|", "-", "'", ".", "+", "-", "'", ".", "+", "-", "+", "+", "+"],
        crossing: "|",
        nodes: [.head: "*", .merge: "M", .branchPoint: "Y", .base: "#", .plain: "o"])

    public func line(_ cell: GraphLayout.Cell) -> Character {
        cell.isCrossing ? crossing : lines[Int(cell.links.rawValue & 0x0F)]
    }

    public func node(_ kind: NodeKind) -> Character { nodes[kind] ?? "o" }

    /// A row as text: each cell's glyph, the node's glyph in its column.
    public func text(_ row: GraphLayout.Row, node kind: NodeKind) -> String {
        var out = ""
        for (column, cell) in row.cells.enumerated() {
            out.append(column == row.nodeColumn ? node(kind) : line(cell))
        }
        return out
    }
}
