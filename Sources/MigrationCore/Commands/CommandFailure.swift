/// Why a command failed, with the exit status DESIGN.md assigns to that kind of failure.
public struct CommandFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Exit statuses of the command-line contract.
    public enum Status: Int32, Sendable {
        case usage = 1
        /// Bad configuration, a broken graph, an unknown revision.
        case project = 2
        /// A revision the evaluator cannot interpret was needed.
        case uninterpretable = 3
        case database = 4
        case declined = 5
        /// `drift` found differences between the database and the history.
        case drift = 6
        /// `lint` found findings no `# retort: allow` accepts.
        case lintFindings = 7
    }

    public var status: Status
    public var message: String

    public init(_ status: Status, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }
}

/// Turns the graph's errors into Alembic's command-line messages.
///
/// Alembic wraps revision lookups in `_catch_revision_errors`, which rewords some errors
/// using the range the command was asked for; `start` and `end` are those ends, and
/// `ancestor` / `multipleHeads` replace the default texts as a command asks.
enum RevisionFailureText {
    static func failure(
        _ error: Error, start: String? = nil, end: String? = nil, ancestor: String? = nil,
        multipleHeads: String? = nil
    ) -> Error {
        switch error {
        case let range as RangeNotAncestor:
            let from = start ?? range.lower ?? "base"
            let to = end ?? range.upper ?? "base"
            return CommandFailure(
                .project,
                ancestor
                    ?? "Requested range \(from):\(to) does not refer to ancestor/descendant revisions along the same branch")
        case let error as RevisionError where error.kind == .multipleHeads:
            if let multipleHeads { return CommandFailure(.project, multipleHeads) }
            let argument = end ?? argument(ofMultipleHeads: error.message)
            return CommandFailure(
                .project,
                "Multiple head revisions are present for given argument '\(argument)'; please specify a specific "
                    + "target revision, '<branchname>@\(argument)' to narrow to a specific head, or 'heads' for all heads"
            )
        case let failure as ResolutionFailure:
            var message = "Can't locate revision identified by '\(failure.argument)'"
            if failure.detail.hasPrefix("No such revision or branch") {
                if let hint = failure.detail.split(separator: ";", maxSplits: 1).dropFirst().first {
                    message += ";" + hint
                }
            } else {
                message += ": " + failure.detail
            }
            return CommandFailure(.project, message)
        case let error as RevisionError:
            return CommandFailure(.project, error.message)
        default:
            return error
        }
    }

    /// The argument inside "Multiple heads are present for given argument 'x'; ...".
    private static func argument(ofMultipleHeads message: String) -> String {
        let parts = message.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        return parts.count > 1 ? String(parts[1]) : "head"
    }
}

extension RevisionFailureText {
    /// `body`'s result, its revision errors turned into the command failures Alembic's
    /// wording gives them.
    static func resolving<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw failure(error)
        }
    }
}

extension RevisionGraph {
    /// The revisions a spec names (`heads`, `label@head`, an id...), as nodes, or the
    /// command failure Alembic's wording gives a spec it cannot resolve.
    func nodes(for spec: String) throws -> [Int] {
        try RevisionFailureText.resolving { try targets(for: spec).compactMap(\.node) }
    }
}
