#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads whole files as bytes with plain POSIX calls: thousands of small scripts are read
/// at start-up, so this avoids Foundation's per-file overhead.
public enum FileBytes {
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): cannot read: \(reason)" }
    }

    public static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        var capacity = 64 * 1024
        if fstat(fd, &info) == 0 && info.st_size > 0 { capacity = Int(info.st_size) + 1 }
        var bytes = [UInt8](repeating: 0, count: capacity)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let n = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return systemRead(fd, base + filled, buffer.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// The text of 1-based `line` in `source`, without its line ending.
    public static func lineText(_ source: [UInt8], line: Int) -> String {
        var current = 1
        var start = 0
        var i = 0
        while i < source.count && current < line {
            if source[i] == 0x0A { current += 1; start = i + 1 }
            i += 1
        }
        guard current == line else { return "" }
        var end = start
        while end < source.count && source[end] != 0x0A && source[end] != 0x0D { end += 1 }
        return String(decoding: source[start..<end], as: UTF8.self)
    }
}

#if canImport(Glibc)
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    private let systemRead = Darwin.read
#endif
