#if canImport(Glibc)
    import Glibc
#endif

/// The identity of a file's contents as the file system reports it: size, modification
/// and change times in nanoseconds, inode and device. A cached entry is used only while
/// all of them are unchanged.
struct FileStamp: Equatable, Sendable {
    var size: Int64
    var modified: Int64
    var changed: Int64
    var inode: UInt64
    var device: UInt64

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    init(_ info: stat) {
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

    /// Whether a cache may keep what was read under this stamp. A file modified within two
    /// seconds of now could be written again in the same clock tick and leave every field
    /// equal (git's "racy" rule), so it is read again next time instead. Content writes
    /// always move mtime, so only mtime needs the check; ctime still has to match.
    var isSettled: Bool { modified < Int64(PhaseTimer.wallClock() * 1e9) - 2_000_000_000 }
}

/// Stamps files through an open descriptor of their directory, so that the kernel walks a
/// long path once per directory, not once per file (5,000 scripts share one directory).
struct DirectoryStamper: ~Copyable {
    private var directory: [CChar] = []
    private var descriptor: Int32 = -1

    init() {}

    deinit { if descriptor >= 0 { close(descriptor) } }

    mutating func stamp(_ path: String) -> FileStamp? {
        path.withCString { cPath -> FileStamp? in
            guard let slash = strrchr(cPath, 0x2F), slash != cPath else { return FileStamp(path: path) }
            let length = UnsafePointer(slash) - cPath
            if descriptor < 0 || directory.count != length || memcmp(directory, cPath, length) != 0 {
                if descriptor >= 0 { close(descriptor) }
                directory = Array(UnsafeBufferPointer(start: cPath, count: length))
                descriptor = open(String(decoding: UnsafeRawBufferPointer(start: cPath, count: length), as: UTF8.self),
                    O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            }
            guard descriptor >= 0 else { return FileStamp(path: path) }
            var info = stat()
            guard fstatat(descriptor, slash + 1, &info, 0) == 0 else { return nil }
            return FileStamp(info)
        }
    }
}
