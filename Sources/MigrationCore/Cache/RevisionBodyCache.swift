/// Revision functions read without a schema in earlier runs, whole (operations, SQL, the
/// line of each statement), kept beside the metadata cache: what `schema`, `diff`,
/// `drift`, `lint` and the browser replay, without parsing and evaluating every script
/// again when it is unchanged (same stamp, same Retort build).
///
/// Only a function read to the end from its script alone is kept (`isKept`): one that
/// reads a project module or the environment rests on other files, one given a schema
/// rests on the revisions before it, and one not interpreted is read again each time
/// (it is rare, and what it leaves uncertain is worded from its syntax tree).
struct RevisionBodyCache {
    static let formatVersion: UInt32 = 1

    private var entries: StampedEntries

    /// The cache of `dialect` for the project identified by `key`; disabled by
    /// RETORT_NO_CACHE or when there is no place to keep it.
    init(key: String, dialect: Dialect, environment: [String: String]) {
        entries = StampedEntries(
            file: CacheFiles.file("bodies-offline-\(dialect.rawValue)-" + CacheFiles.hash(key), environment: environment),
            version: Self.formatVersion)
    }

    /// Whether `body` can be kept: read offline, to the end, from its script alone.
    static func isKept(_ body: RevisionBody) -> Bool {
        body.isInterpretable && body.offline && !body.readsOutsideScript && body.schemaAfter == nil
            && body.copiedTables.isEmpty && body.inspections.isEmpty && body.queries.isEmpty && body.serverVersion == nil
            && body.footprint == nil
    }

    /// The function saved for `revision`'s `direction` under `stamp`; `position` is where
    /// the entry is expected (its place in the same request last time).
    func lookup(
        _ revision: Revision, _ direction: RevisionBody.Direction, dialect: Dialect, _ stamp: FileStamp, position: Int
    ) -> RevisionBody? {
        entries.lookup(Self.key(revision.path, direction), stamp: stamp, position: position) { reader in
            var decoder = OperationDecoder(reader)
            defer { reader = decoder.reader }
            return try? decoder.body(revision, direction, dialect: dialect)
        }
    }

    /// Whether anything was kept since opening (a file too new to trust is not).
    var hasFreshEntries: Bool { entries.hasFreshEntries }

    /// Keeps `body`, if `isKept` accepts it, for its script under `stamp`.
    mutating func store(_ body: RevisionBody, _ stamp: FileStamp) {
        guard entries.isEnabled, Self.isKept(body) else { return }
        var writer = CacheWriter()
        writer.body(body)
        entries.store(Self.key(body.path, body.direction), stamp: stamp, payload: writer.bytes)
    }

    /// Writes `leading`'s entries in that order, then the other saved entries of scripts
    /// in `paths` (those of deleted scripts are dropped).
    func save(leading: [(path: String, direction: RevisionBody.Direction)], paths: Set<String>) {
        let first = leading.map { Self.key($0.path, $0.direction) }
        let named = Set(first)
        entries.save(keeping: first + entries.savedKeys().filter { !named.contains($0) && paths.contains($0.path) })
    }

    private static func key(_ path: String, _ direction: RevisionBody.Direction) -> StampedEntries.Key {
        StampedEntries.Key(path: path, variant: direction == .upgrade ? 1 : 0)
    }
}

extension CacheWriter {
    /// The parts of a kept body (RevisionBodyCache.isKept) that its script decides; the
    /// rest (revision, path, direction, dialect) comes from the lookup.
    mutating func body(_ body: RevisionBody) {
        operations(body.operations)
        strings(body.statements)
        list(body.statementLines) { $0.int($1) }
        strings(body.warnings)
        list(body.statementsByOperation) { writer, result in
            switch result {
            case .success(let statements):
                writer.tag(0)
                writer.strings(statements)
            case .failure(let error):
                writer.tag(1)
                writer.string(error.description)
                writer.optional(error.exception) { $0.raised($1) }
                writer.strings(error.partial)
            }
        }
        list(body.unorderedSets) { $0.int($1) }
        bool(body.asksWithoutAnswer)
        bool(body.needsSchema)
    }
}

extension OperationDecoder {
    mutating func body(_ revision: Revision, _ direction: RevisionBody.Direction, dialect: Dialect) throws -> RevisionBody {
        var body = RevisionBody(
            revision: revision.id, path: revision.path, direction: direction, dialect: dialect, exists: true,
            operations: try operations(), statements: try strings(), unsupported: [], warnings: [])
        body.statementLines = try list { try $0.int() }
        body.warnings = try strings()
        body.statementsByOperation = try list { decoder -> Result<[String], SQLRenderError> in
            switch try decoder.tag() {
            case 0: return .success(try decoder.strings())
            case 1:
                var error = SQLRenderError(try decoder.string())
                error.exception = try decoder.optional { try $0.raised() }
                error.partial = try decoder.strings()
                return .failure(error)
            default: throw CacheDamage()
            }
        }
        body.unorderedSets = try list { try $0.int() }
        body.asksWithoutAnswer = try bool()
        body.needsSchema = try bool()
        return body
    }
}
