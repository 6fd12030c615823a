/// The SQL of revision functions from earlier runs, kept beside the metadata cache: a
/// script whose file is unchanged (same stamp, same Retort build) is not read again.
///
/// Only bodies rendered from the script alone are kept; one that needed the replayed
/// schema (a SQLite table copy) depends on other files and is always rendered anew.
struct SQLBodyCache {
    static let formatVersion: UInt32 = 1

    private struct Key: Hashable {
        var path: String
        var upgrade: Bool
    }

    private let file: String?
    private var entries: [Key: (ScriptCache.Stamp, [String])] = [:]
    private(set) var changed = false

    /// The cache of `dialect` for the project identified by `key`; disabled by
    /// RETORT_NO_CACHE or when there is no place to keep it.
    init(key: String, dialect: Dialect, environment: [String: String]) {
        // Offline bodies only (`context.is_offline_mode()` answers True in them).
        file = ScriptCache.file("sql-offline-\(dialect.rawValue)-" + ScriptCache.hash(key), environment: environment)
        if let file, let bytes = try? FileBytes.read(file) { entries = Self.decode(bytes) ?? [:] }
    }

    func lookup(_ path: String, upgrade: Bool, _ stamp: ScriptCache.Stamp) -> [String]? {
        guard file != nil, let (saved, statements) = entries[Key(path: path, upgrade: upgrade)], saved == stamp else {
            return nil
        }
        return statements
    }

    mutating func store(_ path: String, upgrade: Bool, _ stamp: ScriptCache.Stamp, _ statements: [String]) {
        guard file != nil else { return }
        // A file written within the clock's resolution could change again unseen.
        guard stamp.modified < Int64(PhaseTimer.wallClock() * 1e9) - 2_000_000_000 else { return }
        entries[Key(path: path, upgrade: upgrade)] = (stamp, statements)
        changed = true
    }

    func save() {
        guard changed, let file else { return }
        ScriptCache.makeDirectories(ProjectPath.parent(file))
        var writer = CacheWriter()
        writer.header(version: Self.formatVersion, count: entries.count)
        for (key, (stamp, statements)) in entries {
            writer.string(key.path)
            writer.bytes.append(key.upgrade ? 1 : 0)
            writer.stamp(stamp)
            writer.strings(statements)
        }
        ScriptCache.writeAtomically(writer.bytes, to: file)
    }

    private static func decode(_ bytes: [UInt8]) -> [Key: (ScriptCache.Stamp, [String])]? {
        var reader = CacheReader(bytes)
        guard reader.u32() == formatVersion, reader.string() == ScriptCache.program, let count = reader.u32() else {
            return nil
        }
        var entries: [Key: (ScriptCache.Stamp, [String])] = [:]
        entries.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let path = reader.string(), let direction = reader.byte(), let size = reader.i64(),
                let modified = reader.i64(), let changed = reader.i64(), let inode = reader.u64(), let device = reader.u64(),
                let statements = reader.strings()
            else { return nil }
            let stamp = ScriptCache.Stamp(size: size, modified: modified, changed: changed, inode: inode, device: device)
            entries[Key(path: path, upgrade: direction == 1)] = (stamp, statements)
        }
        return reader.atEnd ? entries : nil
    }
}
