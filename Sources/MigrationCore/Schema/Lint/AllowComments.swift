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

    /// Reads the file at `path`; a file that cannot be read accepts nothing. Most files
    /// have no such comment: they are not split into lines at all.
    init(path: String) {
        guard let bytes = try? FileBytes.read(path), Self.contains(bytes, Array("# retort: allow".utf8)) else {
            self.init(source: "")
            return
        }
        self.init(source: String(decoding: bytes, as: UTF8.self))
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var i = 0
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == first, bytes[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    func accepts(_ rule: String, at line: Int) -> Bool {
        guard line > 0 else { return false }
        return byLine[line]?.contains(rule) == true || byLine[line - 1]?.contains(rule) == true
    }
}
