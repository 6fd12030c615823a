import Foundation

/// One revision function as Alembic's offline mode rendered it (Tests/Oracle/offline_sql.py).
struct OfflineSQLResult: Decodable, Sendable {
    var revision: String
    var path: String
    /// `upgrade` or `downgrade`.
    var direction: String
    /// `sqlite` or `postgresql`.
    var dialect: String
    /// `ok`, `empty`, `import-error` or `render-error`.
    var status: String
    var reason: String?
    var line: Int?
    /// The statements written (before the error, for an error), each without its `;`.
    var statements: [String]?

    /// Whether Alembic rendered the function (with or without statements).
    var rendered: Bool { status == "ok" || status == "empty" }
}

extension Oracle {
    /// Every function of the scripts under `paths` (versions directories or alembic.ini
    /// files), both dialects and both directions, in one oracle process.
    func offlineSQL(_ paths: [String], environment: [String: String] = [:]) throws -> [OfflineSQLResult] {
        let script = Harness.oracleScripts.appendingPathComponent("offline_sql.py").path
        let r = try Harness.run(
            python, [script] + paths, extraEnvironment: environment.merging(["PYTHONHASHSEED": "0"]) { $1 }, timeout: 600)
        guard r.exit == 0 else {
            throw HarnessError.message("offline_sql.py failed (\(r.exit)): \(r.stderr.suffix(2000))")
        }
        struct Document: Decodable { var results: [OfflineSQLResult] }
        return try JSONDecoder().decode(Document.self, from: Data(r.stdout.utf8)).results
    }
}
