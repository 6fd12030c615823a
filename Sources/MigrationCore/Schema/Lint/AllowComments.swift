import Foundation

/// The findings a revision file accepts: `# retort: allow <rule>[, <rule>]` on an
/// operation's line or on the line above it.
struct AllowComments {
    /// The rules accepted, by line (1-based).
    private var byLine: [Int: Set<String>] = [:]

    init(source: String) {
        for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let marker = line.range(of: "# retort: allow") else { continue }
            let list = line[marker.upperBound...].split(separator: "#", maxSplits: 1).first ?? ""
            let rules = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            byLine[index + 1] = Set(rules)
        }
    }

    /// Reads the file at `path`; a file that cannot be read accepts nothing.
    init(path: String) {
        self.init(source: (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }

    func accepts(_ rule: String, at line: Int) -> Bool {
        guard line > 0 else { return false }
        return byLine[line]?.contains(rule) == true || byLine[line - 1]?.contains(rule) == true
    }
}
