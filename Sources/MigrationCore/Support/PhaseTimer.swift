#if canImport(Glibc)
    import Glibc
#endif

/// Measures the phases of a command when `RETORT_PROFILE` is set, for benchmarks.
public struct PhaseTimer: Sendable {
    public private(set) var phases: [(name: String, milliseconds: Double)] = []
    private var last: Double
    public let enabled: Bool

    // Never inlined: the benchmark's callgrind run splits its instruction counts at each
    // call of `init` and `mark` (`--dump-before`), which needs them to stay real calls.
    @inline(never)
    public init(enabled: Bool) {
        self.enabled = enabled
        last = Self.now()
    }

    /// Records the time since the previous mark under `name`.
    @inline(never)
    public mutating func mark(_ name: String) {
        guard enabled else { return }
        let now = Self.now()
        phases.append((name, (now - last) * 1000))
        last = now
    }

    /// One line: `phase=1.2ms phase=3.4ms ...`.
    public var summary: String {
        phases.map { "\($0.name)=\(Double(Int($0.milliseconds * 10)) / 10)ms" }.joined(separator: " ")
    }

    /// Seconds since the Unix epoch.
    static func wallClock() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
