/// A script that is not valid Python: where it fails and why.
///
/// Also used for bytes that are not UTF-8 and for an empty file, so that every reason a
/// script cannot be read as Python names its file, line and column in the same way.
public struct PythonSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    /// 1-based line of the offending token.
    public var line: Int
    /// 1-based column, counted in Unicode scalars.
    public var column: Int
    public var message: String
    /// The text of the offending line, without its line ending (empty when there is none).
    public var lineText: String

    public init(path: String, line: Int, column: Int, message: String, lineText: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.lineText = lineText
    }

    /// `path:line:column: message`, then the line and a caret under the column.
    public var description: String {
        "\(path):\(line):\(column): \(message)" + SourceExcerpt.caret(lineText, column: column)
    }
}
