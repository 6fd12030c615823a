import MigrationCore

/// The text that search compares against, prepared once per graph rather than on every
/// key: each row's id, and its message, labels and file name already lowercased.
///
/// A search key scans every row when few match (an old revision's id, a typo), so a scan
/// must not lowercase 15,000 strings: on 5,000 revisions that made a key take 8-11 ms.
/// Rows whose text is ASCII are also kept as bytes, searched byte by byte when the query
/// is printable ASCII too; there that finds exactly what `String.contains` finds.
struct SearchIndex: Sendable {
    private struct Entry: Sendable {
        /// The revision id, matched as a prefix as typed; nil for an unreadable script.
        var id: String?
        /// Lowercased message, labels and file name (file name and error for an unreadable script).
        var fields: [String]
        /// `fields` joined by NUL bytes, when all of them are ASCII. The query never holds
        /// a NUL, so no match can span two fields.
        var asciiBytes: [UInt8]?
    }

    private let entries: [Entry]

    /// The rows of `rows` (revision nodes of `graph`), then the `unreadable` scripts.
    init(graph: RevisionGraph, rows: [Int], unreadable: [ScriptProblem]) {
        var entries: [Entry] = []
        entries.reserveCapacity(rows.count + unreadable.count)
        for node in rows {
            let revision = graph.revisions[node]
            let fields = [revision.message.lowercased()] + graph.branchLabels[node].map { $0.lowercased() }
                + [revision.fileName.lowercased()]
            entries.append(Entry(id: revision.id, fields: fields, asciiBytes: Self.asciiBytes(fields)))
        }
        for problem in unreadable {
            let fields = [problem.fileName.lowercased(), problem.message.lowercased()]
            entries.append(Entry(id: nil, fields: fields, asciiBytes: Self.asciiBytes(fields)))
        }
        self.entries = entries
    }

    /// A prepared query: the text as typed (for id prefixes) and lowercased.
    struct Query {
        var text: String
        var lowercased: String
        /// The lowercased query's bytes when it is printable ASCII.
        var asciiBytes: [UInt8]?

        init(_ text: String) {
            self.text = text
            lowercased = text.lowercased()
            asciiBytes = lowercased.utf8.allSatisfy { (0x20..<0x7F).contains($0) } ? Array(lowercased.utf8) : nil
        }
    }

    /// Whether `row` matches: an id prefix, or (ignoring case) part of the message, a
    /// branch label or the file name.
    func matches(row: Int, _ query: Query) -> Bool {
        let entry = entries[row]
        if let id = entry.id, id.hasPrefix(query.text) { return true }
        if let needle = query.asciiBytes, let haystack = entry.asciiBytes {
            return Self.contains(haystack, needle)
        }
        return entry.fields.contains { $0.contains(query.lowercased) }
    }

    private static func asciiBytes(_ fields: [String]) -> [UInt8]? {
        guard fields.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) else { return nil }
        return Array(fields.joined(separator: "\u{0}").utf8)
    }

    /// Whether `needle` occurs in `haystack`, byte for byte.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                var start = 0
                let last = h.count - n.count
                while start <= last {
                    if h[start] == first {
                        var k = 1
                        while k < n.count, h[start + k] == n[k] { k += 1 }
                        if k == n.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }
}
