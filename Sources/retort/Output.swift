#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard output, buffered: commands write thousands of lines, flushed once.
struct StandardOutput: TextOutputStream {
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 17) }

    mutating func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        buffer.withUnsafeBufferPointer { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(1, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if n <= 0 { break }  // A closed pipe: nothing more can be written.
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Standard error, unbuffered.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var text = string
        text.withUTF8 { bytes in _ = Glibc.write(2, bytes.baseAddress, bytes.count) }
    }
}

/// Standard output, unbuffered: a live run's progress must show as it happens.
struct UnbufferedOutput: TextOutputStream {
    mutating func write(_ string: String) {
        var text = string
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(1, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }
}
