import ArgumentParser
import MigrationCore

/// The options of `upgrade`, `downgrade` and `stamp` that shape the `--sql` script; in
/// Alembic they are env.py's `context.configure()` arguments.
struct OfflineSQLArguments: ParsableArguments {
    @Flag(help: "Print the SQL script instead of running it (Alembic's offline mode).")
    var sql = false

    @Flag(help: "One transaction per revision instead of one for the whole run (PostgreSQL).")
    var transactionPerMigration = false

    @Option(help: "The version table's name (default alembic_version).")
    var versionTable: String?

    @Option(help: "The version table's schema (default: the database's default schema).")
    var versionTableSchema: String?

    /// These settings with the global `--dialect` and `--url`.
    func settings(_ project: ProjectArguments) -> OfflineSQLSettings {
        OfflineSQLSettings(
            dialect: project.dialect, url: project.url, transactionPerMigration: transactionPerMigration,
            versionTable: versionTable, versionTableSchema: versionTableSchema)
    }
}

/// Revision arguments as Alembic's argparse reads them: `-1` is a revision (it looks like
/// a negative number), any other word starting with `-` an unknown option.
enum RevisionArguments {
    static func check(_ arguments: [String], single: Bool) throws {
        for argument in arguments where argument.hasPrefix("-") {
            let digits = argument.dropFirst()
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw ValidationError("Unknown option '\(argument)'")
            }
        }
        if arguments.isEmpty { throw ValidationError("Missing expected argument '<revision>'") }
        if single && arguments.count > 1 {
            throw ValidationError("Unexpected argument '\(arguments[1])': give one revision")
        }
    }
}
