/// Values kept until the process exits.
///
/// A command that loaded thousands of revisions would otherwise free them one by one just
/// before exiting, which took longer than printing them; the system takes the whole
/// address space back at once.
public enum ProcessLifetime {
    nonisolated(unsafe) private static var kept: [Any] = []

    /// Keeps `value` alive until exit. Call it from the main thread only.
    public static func keep(_ value: Any) { kept.append(value) }
}
