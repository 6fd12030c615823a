#if canImport(Glibc)
    import Glibc
#endif

/// What was read from each script last time, kept on disk so that an unchanged project
/// opens without parsing thousands of files again.
///
/// An entry is used only when the file's size, modification and change times (in
/// nanoseconds), inode and device are all unchanged. A file modified within two seconds
/// of the cache being written is not stored, since a second edit in the same clock tick
/// could leave every stamp equal (git's "racy" rule). Any damage to the cache file makes
/// it ignored; failing to write it is silent. `RETORT_NO_CACHE=1` turns it off.
struct ScriptCache: Sendable {
    /// The identity of a file's contents as the file system reports it.
    struct Stamp: Equatable, Sendable {
        var size: Int64
        var modified: Int64
        var changed: Int64
        var inode: UInt64
        var device: UInt64

        init?(path: String) {
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            size = Int64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
            changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
            inode = UInt64(info.st_ino)
            device = UInt64(info.st_dev)
        }

        init(size: Int64, modified: Int64, changed: Int64, inode: UInt64, device: UInt64) {
            self.size = size
            self.modified = modified
            self.changed = changed
            self.inode = inode
            self.device = device
        }
    }

    /// Bump when the reader's output for the same file could change.
    static let formatVersion: UInt32 = 2

    /// The running program's stamp, written in the header: a rebuilt or upgraded Retort may
    /// read scripts differently, so it never trusts entries another build wrote.
    static let program: String = {
        Stamp(path: "/proc/self/exe").map { "\($0.size):\($0.modified):\($0.inode)" } ?? "unknown"
    }()

    private let file: String?
    private var entries: [String: (Stamp, RevisionScriptReader.Outcome)] = [:]
    private(set) var changed = false

    /// The cache for a project identified by `key` (its version locations), or a disabled
    /// cache when there is no place to keep one.
    init(key: String, environment: [String: String]) {
        file = Self.file("scripts-" + Self.hash(key), environment: environment)
        if let file, let bytes = try? FileBytes.read(file) { entries = Self.decode(bytes) ?? [:] }
    }

    /// The path of the cache file `name` in the cache directory, or nil when caching is
    /// off (`RETORT_NO_CACHE`) or there is no place for it.
    static func file(_ name: String, environment: [String: String]) -> String? {
        guard environment["RETORT_NO_CACHE"].map({ $0.isEmpty || $0 == "0" }) ?? true,
            let directory = directory(environment)
        else { return nil }
        return directory + "/" + name + ".bin"
    }

    func lookup(_ path: String, _ stamp: Stamp) -> RevisionScriptReader.Outcome? {
        guard file != nil, let (saved, outcome) = entries[path], saved == stamp else { return nil }
        return outcome
    }

    mutating func store(_ path: String, _ stamp: Stamp, _ outcome: RevisionScriptReader.Outcome) {
        guard file != nil else { return }
        let now = Int64(PhaseTimer.wallClock() * 1e9)
        // Content writes always move mtime, so only mtime needs the racy check; ctime is
        // still part of the stamp that must match.
        guard stamp.modified < now - 2_000_000_000 else { return }
        entries[path] = (stamp, outcome)
        changed = true
    }

    var count: Int { entries.count }

    /// Keeps only `paths`, so deleted scripts do not linger.
    mutating func retain(_ paths: Set<String>) {
        let before = entries.count
        entries = entries.filter { paths.contains($0.key) }
        if entries.count != before { changed = true }
    }

    /// Writes the cache atomically (a temporary file renamed over the old one).
    func save() {
        guard changed, let file else { return }
        Self.makeDirectories(ProjectPath.parent(file))
        var writer = CacheWriter()
        writer.header(version: Self.formatVersion, count: entries.count)
        for (path, (stamp, outcome)) in entries {
            writer.string(path)
            writer.stamp(stamp)
            writer.outcome(outcome)
        }
        Self.writeAtomically(writer.bytes, to: file)
    }

    /// Writes `bytes` to a temporary file renamed over `file`, so readers never see half.
    static func writeAtomically(_ bytes: [UInt8], to file: String) {
        let temporary = file + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        if written == bytes.count {
            rename(temporary, file)
        } else {
            unlink(temporary)
        }
    }

    static func directory(_ environment: [String: String]) -> String? {
        if let explicit = environment["RETORT_CACHE_DIR"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/retort/metadata" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/retort/metadata" }
        return nil
    }

    static func makeDirectories(_ path: String) {
        var partial = ""
        for component in path.split(separator: "/") {
            partial += "/" + component
            mkdir(partial, 0o755)
        }
    }

    /// FNV-1a, 64 bits, as hex: a stable file name for a set of locations.
    static func hash(_ text: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value &*= 0x100_0000_01b3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func decode(_ bytes: [UInt8]) -> [String: (Stamp, RevisionScriptReader.Outcome)]? {
        var reader = CacheReader(bytes)
        guard reader.u32() == formatVersion, reader.string() == program, let count = reader.u32() else { return nil }
        var entries: [String: (Stamp, RevisionScriptReader.Outcome)] = [:]
        entries.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let path = reader.string(), let size = reader.i64(), let modified = reader.i64(),
                let changed = reader.i64(), let inode = reader.u64(), let device = reader.u64(),
                let outcome = reader.outcome()
            else { return nil }
            entries[path] = (
                Stamp(size: size, modified: modified, changed: changed, inode: inode, device: device), outcome
            )
        }
        return reader.atEnd ? entries : nil
    }
}

/// Appends little-endian integers and length-prefixed strings.
struct CacheWriter {
    var bytes: [UInt8] = []

    /// The format version, the Retort build that wrote the file, and the entry count.
    mutating func header(version: UInt32, count: Int) {
        u32(version)
        string(ScriptCache.program)
        u32(UInt32(count))
    }

    mutating func stamp(_ stamp: ScriptCache.Stamp) {
        i64(stamp.size)
        i64(stamp.modified)
        i64(stamp.changed)
        u64(stamp.inode)
        u64(stamp.device)
    }

    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    mutating func string(_ s: String) {
        u32(UInt32(s.utf8.count))
        bytes += s.utf8
    }
    mutating func optionalString(_ s: String?) {
        bytes.append(s == nil ? 0 : 1)
        if let s { string(s) }
    }
    mutating func optionalInt(_ v: Int?) { i64(Int64(v ?? -1)) }
    mutating func strings(_ list: [String]) {
        u32(UInt32(list.count))
        for s in list { string(s) }
    }

    mutating func outcome(_ outcome: RevisionScriptReader.Outcome) {
        if let r = outcome.revision {
            bytes.append(1)
            string(r.id)
            strings(r.downRevisions)
            strings(r.dependencies)
            strings(r.branchLabels)
            string(r.path)
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

/// Reads what `CacheWriter` wrote; every read is bounds-checked and fails with nil.
struct CacheReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { offset == bytes.count }

    mutating func byte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }
    mutating func u32() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
        offset += 4
        return v
    }
    mutating func u64() -> UInt64? {
        guard offset + 8 <= bytes.count else { return nil }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += 8
        return v
    }
    mutating func i64() -> Int64? { u64().map { Int64(bitPattern: $0) } }
    mutating func string() -> String? {
        guard let n = u32(), offset + Int(n) <= bytes.count else { return nil }
        defer { offset += Int(n) }
        return String(decoding: bytes[offset..<offset + Int(n)], as: UTF8.self)
    }
    mutating func optionalString() -> String?? {
        guard let flag = byte() else { return nil }
        if flag == 0 { return .some(nil) }
        guard let s = string() else { return nil }
        return .some(s)
    }
    mutating func optionalInt() -> Int?? {
        guard let v = i64() else { return nil }
        return .some(v < 0 ? nil : Int(v))
    }
    mutating func strings() -> [String]? {
        guard let n = u32(), Int(n) <= bytes.count - offset else { return nil }
        var list: [String] = []
        for _ in 0..<n {
            guard let s = string() else { return nil }
            list.append(s)
        }
        return list
    }

    mutating func outcome() -> RevisionScriptReader.Outcome? {
        guard let hasRevision = byte() else { return nil }
        var revision: Revision?
        if hasRevision == 1 {
            guard let id = string(), let down = strings(), let deps = strings(), let labels = strings(),
                let path = string(), let doc = string(), let date = optionalString(), let up = optionalInt(),
                let downLine = optionalInt(), let empty = byte(), empty < 4
            else { return nil }
            revision = Revision(
                id: id, downRevisions: down, dependencies: deps, branchLabels: labels, path: path, longDoc: doc,
                createDate: date, upgradeLine: up, downgradeLine: downLine, upgradeIsEmpty: empty & 1 != 0,
                downgradeIsEmpty: empty & 2 != 0)
        }
        guard let count = u32(), Int(count) <= bytes.count - offset else { return nil }
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
