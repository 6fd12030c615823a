import Foundation

/// `check --roundtrip [RANGE]`: each revision's downgrade against its upgrade, on a
/// scratch database made for the check and removed after it.
public enum RoundTripCommand {
    /// `server`: a PostgreSQL URL whose server gets a temporary database; nil (or an
    /// SQLite URL, which is never touched) means a temporary SQLite file.
    public static func run(
        _ graph: RevisionGraph, range: String?, server: DatabaseURL?, versionTable: VersionTable, json: Bool,
        to out: inout some TextOutputStream, progress: (String) -> Void = { _ in }
    ) throws {
        let checked = Set(try HistoryCommand.nodes(graph, range: range))
        let report = try ScratchDatabase.with(server) { scratch in
            try RoundTrip.run(
                graph, checked: checked, connection: scratch.connection, serverVersion: scratch.serverVersion,
                versionTable: versionTable, scratch: scratch.description, progress: progress)
        }
        out.write(json ? report.json().rendered() + "\n" : report.text)
        if report.stoppedAtRefusal {
            throw CommandFailure(.uninterpretable, "the round trip stopped at a revision Retort cannot write")
        }
        if !report.passed {
            let failed = report.results.filter { !$0.roundTrips }.count
            throw CommandFailure(
                .project,
                report.stopped != nil && failed == 0
                    ? "the round trip stopped before the end"
                    : "\(failed) revision\(failed == 1 ? "" : "s") do\(failed == 1 ? "es" : "") not round-trip")
        }
    }
}

/// A database made for one check and removed after it: a temporary SQLite file, or a
/// temporary database on a PostgreSQL server (dropped even when the check fails).
public enum ScratchDatabase {
    /// The scratch database while it exists.
    public struct Scratch {
        public var connection: any DatabaseConnection
        /// Where it is, for another connection to it (the project's Alembic's).
        public var url: DatabaseURL
        public var serverVersion: Int?
        /// In words: `a scratch SQLite file (removed after)`.
        public var description: String
    }

    public static func with<T>(_ server: DatabaseURL?, _ body: (Scratch) throws -> T) throws -> T {
        let name = "retort_scratch_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        if let server, server.backend == .mysql {
            throw CommandFailure(.usage, "not supported yet: a round trip on \(server.dialect.displayName); give a PostgreSQL URL or none (SQLite)")
        }
        if let server, server.backend == .postgresql {
            let admin = try connect(server)
            defer { admin.close() }
            do {
                _ = try admin.execute("CREATE DATABASE \(name)")
            } catch {
                throw CommandFailure(.database, "cannot create a scratch database on \(server.masked): \(error.summary)")
            }
            defer { _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
            let url = server.with(database: name)
            let connection = try connect(url)
            defer { connection.close() }
            let version = (connection as? PostgresConnection)?.serverVersion
            return try body(
                Scratch(
                    connection: connection, url: url, serverVersion: version,
                    description: "a scratch PostgreSQL database (\(name) on \(url.masked), dropped after)"))
        }
        // SQLite, or no URL: a file of its own (an SQLite --url is never touched).
        do {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let url = try DatabaseURL("sqlite:///" + directory.appendingPathComponent("scratch.db").path)
            let connection = try connect(url)
            defer { connection.close() }
            return try body(Scratch(connection: connection, url: url, serverVersion: nil, description: "a scratch SQLite file (removed after)"))
        }
    }

    private static func connect(_ url: DatabaseURL) throws -> any DatabaseConnection {
        do {
            return try url.connect(ConnectOptions())
        } catch {
            throw CommandFailure(.database, error.description)
        }
    }
}
