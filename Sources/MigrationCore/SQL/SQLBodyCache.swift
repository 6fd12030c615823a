/// The SQL of revision functions from earlier runs, kept beside the metadata cache: a
/// script whose file is unchanged (same stamp, same Retort build) is not read again.
///
/// Only bodies rendered from the script alone are kept; one that needed the replayed
/// schema (a SQLite table copy) depends on other files and is always rendered anew.
struct SQLBodyCache {
    static let formatVersion: UInt32 = 2

    private var entries: StampedEntries

    /// The cache of `dialect` for the project identified by `key`; disabled by
    /// RETORT_NO_CACHE or when there is no place to keep it.
    init(key: String, dialect: Dialect, environment: [String: String]) {
        // Offline bodies only (`context.is_offline_mode()` answers True in them).
        entries = StampedEntries(
            file: CacheFiles.file("sql-offline-\(dialect.rawValue)-" + CacheFiles.hash(key), environment: environment),
            version: Self.formatVersion)
    }

    /// The statements saved for `path`'s upgrade or downgrade under `stamp`; `position`
    /// is where the entry is expected (the step's place in the same plan last time).
    func lookup(_ path: String, upgrade: Bool, _ stamp: FileStamp, position: Int = 0) -> [String]? {
        entries.lookup(Self.key(path, upgrade), stamp: stamp, position: position) { $0.strings() }
    }

    mutating func store(_ path: String, upgrade: Bool, _ stamp: FileStamp, _ statements: [String]) {
        guard entries.isEnabled else { return }
        var writer = CacheWriter()
        writer.strings(statements)
        entries.store(Self.key(path, upgrade), stamp: stamp, payload: writer.bytes)
    }

    /// Writes every saved and stored entry, when anything was stored.
    func save() { entries.save() }

    private static func key(_ path: String, _ upgrade: Bool) -> StampedEntries.Key {
        StampedEntries.Key(path: path, variant: upgrade ? 1 : 0)
    }
}
