/// A revision graph that cannot be built, or a revision spec that cannot be resolved.
///
/// `description` is the message the user sees; where Alembic has a message for the same
/// problem, the text is Alembic's (as its command line prints it after `FAILED: `).
public struct RevisionError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A parent, dependency or label that no script defines.
        case missingReference
        case cycle
        case dependencyCycle
        case selfLoop
        case duplicateBranchLabel
        case invalidIdentifier
        /// A spec that names no revision, or a prefix that names several.
        case resolution
        case multipleHeads
        case rangeNotAncestor
        case relativeWalk
        case other
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
