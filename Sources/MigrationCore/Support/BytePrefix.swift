#if canImport(Glibc)
    import Glibc
#endif

extension String {
    /// Whether the string's UTF-8 bytes start with `prefix`'s: one `memcmp`, for the
    /// names the evaluator compares on every attribute it reads (`hasPrefix` compares
    /// characters, Unicode-aware, and the generic `utf8.starts(with:)` is slower still).
    /// For an ASCII prefix and text in NFKC (Python's identifiers) it answers as
    /// `hasPrefix` does.
    func hasBytePrefix(_ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard count > 0 else { return true }
        guard utf8.count >= count else { return false }
        if let answer = utf8.withContiguousStorageIfAvailable({ memcmp($0.baseAddress!, prefix.utf8Start, count) == 0 }) {
            return answer
        }
        return utf8.starts(with: UnsafeBufferPointer(start: prefix.utf8Start, count: count))
    }

    /// `hasBytePrefix` for a prefix known only at run time, as its bytes.
    func hasBytePrefix(_ prefix: [UInt8]) -> Bool {
        guard !prefix.isEmpty else { return true }
        guard utf8.count >= prefix.count else { return false }
        let answer = utf8.withContiguousStorageIfAvailable { bytes in
            prefix.withUnsafeBufferPointer { memcmp(bytes.baseAddress!, $0.baseAddress!, prefix.count) == 0 }
        }
        return answer ?? utf8.starts(with: prefix)
    }
}
