/// Lays out a directed acyclic graph one node per row, in lanes, like `git log --graph`
/// without connector rows.
///
/// Rows come in display order (children before parents). Each lane waits for the node it
/// leads to: a node takes the first lane waiting for it, else the first free lane; other
/// lanes waiting for it close into it; its first parent continues in its column; each
/// further parent joins a lane already waiting for it or opens the first free lane to the
/// right. When lanes close, the lanes to their right slide left, drawn on the next row as
/// a short horizontal run; trailing free lanes are dropped. A lane keeps its colour while
/// it lives, and a new lane takes the colour living lanes use least.
public enum GraphLayout {
    /// Which sides of a cell a line leaves through.
    public struct Links: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let up = Links(rawValue: 1)
        public static let down = Links(rawValue: 2)
        public static let left = Links(rawValue: 4)
        public static let right = Links(rawValue: 8)
    }

    /// One cell of a row.
    public struct Cell: Hashable, Sendable {
        public var links: Links
        /// A vertical lane passes under a horizontal run here without joining it; drawn
        /// so that the vertical stays unbroken.
        public var isCrossing: Bool
        /// The palette index of the line drawn here (the vertical one at a crossing).
        public var color: Int?

        public init(links: Links = [], isCrossing: Bool = false, color: Int? = nil) {
            self.links = links
            self.isCrossing = isCrossing
            self.color = color
        }
    }

    /// One laid-out row: its cells left to right and the column of its node.
    public struct Row: Hashable, Sendable {
        public var cells: [Cell]
        public var nodeColumn: Int

        public init(cells: [Cell], nodeColumn: Int) {
            self.cells = cells
            self.nodeColumn = nodeColumn
        }
    }

    /// Lays out one row per entry of `parents`; `parents[row]` lists the rows of that row's
    /// parents, first parent first. A parent that is not below its child in the rows given
    /// (outside a shown range, say) is left out.
    public static func layout(parents: [[Int]], colors: Int = 6) -> [Row] {
        var builder = Builder(colorCount: max(colors, 1))
        var rows: [Row] = []
        rows.reserveCapacity(parents.count)
        for (row, list) in parents.enumerated() {
            rows.append(builder.place(row: row, parents: list.filter { $0 > row && $0 < parents.count }))
        }
        return rows
    }

    /// The state carried from one row to the next.
    private struct Builder {
        struct Lane {
            var target: Int
            var color: Int
            /// The column this lane's line comes down from (differs after a slide).
            var from: Int
        }

        var lanes: [Lane?] = []
        var colorUse: [Int]
        var cells: [Cell] = []

        init(colorCount: Int) { colorUse = [Int](repeating: 0, count: colorCount) }

        mutating func openColor() -> Int {
            var best = 0
            for c in colorUse.indices where colorUse[c] < colorUse[best] { best = c }
            colorUse[best] += 1
            return best
        }

        mutating func ensure(_ column: Int) {
            if cells.count <= column { cells += [Cell](repeating: Cell(), count: column + 1 - cells.count) }
        }

        mutating func set(_ column: Int, _ links: Links, color: Int) {
            ensure(column)
            cells[column].links.formUnion(links)
            if cells[column].color == nil { cells[column].color = color }
        }

        /// A horizontal line between two columns, exclusive of both ends, crossing any
        /// vertical lane in between.
        mutating func run(between a: Int, _ b: Int, color: Int) {
            guard abs(a - b) > 1 else { return }
            for k in (min(a, b) + 1)..<max(a, b) {
                ensure(k)
                if cells[k].links.isSuperset(of: [.up, .down]) && cells[k].links.isDisjoint(with: [.left, .right]) {
                    cells[k].isCrossing = true
                }
                cells[k].links.formUnion([.left, .right])
                if cells[k].color == nil { cells[k].color = color }
            }
        }

        /// Connects lane `k`'s line from the row above into column `k`.
        mutating func arrive(_ k: Int) {
            guard let lane = lanes[k] else { return }
            if lane.from == k {
                set(k, .up, color: lane.color)
            } else {
                // Slid left: down from the old column, then across.
                set(lane.from, [.up, lane.from > k ? .left : .right], color: lane.color)
                run(between: lane.from, k, color: lane.color)
                set(k, lane.from > k ? .right : .left, color: lane.color)
            }
        }

        /// Connects column `a` horizontally to column `b` (both ends get a link).
        mutating func connect(_ a: Int, to b: Int, color: Int) {
            set(a, a < b ? .right : .left, color: color)
            run(between: a, b, color: color)
            set(b, a < b ? .left : .right, color: color)
        }

        mutating func place(row: Int, parents: [Int]) -> Row {
            cells = [Cell](repeating: Cell(), count: lanes.count)
            let waiting = lanes.indices.filter { lanes[$0]?.target == row }
            let column = waiting.first ?? lanes.firstIndex(where: { $0 == nil }) ?? lanes.count
            if column == lanes.count { lanes.append(nil) }
            ensure(column)

            // Lanes passing this row are drawn first, so that runs can cross them.
            for k in lanes.indices where k != column && !waiting.contains(k) {
                guard let lane = lanes[k] else { continue }
                arrive(k)
                set(k, .down, color: lane.color)
            }
            let color: Int
            if let existing = lanes[column] {
                color = existing.color
                arrive(column)
            } else {
                color = openColor()
            }
            cells[column].color = color
            for k in waiting.dropFirst() {
                guard let lane = lanes[k] else { continue }
                arrive(k)
                connect(k, to: column, color: lane.color)
                colorUse[lane.color] -= 1
                lanes[k] = nil
            }

            if let first = parents.first {
                set(column, .down, color: color)
                lanes[column] = Lane(target: first, color: color, from: column)
            } else {
                colorUse[color] -= 1
                lanes[column] = nil
            }
            for parent in parents.dropFirst() {
                if let k = lanes.indices.first(where: { $0 != column && lanes[$0]?.target == parent }),
                    let lane = lanes[k]
                {
                    connect(k, to: column, color: lane.color)
                    continue
                }
                let k = lanes.indices.first(where: { $0 > column && lanes[$0] == nil }) ?? lanes.count
                if k == lanes.count { lanes.append(nil) }
                let lane = Lane(target: parent, color: openColor(), from: k)
                lanes[k] = lane
                set(k, .down, color: lane.color)
                connect(k, to: column, color: lane.color)
            }

            // Slide lanes left over the gaps; the next row draws the move.
            var packed: [Lane?] = []
            for (k, lane) in lanes.enumerated() {
                guard var lane else { continue }
                lane.from = k
                packed.append(lane)
            }
            lanes = packed
            while let last = cells.last, last.links.isEmpty, cells.count > column + 1 { cells.removeLast() }
            return Row(cells: cells, nodeColumn: column)
        }
    }
}
