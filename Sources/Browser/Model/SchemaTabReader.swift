import Foundation
import MigrationCore

/// The Schema tab's lines, made on a thread of their own: the first revision shown
/// replays the whole history before it (a third of a second on 5,000 revisions), which
/// must not hold up a key. Until the lines are in, the tab says it is reading.
///
/// The replay is the analysis's own `SchemaTimeline` (locked inside), so the work done
/// here is not done again for the Operations and SQL tabs.
final class SchemaTabReader: @unchecked Sendable {
    struct Key: Hashable {
        var node: Int
        var dialect: Dialect
    }

    private let lock = NSLock()
    private var ready: [Key: [StyledLine]] = [:]
    private var running: Set<Key> = []
    /// Lines came in since the front end last asked: one more frame shows them.
    private var fresh = false
    /// Counts `clear()`s: lines made for scripts since reloaded are dropped.
    private var generation = 0

    /// Whether lines are being made, or came in since the last call: the front end draws
    /// again soon (and, once they are shown, waits for keys again).
    func needsFrame() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let needed = !running.isEmpty || fresh
        fresh = false
        return needed
    }

    /// The lines for `key` when made; otherwise starts making them (once) and returns nil.
    func take(_ key: Key, revision: String, timeline: SchemaTimeline) -> [StyledLine]? {
        lock.lock()
        defer { lock.unlock() }
        if let lines = ready.removeValue(forKey: key) { return lines }
        guard running.insert(key).inserted else { return nil }
        let started = generation
        Thread.detachNewThread { [self] in
            let lines = SchemaTabLines.revision(
                revision, before: timeline.before(key.node), after: timeline.after(key.node), dialect: key.dialect)
            lock.lock()
            running.remove(key)
            if generation == started {
                ready[key] = lines
                fresh = true
            }
            lock.unlock()
        }
        return nil
    }

    /// Forgets what was made (the scripts were reloaded); lines still being made for the
    /// old scripts are dropped when they come in.
    func clear() {
        lock.lock()
        ready = [:]
        generation += 1
        lock.unlock()
    }
}
