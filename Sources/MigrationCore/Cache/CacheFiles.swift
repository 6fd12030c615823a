#if canImport(Glibc)
    import Glibc
#endif

/// Where Retort's cache files live, how they are named and how they are written.
///
/// Every file starts with its format version and the stamp of the Retort build that wrote
/// it: a rebuilt or upgraded Retort may read scripts differently, so it never trusts
/// entries another build wrote. Any damage to a file makes it ignored; failing to write
/// one is silent. `RETORT_NO_CACHE=1` turns caching off.
enum CacheFiles {
    /// The running program's stamp.
    static let program: String = {
        FileStamp(path: "/proc/self/exe").map { "\($0.size):\($0.modified):\($0.inode)" } ?? "unknown"
    }()

    /// The path of the cache file `name` in the cache directory, or nil when caching is
    /// off (`RETORT_NO_CACHE`) or there is no place for it.
    static func file(_ name: String, environment: [String: String]) -> String? {
        guard environment["RETORT_NO_CACHE"].map({ $0.isEmpty || $0 == "0" }) ?? true,
            let directory = directory(environment)
        else { return nil }
        return directory + "/" + name + ".bin"
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

    /// Writes `bytes` to a temporary file renamed over `file`, so readers never see half.
    static func writeAtomically(_ bytes: [UInt8], to file: String) {
        makeDirectories(ProjectPath.parent(file))
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
}
