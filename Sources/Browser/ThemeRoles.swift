/// The style roles the browser draws with, named by meaning; theme files assign each a style.
public enum ThemeRoles {
    public static let all: Set<String> = [
        "normal", "header", "footer", "status", "error", "warning", "border", "title",
        "selected", "selected-unfocused", "search-match", "help", "key",
        "id", "label", "date", "message", "depends",
        "head", "merge", "branch", "base", "unreadable",
        "pending", "applied", "destructive", "created", "dropped", "altered", "uninterpretable",
        "line-number", "python-keyword", "python-string", "python-comment", "python-number",
        "sql-keyword", "sql-string",
        "graph-1", "graph-2", "graph-3", "graph-4", "graph-5", "graph-6",
    ]

    /// The roles a lane of the graph takes, by the layout's colour index.
    public static let graphLanes = ["graph-1", "graph-2", "graph-3", "graph-4", "graph-5", "graph-6"]
}
