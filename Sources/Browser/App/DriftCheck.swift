import Foundation
import MigrationCore

/// The connected database's tables against the history at its revisions, read on a
/// thread of its own: replaying a long history and reflecting every table must not hold
/// up a frame. A new check starts whenever the rows or the scripts change.
final class DriftCheck: @unchecked Sendable {
    private let lock = NSLock()
    private var result: DriftStatus?
    /// Whether `current` has handed out the result (a frame shows it).
    private var shown = false
    /// What the last check was started for: the database, its rows, the scripts' generation.
    private var key: String?

    /// Whether a frame has yet to show the check's result: the front end must not wait for
    /// a key without a timeout meanwhile (the result may come in just after a frame).
    var awaitsFrame: Bool {
        lock.lock()
        defer { lock.unlock() }
        return key != nil && !(result != nil && shown)
    }

    /// What is known now, for the frame about to be drawn: nil without database rows,
    /// `.checking` until the check is in.
    func current() -> DriftStatus? {
        lock.lock()
        defer { lock.unlock() }
        guard key != nil else { return nil }
        if result != nil { shown = true }
        return result ?? .checking
    }

    /// Starts a check when the database, its rows or the scripts changed since the last
    /// one. A database Retort does not reflect (MySQL, reached through the project's
    /// Python) gets none: the header says nothing about drift then.
    func follow(_ database: DatabaseStatus?, graph: RevisionGraph, generation: Int) {
        guard let database, let rows = database.rows, let connection = database.connection,
            connection.url.backend != .mysql
        else {
            lock.lock()
            key = nil
            lock.unlock()
            return
        }
        let wanted = "\(connection.url.masked)|\(rows.joined(separator: ","))|\(generation)"
        lock.lock()
        guard wanted != key else {
            lock.unlock()
            return
        }
        key = wanted
        result = nil
        shown = false
        lock.unlock()
        Thread.detachNewThread { [self] in
            let status = Self.check(connection, rows: rows, graph: graph)
            lock.lock()
            // A newer check may have started meanwhile: its result is the one that counts.
            if key == wanted { result = status }
            lock.unlock()
        }
    }

    /// Connects read-only and compares every table, as `retort drift` does. An SQLite
    /// file not made yet has no tables: nothing to differ from the history at base.
    static func check(_ connection: DatabaseStatus.Connection, rows: [String], graph: RevisionGraph) -> DriftStatus {
        var options = connection.options
        options.readOnly = true
        do {
            let database: any DatabaseConnection
            do {
                database = try connection.url.connect(options)
            } catch where error.kind == .missingFile {
                return .compared(
                    try DatabaseDrift.make(
                        rows: rows, functions: RevisionFunctions(graph: graph, dialect: connection.url.dialect),
                        reader: EmptyDatabaseReader(), versionTable: connection.table))
            }
            defer { database.close() }
            let drift = try DatabaseDrift.make(
                rows: rows, functions: RevisionFunctions(graph: graph, dialect: connection.url.dialect),
                reader: LiveSchema.reader(database), versionTable: connection.table)
            return .compared(drift)
        } catch {
            return .failed(error.summary)
        }
    }
}
