import MigrationCore

/// The Source tab's content for one script: its `upgrade()` and `downgrade()` functions,
/// highlighted, each line with its line number in the file.
public struct RevisionSource: Sendable {
    /// One line of the tab: a file line (number and segments) or a note such as a gap.
    public struct Line: Sendable, Equatable {
        public var number: Int?
        public var segments: [PythonHighlighter.Segment]
    }

    public let path: String
    public private(set) var lines: [Line] = []
    /// The widest line number, for the gutter.
    public private(set) var numberWidth = 1

    /// Reads the script at `path`; `upgradeLine`/`downgradeLine` are where the functions start.
    public init(path: String, upgradeLine: Int?, downgradeLine: Int?) {
        self.path = path
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
        } catch {
            lines = [Self.note("\(error)")]
            return
        }
        let source = PythonHighlighter(bytes)
        let functions = [("upgrade", upgradeLine), ("downgrade", downgradeLine)]
        for (index, (name, start)) in functions.enumerated() {
            if index > 0 { lines.append(Self.note("")) }
            guard let start, start <= source.lines.count else {
                lines.append(Self.note("# this script has no \(name)() function"))
                continue
            }
            let range = source.statementLines(startingAt: start)
            for number in range {
                lines.append(Line(number: number, segments: source.lines[number - 1]))
            }
            numberWidth = max(numberWidth, String(range.upperBound).count)
        }
    }

    private static func note(_ text: String) -> Line {
        Line(number: nil, segments: text.isEmpty ? [] : [PythonHighlighter.Segment(text, .comment)])
    }
}
