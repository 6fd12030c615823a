/// What a run of highlighted code is, for choosing its colour.
public enum HighlightKind: UInt8, Sendable {
    case plain, keyword, string, comment, number
}

/// A run of text of one kind on one line of highlighted code (Python or SQL).
public struct HighlightSegment: Sendable, Equatable {
    public var text: String
    public var kind: HighlightKind

    public init(_ text: String, _ kind: HighlightKind) {
        self.text = text
        self.kind = kind
    }
}
