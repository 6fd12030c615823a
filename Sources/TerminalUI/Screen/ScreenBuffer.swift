/// The screen as a grid of cells in memory: views draw here, the terminal backend copies
/// it out, and tests compare it as text (and roles) without a terminal.
public struct ScreenBuffer: Sendable, Equatable {
    /// One cell: the character shown and the style role it is drawn with. The second cell
    /// of a wide character is a continuation and shows nothing of its own.
    public struct Cell: Sendable, Hashable {
        public var character: Character
        public var role: String
        public var isContinuation: Bool

        public init(_ character: Character = " ", role: String = "normal", isContinuation: Bool = false) {
            self.character = character
            self.role = role
            self.isContinuation = isContinuation
        }
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, role: String = "normal") {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(role: role), count: self.width * self.height)
    }

    public subscript(row: Int, column: Int) -> Cell {
        cells[row * width + column]
    }

    /// Fills a row segment with blanks in `role` (a background bar, say).
    public mutating func fill(row: Int, column: Int = 0, width count: Int? = nil, role: String) {
        guard row >= 0, row < height else { return }
        let start = max(0, column)
        let end = min(width, column + (count ?? width))
        guard start < end else { return }
        for c in start..<end { cells[row * width + c] = Cell(role: role) }
    }

    /// Writes `text` from `column` on `row`, at most `limit` columns (default: to the
    /// edge), measured by display width. A wide character that does not fit whole is
    /// left out. Returns the number of columns written.
    @discardableResult
    public mutating func write(_ text: String, row: Int, column: Int, role: String, limit: Int? = nil) -> Int {
        guard row >= 0, row < height, column < width else { return 0 }
        let end = min(width, column + (limit ?? width))
        var c = max(0, column)
        for character in text {
            let w = DisplayWidth.of(String(character))
            if w == 0 {
                // A combining mark joins the previous cell's character.
                if c > column, c - 1 < end {
                    var previous = cells[row * width + c - 1]
                    previous.character = Character(String(previous.character) + String(character))
                    cells[row * width + c - 1] = previous
                }
                continue
            }
            if c + w > end { break }
            cells[row * width + c] = Cell(character, role: role)
            if w == 2 { cells[row * width + c + 1] = Cell(" ", role: role, isContinuation: true) }
            c += w
        }
        return c - max(0, column)
    }

    /// The screen's text, one line per row, trailing blanks removed.
    public var text: String {
        (0..<height).map { row in
            var line = ""
            for column in 0..<width {
                let cell = self[row, column]
                if !cell.isContinuation { line.append(cell.character) }
            }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// The roles of the screen, one line per row: runs as `start-end role` (columns,
    /// end exclusive), for snapshot tests of styling.
    public var roles: String {
        (0..<height).map { row in
            var runs: [String] = []
            var start = 0
            for column in 1...max(width, 1) where column == width || self[row, column].role != self[row, start].role {
                if width > 0 { runs.append("\(start)-\(column) \(self[row, start].role)") }
                start = column
            }
            return runs.joined(separator: ", ")
        }.joined(separator: "\n")
    }
}

/// Fitting text into a number of columns.
public enum TextFit {
    /// `text` cut to at most `columns` display columns, ending with `ellipsis` when cut.
    public static func truncate(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
        guard columns > 0 else { return "" }
        if DisplayWidth.of(text) <= columns { return text }
        let room = columns - DisplayWidth.of(ellipsis)
        guard room >= 0 else { return "" }
        var out = ""
        var used = 0
        for character in text {
            let w = DisplayWidth.of(String(character))
            if used + w > room { break }
            out.append(character)
            used += w
        }
        return out + ellipsis
    }

    /// `text` padded with spaces (or cut) to exactly `columns` display columns.
    public static func pad(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
        let fitted = truncate(text, to: columns, ellipsis: ellipsis)
        return fitted + String(repeating: " ", count: max(0, columns - DisplayWidth.of(fitted)))
    }
}
