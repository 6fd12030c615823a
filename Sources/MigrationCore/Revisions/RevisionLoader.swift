import Dispatch

/// Reads many revision scripts at once, in parallel, keeping their order.
public enum RevisionLoader {
    /// The readable revisions in script order, and every problem found on the way.
    public struct Result: Sendable {
        public var revisions: [Revision]
        public var problems: [ScriptProblem]
    }

    /// Reads `paths` (already in Alembic's load order). Unreadable scripts are left out
    /// and reported; a revision id defined twice keeps the later file, as Alembic does,
    /// with a warning naming both.
    public static func load(paths: [String]) -> Result {
        let outcomes = readAll(paths)
        var revisions: [Revision] = []
        var problems: [ScriptProblem] = []
        var firstPath: [String: String] = [:]
        revisions.reserveCapacity(outcomes.count)
        for outcome in outcomes {
            problems += outcome.problems
            guard let revision = outcome.revision else { continue }
            if let earlier = firstPath[revision.id] {
                problems.append(
                    ScriptProblem(
                        severity: .warning, path: revision.path, line: 1, column: 1,
                        message: "Revision \(revision.id) is present more than once (also in \(earlier)); "
                            + "this later file is used"))
            }
            firstPath[revision.id] = revision.path
            revisions.append(revision)
        }
        return Result(revisions: revisions, problems: problems)
    }

    /// Parses every file, spreading the work over the machine's cores.
    private static func readAll(_ paths: [String]) -> [RevisionScriptReader.Outcome] {
        let results = OutcomeSlots(count: paths.count)
        let workers = max(1, min(ProcessorCount.value, paths.count / 64 + 1))
        let chunk = (paths.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let start = worker * chunk
            let end = min(paths.count, start + chunk)
            guard start < end else { return }
            for index in start..<end {
                results.store(RevisionScriptReader.read(path: paths[index]), at: index)
            }
        }
        return results.all()
    }
}

/// One slot per script, each written by exactly one worker.
private final class OutcomeSlots: @unchecked Sendable {
    /// Raw storage rather than an array property: workers write disjoint indices at the
    /// same time, which a class's array property would flag as overlapping access.
    private let slots: UnsafeMutableBufferPointer<RevisionScriptReader.Outcome?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ outcome: RevisionScriptReader.Outcome, at index: Int) { slots[index] = outcome }

    func all() -> [RevisionScriptReader.Outcome] { slots.compactMap { $0 } }
}

/// The number of cores the loader may use.
enum ProcessorCount {
    static let value: Int = {
        #if canImport(Glibc)
            let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
            return n > 0 ? n : 1
        #else
            return 2
        #endif
    }()
}

#if canImport(Glibc)
    import Glibc
#endif
