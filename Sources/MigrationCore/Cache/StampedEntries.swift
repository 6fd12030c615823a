import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// One cache file's entries: for each script (a path and a variant byte, such as upgrade
/// or downgrade), the file's stamp when it was read and a payload its owner encodes.
///
/// The file is mapped, not read, and only its index is decoded on opening: a path is
/// compared as bytes and a payload decoded when it is asked for, on whichever thread
/// asks. Lookups in the order the entries were saved (the usual case: the same scripts in
/// the same order as last time) cost one comparison each; any other order falls back to a
/// table made once, on the first lookup that needs it.
///
/// Layout: version (u32), program (string), count (u32), then per entry the path
/// (string), variant (u8), stamp (5 × 64 bits) and payload (u32 length, bytes).
struct StampedEntries: Sendable {
    struct Key: Hashable, Sendable {
        var path: String
        var variant: UInt8
    }

    private struct Slot: Sendable {
        var path: Range<Int>
        var variant: UInt8
        var stamp: FileStamp
        var payload: Range<Int>
    }

    private let file: String?
    private let version: UInt32
    private let mapped: MappedFile?
    private let slots: [Slot]
    private let lookupTable: LookupTable
    /// Payloads stored since opening, replacing any saved one for the same key.
    private var fresh: [Key: (FileStamp, [UInt8])] = [:]
    /// The keys of `fresh` in the order they were first stored.
    private var freshOrder: [Key] = []

    /// Opens `file` (nil: caching is off, everything misses and nothing is saved).
    init(file: String?, version: UInt32) {
        self.file = file
        self.version = version
        let mapped = file.flatMap(MappedFile.init(path:))
        let slots = mapped.flatMap { Self.index($0.bytes, version: version) }
        self.mapped = slots == nil ? nil : mapped
        self.slots = slots ?? []
        lookupTable = LookupTable()
    }

    var isEnabled: Bool { file != nil }

    /// Whether anything was stored since opening.
    var hasFreshEntries: Bool { !fresh.isEmpty }

    /// The number of saved entries.
    var savedCount: Int { slots.count }

    /// The payload saved for `key` under `stamp`, given to `decode` while the mapping is
    /// valid, or nil when there is none or the file changed. `position` is where the entry
    /// is expected (its place in the last save).
    func lookup<T>(
        _ key: Key, stamp: FileStamp, position: Int, decode: (inout CacheReader) -> T?
    ) -> T? {
        guard let mapped else { return nil }
        let index: Int
        if position < slots.count, matches(slots[position], key, in: mapped.bytes) {
            index = position
        } else if let found = lookupTable.position(of: key, building: { self.table() }) {
            index = found
        } else {
            return nil
        }
        let slot = slots[index]
        guard slot.stamp == stamp else { return nil }
        var reader = CacheReader(
            UnsafeRawBufferPointer(rebasing: mapped.bytes[..<slot.payload.upperBound]), offset: slot.payload.lowerBound)
        guard let value = decode(&reader), reader.atEnd else { return nil }
        return value
    }

    /// Keeps `payload` for `key`, unless the file is too new to trust its stamp.
    mutating func store(_ key: Key, stamp: FileStamp, payload: [UInt8]) {
        guard file != nil, stamp.isSettled else { return }
        if fresh.updateValue((stamp, payload), forKey: key) == nil { freshOrder.append(key) }
    }

    /// Writes the entries atomically. With `keeping`, exactly those keys in that order
    /// (a key neither stored nor saved is left out), and nothing is written when that is
    /// what the file already holds; without it, every saved entry and every stored one.
    func save(keeping keys: [Key]? = nil) {
        guard let file else { return }
        if let keys {
            if fresh.isEmpty && keys.count == slots.count
                && keys.indices.allSatisfy({ matches(slots[$0], keys[$0], in: mapped?.bytes) })
            {
                return
            }
        } else if fresh.isEmpty {
            return
        }
        var writer = CacheWriter()
        // Without a list, fresh entries go last in the order they came, so that a run that
        // asks in the same order next time finds each where it expects it.
        let order = keys ?? (savedKeys().filter { fresh[$0] == nil } + freshOrder)
        var entries: [(Key, FileStamp, UnsafeRawBufferPointer?, [UInt8]?)] = []
        entries.reserveCapacity(order.count)
        for key in order {
            if let (stamp, payload) = fresh[key] {
                entries.append((key, stamp, nil, payload))
            } else if let mapped, let index = savedPosition(of: key) {
                let slot = slots[index]
                entries.append((key, slot.stamp, UnsafeRawBufferPointer(rebasing: mapped.bytes[slot.payload]), nil))
            }
        }
        writer.header(version: version, count: entries.count)
        for (key, stamp, saved, payload) in entries {
            writer.string(key.path)
            writer.bytes.append(key.variant)
            writer.stamp(stamp)
            if let saved {
                writer.u32(UInt32(saved.count))
                writer.bytes += saved
            } else if let payload {
                writer.u32(UInt32(payload.count))
                writer.bytes += payload
            }
        }
        CacheFiles.writeAtomically(writer.bytes, to: file)
    }

    /// The keys saved in the file, in its order.
    func savedKeys() -> [Key] {
        guard let mapped else { return [] }
        return slots.map { Key(path: String(decoding: mapped.bytes[$0.path], as: UTF8.self), variant: $0.variant) }
    }

    private func savedPosition(of key: Key) -> Int? {
        lookupTable.position(of: key, building: { self.table() })
    }

    private func table() -> [Key: Int] {
        var table: [Key: Int] = [:]
        table.reserveCapacity(slots.count)
        for (index, key) in savedKeys().enumerated() { table[key] = index }
        return table
    }

    private func matches(_ slot: Slot, _ key: Key, in bytes: UnsafeRawBufferPointer?) -> Bool {
        guard let bytes, slot.variant == key.variant else { return false }
        var path = key.path
        return path.withUTF8 { utf8 in
            utf8.count == slot.path.count
                && (utf8.count == 0
                    || memcmp(utf8.baseAddress!, bytes.baseAddress! + slot.path.lowerBound, utf8.count) == 0)
        }
    }

    /// The slots of a mapped file, or nil when it is not a file of this build and format.
    private static func index(_ bytes: UnsafeRawBufferPointer, version: UInt32) -> [Slot]? {
        var reader = CacheReader(bytes)
        guard reader.u32() == version, let program = reader.stringBytes(),
            program.elementsEqual(CacheFiles.program.utf8), let count = reader.u32(),
            Int(count) <= bytes.count / 49
        else { return nil }
        var slots: [Slot] = []
        slots.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let pathLength = reader.u32(), Int(pathLength) <= bytes.count - reader.offset else { return nil }
            let pathStart = reader.offset
            reader.offset += Int(pathLength)
            guard let variant = reader.byte(), let stamp = reader.stamp(), let payloadLength = reader.u32(),
                Int(payloadLength) <= bytes.count - reader.offset
            else { return nil }
            let payloadStart = reader.offset
            reader.offset += Int(payloadLength)
            slots.append(
                Slot(
                    path: pathStart..<pathStart + Int(pathLength), variant: variant, stamp: stamp,
                    payload: payloadStart..<reader.offset))
        }
        return reader.atEnd ? slots : nil
    }
}

/// The key-to-position table of a cache file, made on first need by whichever thread
/// needs it, and shared.
private final class LookupTable: @unchecked Sendable {
    private let lock = DispatchSemaphore(value: 1)
    private var table: [StampedEntries.Key: Int]?

    func position(of key: StampedEntries.Key, building build: () -> [StampedEntries.Key: Int]) -> Int? {
        lock.wait()
        defer { lock.signal() }
        if table == nil { table = build() }
        return table![key]
    }
}
