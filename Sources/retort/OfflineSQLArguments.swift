import ArgumentParser
import MigrationCore

/// The options of `upgrade`, `downgrade` and `stamp` that shape the `--sql` script; in
/// Alembic they are env.py's `context.configure()` arguments.
struct OfflineSQLArguments: ParsableArguments {
    @Flag(help: "Print the SQL script instead of running it (Alembic's offline mode).")
    var sql = false

    @Flag(help: "Alembic's spelling of --transaction per-migration (with --sql: BEGIN/COMMIT per revision).")
    var transactionPerMigration = false

    @Option(help: "The version table's name (default alembic_version).")
    var versionTable: String?

    @Option(help: "The version table's schema (default: the database's default schema).")
    var versionTableSchema: String?

    /// These settings with the global `--dialect` and `--url`. The script keeps Alembic's
    /// one transaction for the whole run unless `--transaction per-migration` (or
    /// `--transaction-per-migration`) asks for one per revision.
    ///
    /// When neither `--dialect` nor `--url` is given and env.py's text does not say its URL
    /// (it reads a settings object, say), the project's Python runs env.py to learn it, as
    /// Alembic's offline mode would use it; `sqlalchemy.url` is the last resort.
    /// What to render while the scripts are read for `--sql` in `direction`: their
    /// functions for the dialect the script will be written in, when that is known
    /// without running env.py (else nothing, and they are rendered later as before).
    func bodyRequest(
        _ project: ProjectArguments, _ live: LiveRunArguments, direction: RevisionBody.Direction
    ) -> ((ProjectConfiguration) -> RevisionLoader.BodyRequest?)? {
        guard sql else { return nil }
        return { configuration in
            guard let options = try? settings(project, live, configuration, environment: nil).options(configuration)
            else { return nil }
            return RevisionLoader.BodyRequest(dialect: options.dialect, directions: [direction])
        }
    }

    func settings(
        _ project: ProjectArguments, _ live: LiveRunArguments, _ configuration: ProjectConfiguration,
        environment: MigrationProject.LazyEnvironment?
    ) throws -> OfflineSQLSettings {
        var settings = OfflineSQLSettings(
            dialect: project.dialect, url: project.url,
            transactionPerMigration: try live.transactions(self)?.isPerMigration ?? false,
            versionTable: versionTable, versionTableSchema: versionTableSchema)
        let text = project.textReading(configuration)
        settings.envURL = text?.url
        if settings.envURL == nil, project.dialect == nil, project.url == nil, let text, !text.unknowns.isEmpty {
            settings.envURL = environment?.read()?.settings?.url
        }
        return settings
    }
}

/// Revision arguments as Alembic's argparse reads them: `-1` is a revision (it looks like
/// a negative number), any other word starting with `-` an unknown option, and anything
/// after `--` a revision.
enum RevisionArguments {
    static func normalized(_ arguments: [String], single: Bool) throws -> [String] {
        var revisions: [String] = []
        var afterTerminator = false
        for argument in arguments {
            if afterTerminator {
                revisions.append(argument)
            } else if argument == "--" {
                afterTerminator = true
            } else if argument.hasPrefix("-") && !Self.looksNegative(argument) {
                throw ValidationError("Unknown option '\(argument)'")
            } else {
                revisions.append(argument)
            }
        }
        if revisions.isEmpty { throw ValidationError("Missing expected argument '<revision>'") }
        if single && revisions.count > 1 {
            throw ValidationError("Unexpected argument '\(revisions[1])': give one revision")
        }
        return revisions
    }

    /// argparse's `^-\d+$` (the decimal form cannot be a revision).
    private static func looksNegative(_ argument: String) -> Bool {
        let digits = argument.dropFirst()
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
