/// What was read from each script last time, kept on disk so that an unchanged project
/// opens without parsing thousands of files again.
///
/// An entry is used only when the file's stamp (`FileStamp`) is unchanged, and kept only
/// when the file is not too new to trust it. The storage is `StampedEntries`: the cache
/// file is mapped and each entry decoded when the loader asks for it, on the loader's
/// threads.
struct ScriptCache: Sendable {
    typealias Stamp = FileStamp

    /// Bump when the reader's output for the same file could change.
    static let formatVersion: UInt32 = 3

    private var entries: StampedEntries

    /// The cache for a project identified by `key` (its version locations), or a disabled
    /// cache when there is no place to keep one.
    init(key: String, environment: [String: String]) {
        entries = StampedEntries(
            file: CacheFiles.file("scripts-" + CacheFiles.hash(key), environment: environment), version: Self.formatVersion)
    }

    /// What was read from `path` when it had `stamp`; `position` is its place in the list
    /// of scripts (the same as last time unless scripts were added or removed).
    func lookup(_ path: String, _ stamp: Stamp, position: Int) -> RevisionScriptReader.Outcome? {
        entries.lookup(StampedEntries.Key(path: path, variant: 0), stamp: stamp, position: position) { $0.outcome(path: path) }
    }

    mutating func store(_ path: String, _ stamp: Stamp, _ outcome: RevisionScriptReader.Outcome) {
        guard entries.isEnabled else { return }
        var writer = CacheWriter()
        writer.outcome(outcome)
        entries.store(StampedEntries.Key(path: path, variant: 0), stamp: stamp, payload: writer.bytes)
    }

    /// Writes the cache with exactly `paths`, in their order (deleted scripts do not
    /// linger), unless it already holds exactly that.
    func save(paths: [String]) {
        entries.save(keeping: paths.map { StampedEntries.Key(path: $0, variant: 0) })
    }
}

extension CacheWriter {
    mutating func outcome(_ outcome: RevisionScriptReader.Outcome) {
        if let r = outcome.revision {
            bytes.append(1)
            string(r.id)
            strings(r.downRevisions)
            strings(r.dependencies)
            strings(r.branchLabels)
            string(r.longDoc)
            optionalString(r.createDate)
            optionalInt(r.upgradeLine)
            optionalInt(r.downgradeLine)
            bytes.append((r.upgradeIsEmpty ? 1 : 0) | (r.downgradeIsEmpty ? 2 : 0))
        } else {
            bytes.append(0)
        }
        u32(UInt32(outcome.problems.count))
        for p in outcome.problems {
            bytes.append(p.severity == .error ? 1 : 0)
            string(p.path)
            i64(Int64(p.line))
            i64(Int64(p.column))
            string(p.message)
            string(p.lineText)
        }
    }
}

extension CacheReader {
    /// The outcome of the script at `path` (the entry's key, so not stored again).
    mutating func outcome(path: String) -> RevisionScriptReader.Outcome? {
        guard let hasRevision = byte() else { return nil }
        var revision: Revision?
        if hasRevision == 1 {
            guard let id = string(), let down = strings(), let deps = strings(), let labels = strings(),
                let doc = string(), let date = optionalString(), let up = optionalInt(),
                let downLine = optionalInt(), let empty = byte(), empty < 4
            else { return nil }
            revision = Revision(
                id: id, downRevisions: down, dependencies: deps, branchLabels: labels, path: path, longDoc: doc,
                createDate: date, upgradeLine: up, downgradeLine: downLine, upgradeIsEmpty: empty & 1 != 0,
                downgradeIsEmpty: empty & 2 != 0)
        }
        guard let count = u32(), Int(count) <= bytes.count - offset else { return nil }
        if count == 0 { return RevisionScriptReader.Outcome(revision: revision, problems: []) }
        var problems: [ScriptProblem] = []
        for _ in 0..<count {
            guard let severity = byte(), let path = string(), let line = i64(), let column = i64(),
                let message = string(), let text = string()
            else { return nil }
            problems.append(
                ScriptProblem(
                    severity: severity == 1 ? .error : .warning, path: path, line: Int(line), column: Int(column),
                    message: message, lineText: text))
        }
        return RevisionScriptReader.Outcome(revision: revision, problems: problems)
    }
}
