import Dispatch

/// Reads many revision scripts at once, in parallel, keeping their order.
public enum RevisionLoader {
    /// The readable revisions in script order, and every problem found on the way.
    public struct Result: Sendable {
        public var revisions: [Revision]
        public var problems: [ScriptProblem]
        /// Each revision's file stamp when it was read (nil without a cache, or when the
        /// file could not be stamped), in the order of `revisions`: the SQL cache checks
        /// against it instead of asking the file system a second time.
        var stamps: [FileStamp?] = []
        /// The functions `BodyRequest` asked for, rendered from the parse that read each
        /// script's metadata, in the order of `revisions` (nil for a script taken from the
        /// metadata cache, which was not parsed).
        var bodies: [[RevisionBody]?] = []
    }

    /// Functions to render while each script's syntax tree is at hand, for a command that
    /// will need them (`upgrade --sql`): a script is then parsed once, not twice.
    public struct BodyRequest: Sendable {
        public var dialect: Dialect
        public var directions: [RevisionBody.Direction]

        public init(dialect: Dialect, directions: [RevisionBody.Direction]) {
            self.dialect = dialect
            self.directions = directions
        }
    }

    /// Reads `paths` (already in Alembic's load order). Unreadable scripts are left out
    /// and reported; a revision id defined twice keeps the later file, as Alembic does,
    /// with a warning naming both.
    ///
    /// With a `cacheKey`, unchanged scripts are taken from the metadata cache (see
    /// `ScriptCache`) and the cache is updated afterwards.
    public static func load(
        paths: [String], cacheKey: String? = nil, environment: [String: String] = [:], bodies request: BodyRequest? = nil
    ) -> Result {
        var cache = cacheKey.map { ScriptCache(key: $0, environment: environment) }
        let (outcomes, stamps, misses, bodies) = readAll(
            paths, cache: cache, request: request.flatMap { $0.dialect.rendersNatively ? $0 : nil })
        if var updated = cache {
            for index in misses {
                if let stamp = stamps[index] { updated.store(paths[index], stamp, outcomes[index]) }
            }
            updated.save(paths: paths)
            cache = updated
        }
        var revisions: [Revision] = []
        var revisionStamps: [FileStamp?] = []
        var revisionBodies: [[RevisionBody]?] = []
        var problems: [ScriptProblem] = []
        var firstPath: [String: String] = [:]
        firstPath.reserveCapacity(outcomes.count)
        revisions.reserveCapacity(outcomes.count)
        revisionStamps.reserveCapacity(outcomes.count)
        for (index, outcome) in outcomes.enumerated() {
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
            revisionStamps.append(stamps.isEmpty ? nil : stamps[index])
            if !bodies.isEmpty { revisionBodies.append(bodies[index]) }
        }
        return Result(revisions: revisions, problems: problems, stamps: revisionStamps, bodies: revisionBodies)
    }

    /// Reads every file not in the cache, spreading the work over the machine's cores.
    /// Returns the outcomes, each file's stamp, the indices that were parsed, and the
    /// bodies `request` asked for (empty without one).
    private static func readAll(_ paths: [String], cache: ScriptCache?, request: BodyRequest?) -> (
        [RevisionScriptReader.Outcome], [FileStamp?], [Int], [[RevisionBody]?]
    ) {
        let results = ParallelSlots<RevisionScriptReader.Outcome>(count: paths.count)
        let stamps = ParallelSlots<FileStamp>(count: paths.count)
        let parsed = ParallelSlots<Bool>(count: paths.count)
        let bodies = ParallelSlots<[RevisionBody]>(count: request == nil ? 0 : paths.count)
        let workers = max(1, min(ProcessorCount.value, paths.count / 64 + 1))
        let chunk = (paths.count + workers - 1) / workers
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let start = worker * chunk
            let end = min(paths.count, start + chunk)
            guard start < end else { return }
            var stamper = DirectoryStamper()
            for index in start..<end {
                let path = paths[index]
                if let cache {
                    let stamp = stamper.stamp(path)
                    stamps.store(stamp, at: index)
                    if let stamp, let outcome = cache.lookup(path, stamp, position: index) {
                        results.store(outcome, at: index)
                        continue
                    }
                }
                parsed.store(true, at: index)
                if let request, let source = try? FileBytes.read(path),
                    let module = try? PythonParser.parse(source, path: path)
                {
                    let outcome = RevisionScriptReader.read(module: module, source: source, path: path)
                    results.store(outcome, at: index)
                    if let revision = outcome.revision {
                        bodies.store(
                            RevisionBody.renderBoth(
                                revision, module: module, dialect: request.dialect, directions: request.directions),
                            at: index)
                    }
                    continue
                }
                results.store(RevisionScriptReader.read(path: path), at: index)
            }
        }
        let parsedFlags = parsed.all()
        return (
            results.all().compactMap { $0 }, stamps.all(), parsedFlags.indices.filter { parsedFlags[$0] == true },
            request == nil ? [] : bodies.all()
        )
    }
}

/// One slot per script, each written by exactly one worker.
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
