#if canImport(Glibc)
    import Glibc
#endif

/// Keypress-to-frame times, grouped by kind of key, and their summary as JSON.
struct Timings {
    /// Kinds in the order they were first timed, so the report reads in replay order.
    private(set) var kinds: [String] = []
    private var samples: [String: [Double]] = [:]

    /// Seconds on the monotonic clock (not the wall clock, which NTP may step).
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Runs `body` and records its duration under `kind`.
    mutating func time<T>(_ kind: String, _ body: () -> T) -> T {
        let start = Self.now()
        let result = body()
        let elapsed = Self.now() - start
        if samples[kind] == nil { kinds.append(kind) }
        samples[kind, default: []].append(elapsed)
        return result
    }

    /// The value below which `fraction` of the sorted samples lie (nearest rank).
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }

    static func median(_ sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// `{"j": {"count": 200, "median_ms": 0.41, "p95_ms": 0.52, "max_ms": 0.9}, ...}`.
    var json: String {
        let entries = kinds.map { kind -> String in
            let sorted = (samples[kind] ?? []).sorted()
            let fields = [
                "\"count\": \(sorted.count)",
                "\"median_ms\": \(Self.milliseconds(Self.median(sorted)))",
                "\"p95_ms\": \(Self.milliseconds(Self.percentile(sorted, 0.95)))",
                "\"max_ms\": \(Self.milliseconds(sorted.last ?? 0))",
            ]
            return "\"\(kind)\": {\(fields.joined(separator: ", "))}"
        }
        return "{" + entries.joined(separator: ", ") + "}"
    }

    /// Milliseconds with three decimals, as a JSON number.
    static func milliseconds(_ seconds: Double) -> String {
        let thousandths = Int((seconds * 1_000_000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
