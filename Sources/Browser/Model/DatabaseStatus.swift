import Foundation
import MigrationCore

/// What the browser knows of the project's database: which revisions it has applied and
/// which are current, or why it cannot say. The browser opens either way.
public struct DatabaseStatus: Sendable {
    public enum State: Sendable, Equatable {
        /// No URL: `--url` and `sqlalchemy.url` are both missing.
        case notConfigured
        /// The database could not be read; the reason, one line.
        case unavailable(String)
        /// The version table's rows.
        case rows([String])
    }

    /// The URL with its password masked, when there is one.
    public var maskedURL: String?
    /// Where the URL came from, when the user did not type it.
    public var source: String?
    /// Whether the project's Python is still reading env.py (the URL may change).
    public var readingEnv = false
    public var state: State
    /// Revisions the database has: the rows and everything they stand on.
    public private(set) var applied: Set<Int> = []
    /// The tips of what is applied, as `current` lists them.
    public private(set) var current: Set<Int> = []
    /// How the rows were read, to read the database's tables the same way (drift).
    public var connection: Connection?

    /// The database the rows came from, and how to reach it again.
    public struct Connection: Sendable {
        public var url: DatabaseURL
        public var options: ConnectOptions
        public var table: VersionTable
    }

    /// The version table's rows, when they were read.
    public var rows: [String]? {
        if case .rows(let rows) = state { return rows }
        return nil
    }

    public init(maskedURL: String?, state: State, graph: RevisionGraph) {
        self.maskedURL = maskedURL
        self.state = state
        guard case .rows(let rows) = state else { return }
        let nodes = rows.compactMap { graph.indexByID[$0] }
        applied = CurrentCommand.appliedNodes(graph, nodes)
        current = Set(CurrentCommand.currentNodes(graph, nodes))
        let unknown = rows.filter { graph.indexByID[$0] == nil }
        if !unknown.isEmpty {
            self.state = .unavailable("the version table holds \(unknown.joined(separator: ", ")), which no script has")
        }
    }

    /// How many revisions are not applied.
    public func pendingCount(of graph: RevisionGraph) -> Int {
        guard case .rows = state else { return 0 }
        return graph.revisions.count - applied.count
    }

    /// Reads the database named by `urlOption` or the configuration, briefly: a server that
    /// does not answer within a few seconds is reported, not waited for.
    public static func read(
        urlOption: String?, configuration: ProjectConfiguration, graph: RevisionGraph, environment: [String: String],
        env: EnvSettings? = nil, readingEnv: Bool = false
    ) -> DatabaseStatus {
        var status = readRows(urlOption: urlOption, configuration: configuration, graph: graph, env: env, readingEnv: readingEnv)
        status.readingEnv = readingEnv
        return status
    }

    static func readRows(
        urlOption: String?, configuration: ProjectConfiguration, graph: RevisionGraph, env: EnvSettings?, readingEnv: Bool
    ) -> DatabaseStatus {
        let chosen: DatabaseChoice.Chosen
        do {
            chosen = try DatabaseChoice.choose(option: urlOption, configuration: configuration, env: env)
        } catch {
            if readingEnv { return DatabaseStatus(maskedURL: nil, state: .unavailable("reading env.py…"), graph: graph) }
            if urlOption == nil, env?.url == nil, (configuration.sqlalchemyURL ?? "").isEmpty, configuration.sqlalchemyURLError == nil {
                return DatabaseStatus(maskedURL: nil, state: .notConfigured, graph: graph)
            }
            return DatabaseStatus(maskedURL: nil, state: .unavailable(Self.reason(error)), graph: graph)
        }
        let url = chosen.url
        var options = ConnectOptions(readOnly: true)
        options.connectTimeout = 3
        options.busyTimeout = 2
        options.lockTimeout = 3
        options.sessionStatements = env?.sessionStatements ?? []
        let table = VersionTable(name: env?.versionTable ?? "alembic_version", schema: env?.versionTableSchema)
        var status: DatabaseStatus
        do {
            let rows = try DatabaseRows.read(url, table: table, options: options)
            status = DatabaseStatus(maskedURL: url.masked, state: .rows(rows.rows), graph: graph)
            status.connection = Connection(url: url, options: options, table: table)
        } catch {
            status = DatabaseStatus(maskedURL: url.masked, state: .unavailable(Self.reason(error)), graph: graph)
        }
        status.source = chosen.source == "--url" ? nil : chosen.source
        return status
    }

    static func reason(_ error: Error) -> String {
        (error as? CommandFailure)?.message ?? "\(error)"
    }
}
