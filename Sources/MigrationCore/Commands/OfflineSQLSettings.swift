/// The command-line settings of a `--sql` run, and which dialect they add up to.
public struct OfflineSQLSettings: Sendable {
    /// `--dialect`, as typed.
    public var dialect: String?
    /// `--url`, as typed.
    public var url: String?
    public var transactionPerMigration = false
    public var versionTable: String?
    public var versionTableSchema: String?
    /// The URL env.py's text configures, when it says one (comes before `sqlalchemy.url`).
    public var envURL: String?

    public init(
        dialect: String? = nil, url: String? = nil, transactionPerMigration: Bool = false,
        versionTable: String? = nil, versionTableSchema: String? = nil
    ) {
        self.dialect = dialect
        self.url = url
        self.transactionPerMigration = transactionPerMigration
        self.versionTable = versionTable
        self.versionTableSchema = versionTableSchema
    }

    /// The script options: the dialect from `--dialect`, else from `--url`, else from the
    /// configuration's `sqlalchemy.url`. `--dialect` wins over `sqlalchemy.url`, since
    /// `--sql` never connects, but must agree with an explicit `--url`.
    public func options(_ configuration: ProjectConfiguration) throws -> OfflineScript.Options {
        if let versionTable, versionTable.isEmpty { throw CommandFailure(.usage, "--version-table must not be empty") }
        if let versionTableSchema, versionTableSchema.isEmpty {
            throw CommandFailure(.usage, "--version-table-schema must not be empty")
        }
        return OfflineScript.Options(
            dialect: try explicitDialect() ?? configuredDialect(configuration),
            transactionPerMigration: transactionPerMigration,
            versionTable: VersionTable(name: versionTable ?? "alembic_version", schema: versionTableSchema))
    }

    /// The dialect `--dialect` and `--url` name, if either is given.
    private func explicitDialect() throws -> Dialect? {
        var fromURL: Dialect?
        if let url {
            do {
                fromURL = try Dialect(url: url)
            } catch let error as DialectError {
                throw CommandFailure(.usage, "--url \(url): \(error.message)")
            }
        }
        guard let name = dialect else { return fromURL }
        guard let named = Dialect(rawValue: name) else {
            throw CommandFailure(.usage, "--dialect must be sqlite, postgresql or mysql, not '\(name)'")
        }
        if let fromURL, fromURL != named {
            throw CommandFailure(.usage, "--dialect \(name) contradicts --url, whose dialect is \(fromURL.rawValue)")
        }
        return named
    }

    /// The dialect of the configuration's `sqlalchemy.url`.
    private func configuredDialect(_ configuration: ProjectConfiguration) throws -> Dialect {
        if let envURL, let dialect = try? Dialect(url: envURL) { return dialect }
        if let error = configuration.sqlalchemyURLError { throw CommandFailure(.project, error.description) }
        guard let configured = configuration.sqlalchemyURL, !configured.isEmpty else {
            throw CommandFailure(
                .usage, "--sql needs a dialect: pass --dialect sqlite|postgresql or --url, or set sqlalchemy.url")
        }
        do {
            return try Dialect(url: configured)
        } catch let error as DialectError {
            throw CommandFailure(
                .usage, "sqlalchemy.url: \(error.message); pass --dialect sqlite|postgresql to choose one")
        }
    }
}
