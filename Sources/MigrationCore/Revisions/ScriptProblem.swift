/// Something wrong with one revision script, found while reading it.
///
/// An `error` means the script could not be read as a revision at all (it is left out
/// of the graph); a `warning` means it was read but one of its fields is unknown.
public struct ScriptProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var severity: Severity
    public var path: String
    public var line: Int
    public var column: Int
    public var message: String
    /// The offending source line, when there is one to show.
    public var lineText: String

    public init(severity: Severity, path: String, line: Int, column: Int, message: String, lineText: String = "") {
        self.severity = severity
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.lineText = lineText
    }

    /// The file name of the script.
    public var fileName: String { ProjectPath.lastComponent(path) }

    public init(_ error: PythonSyntaxError) {
        self.init(
            severity: .error, path: error.path, line: error.line, column: error.column, message: error.message,
            lineText: error.lineText)
    }

    /// `path:line:column: severity: message`, then the line and a caret.
    public var description: String {
        "\(path):\(line):\(column): \(severity.rawValue): \(message)" + SourceExcerpt.caret(lineText, column: column)
    }
}
