/// `drift`: the live database against the schema the history describes at the
/// database's own revisions, every table of it.
public enum DriftCommand {
    /// Connects read-only, reads the version table and every table, and prints the
    /// report. Drift found is exit status 6 (after the report); a history that cannot be
    /// read, in part or whole, is 3 when nothing else differs: a drift check that could
    /// not look everywhere does not pass.
    public static func run(
        _ functions: RevisionFunctions, url: DatabaseURL, table: VersionTable, options: ConnectOptions, json: Bool,
        to out: inout some TextOutputStream
    ) throws {
        var options = options
        options.readOnly = true
        options.lockTimeout = options.lockTimeout ?? 10
        let connection: any DatabaseConnection
        do {
            connection = try url.connect(options)
        } catch {
            throw CommandFailure(.database, error.description)
        }
        defer { connection.close() }
        let drift: DatabaseDrift
        do {
            let rows = try table.revisions(on: connection)
            let unknown = rows.filter { functions.graph.indexByID[$0] == nil }
            if !unknown.isEmpty { throw DatabaseRows.unknownFailure(unknown, table: table) }
            drift = try DatabaseDrift.make(
                rows: rows, functions: functions.reading(url.dialect), reader: LiveSchema.reader(connection),
                versionTable: table)
        } catch let error as DatabaseError {
            throw CommandFailure(.database, "cannot read the tables of \(url.masked): \(error.summary)")
        }
        out.write(json ? drift.json(url: url.masked).rendered() + "\n" : drift.text(url: url.masked))
        if drift.hasDrift {
            let count = drift.differences.count
            throw CommandFailure(.drift, "\(count) difference\(count == 1 ? "" : "s") between the database and the history")
        }
        if let reason = drift.notComparedAtAll {
            throw CommandFailure(.uninterpretable, "drift not checked: \(reason)")
        }
        if !drift.notCompared.isEmpty {
            let count = drift.notCompared.count
            throw CommandFailure(
                .uninterpretable,
                "\(count) table\(count == 1 ? "" : "s") not compared: the history cannot vouch for \(count == 1 ? "its" : "their") shape")
        }
    }
}
