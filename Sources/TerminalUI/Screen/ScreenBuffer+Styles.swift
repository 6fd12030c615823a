/// The screen as a theme shows it, for snapshot tests of a theme: each role resolved to
/// its style, so that what a reader can tell apart on a terminal is what is compared.
extension ScreenBuffer {
    /// One line per row: runs of cells whose styles are equal, as `start-end style`
    /// (columns, end exclusive). Runs of different roles with the same style are one run,
    /// since on screen they cannot be told apart.
    public func styles(in theme: Theme) -> String {
        (0..<height).map { row in
            guard width > 0 else { return "" }
            var runs: [String] = []
            var start = 0
            var current = theme.style(self[row, 0].role)
            for column in 1...max(width, 1) {
                let style = column < width ? theme.style(self[row, column].role) : nil
                if style == current { continue }
                runs.append("\(start)-\(column) \(current.summary)")
                if let style { current = style }
                start = column
            }
            return runs.joined(separator: ", ")
        }.joined(separator: "\n")
    }
}

extension Style {
    /// The style in words: `plain`, or colours (`red`, `on blue`, default ones left out)
    /// then attributes, e.g. `bright-white on blue bold`, `reverse`.
    public var summary: String {
        var words: [String] = []
        if foreground != .default { words.append(foreground.name) }
        if background != .default { words.append("on " + background.name) }
        words += Attribute.allCases.filter { attributes.contains($0) }.map(\.rawValue)
        return words.isEmpty ? "plain" : words.joined(separator: " ")
    }
}

extension Style.Color {
    /// The name a theme file gives the colour.
    var name: String {
        switch self {
        case .default: return "default"
        case .named(let n) where Self.names.indices.contains(n): return Self.names[n]
        case .named(let n), .indexed(let n): return "color\(n)"
        }
    }
}
