/// Where a `--sql` run starts: Alembic has no database to read, so the version table's
/// rows come from the `start:` part of the argument, or are none (base).
public enum OfflineStart {
    /// Splits `start:end` as Alembic's commands do (`revision.split(":", 2)`); nil for the
    /// start when there is no colon.
    public static func split(_ argument: String) throws -> (start: String?, end: String) {
        guard argument.contains(":") else { return (nil, argument) }
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else {
            // Alembic unpacks the split into two names and fails with a Python traceback.
            throw CommandFailure(.usage, "Range '\(argument)' must be <fromrev>:<torev>, with one colon")
        }
        guard !parts[0].isEmpty else {
            throw CommandFailure(.usage, "Range '\(argument)' needs a starting revision before ':' (base for none)")
        }
        guard !parts[1].isEmpty else {
            throw CommandFailure(.usage, "Range '\(argument)' needs a target revision after ':'")
        }
        return (parts[0], parts[1])
    }

    /// The rows a `--sql` run starts from (`get_current_heads` in offline mode): none for
    /// no start or `base`, else the one revision `start` names, by its full id.
    public static func heads(_ graph: RevisionGraph, start: String?) throws -> [String] {
        guard let start, start != "base" else { return [] }
        let target: RevisionGraph.Target
        do {
            target = try graph.target(for: start)
        } catch {
            throw RevisionFailureText.failure(error)
        }
        guard let node = target.node else {
            // Alembic fails here with a Python traceback ('NoneType' has no 'revision').
            throw CommandFailure(
                .project, "Starting revision '\(start)' names no revision; write base to start from an empty table")
        }
        return [graph.revisions[node].id]
    }
}
