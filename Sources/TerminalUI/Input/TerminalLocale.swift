/// What the locale says about the terminal's character set.
public enum TerminalLocale {
    /// Whether the locale asks for UTF-8, read as C's `setlocale` would: LC_ALL, then
    /// LC_CTYPE, then LANG; no locale at all means plain ASCII.
    public static func isUTF8(_ environment: [String: String]) -> Bool {
        for key in ["LC_ALL", "LC_CTYPE", "LANG"] {
            if let value = environment[key], !value.isEmpty {
                let lower = value.lowercased()
                return lower.contains("utf-8") || lower.contains("utf8")
            }
        }
        return false
    }
}
