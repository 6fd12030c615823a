/// The offending line of a file with a caret under one column, as compilers show it.
public enum SourceExcerpt {
    /// Two indented lines, the text and a caret under 1-based `column`, each preceded by
    /// a newline; empty when there is no text to show.
    public static func caret(_ lineText: String, column: Int) -> String {
        guard !lineText.isEmpty else { return "" }
        return "\n    \(lineText)\n    " + String(repeating: " ", count: max(0, column - 1)) + "^"
    }
}
