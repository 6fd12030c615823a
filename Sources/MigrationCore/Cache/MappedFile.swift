#if canImport(Glibc)
    import Glibc
#endif

/// A whole file mapped read-only into memory, unmapped when the last reference goes.
///
/// Cache files are replaced by renaming a new file over them, never written in place, so
/// a mapping always shows one complete version.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer

    init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        let count = Int(info.st_size)
        guard let base = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        bytes = UnsafeRawBufferPointer(start: base, count: count)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}
