/// `check`: every script readable, the graph sound. Lists all problems, not just the first.
public enum CheckCommand {
    public struct Report: Sendable {
        public var text: String
        public var passed: Bool
    }

    public static func run(_ project: LoadedProject) -> Report {
        var lines = project.configuration.warnings + project.problems.map(\.description)
        var passed = !project.hasErrors
        do {
            let graph = try project.graph()
            let count = graph.revisions.count
            let heads = graph.heads.count
            let bases = graph.bases.count
            var summary =
                "\(count) revision\(count == 1 ? "" : "s"), \(heads) head\(heads == 1 ? "" : "s"), "
                + "\(bases) base\(bases == 1 ? "" : "s")"
            let unreadable = project.problems.filter { $0.severity == .error }.count
            if unreadable > 0 { summary += ", \(unreadable) unreadable script\(unreadable == 1 ? "" : "s")" }
            lines.append((passed ? "OK: " : "FAILED: ") + summary)
        } catch {
            passed = false
            lines.append("FAILED: \(error)")
        }
        return Report(text: lines.joined(separator: "\n") + "\n", passed: passed)
    }
}
