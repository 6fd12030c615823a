/// Appends little-endian integers and length-prefixed strings.
struct CacheWriter {
    var bytes: [UInt8] = []

    /// The format version, the Retort build that wrote the file, and the entry count.
    mutating func header(version: UInt32, count: Int) {
        u32(version)
        string(CacheFiles.program)
        u32(UInt32(count))
    }

    mutating func stamp(_ stamp: FileStamp) {
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
}

/// Reads what `CacheWriter` wrote from memory that outlives the reader (a mapped cache
/// file); every read is bounds-checked and fails with nil.
struct CacheReader {
    let bytes: UnsafeRawBufferPointer
    var offset: Int

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var atEnd: Bool { offset == bytes.count }

    mutating func byte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }
    mutating func u32() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        defer { offset += 4 }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
    mutating func u64() -> UInt64? {
        guard offset + 8 <= bytes.count else { return nil }
        defer { offset += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
    mutating func i64() -> Int64? { u64().map { Int64(bitPattern: $0) } }
    /// The next string's bytes, without making a String.
    mutating func stringBytes() -> UnsafeRawBufferPointer? {
        guard let n = u32(), Int(n) <= bytes.count - offset else { return nil }
        defer { offset += Int(n) }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(n)])
    }
    mutating func string() -> String? {
        stringBytes().map { String(decoding: $0, as: UTF8.self) }
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
        if n == 0 { return [] }
        var list: [String] = []
        list.reserveCapacity(Int(n))
        for _ in 0..<n {
            guard let s = string() else { return nil }
            list.append(s)
        }
        return list
    }
    mutating func stamp() -> FileStamp? {
        guard let size = i64(), let modified = i64(), let changed = i64(), let inode = u64(), let device = u64() else {
            return nil
        }
        return FileStamp(size: size, modified: modified, changed: changed, inode: inode, device: device)
    }
}
