import Foundation

/// The helper that holds Retort's own connections to a database Retort has no client
/// library for (MySQL, MariaDB): a second helper process under the project's Python,
/// which opens them with SQLAlchemy's dialect and the driver the project installed, and
/// runs Retort's statements (the version table, the lock) on them one request at a time.
///
/// A second process, not the helper that runs env.py: a bridged step keeps that one busy
/// while Retort reads the version rows and holds the lock on its own connections.
/// Started on the first connection and kept until Retort ends.
public final class ConnectionHost: @unchecked Sendable {
    /// The one host of this process; `configure` tells it which Python to start.
    public static let shared = ConnectionHost()

    private let lock = NSLock()
    private var python: String?
    private var environment: [String: String] = [:]
    private var currentDirectory: String?
    /// What would make a Python available, said when there is none.
    private var hint = "no Python with Alembic was found; pass --python PATH (the project's virtual environment)"
    private var process: BridgeProcess?

    /// Sets the Python to start (nil: none was found, `hint` says why), replacing a
    /// helper started for another one.
    public func configure(python: String?, environment: [String: String], currentDirectory: String, hint: String?) {
        lock.lock()
        defer { lock.unlock() }
        if python != self.python {
            process?.close()
            process = nil
        }
        self.python = python
        self.environment = environment
        self.currentDirectory = currentDirectory
        if let hint { self.hint = hint }
    }

    /// Sends one request and returns its answer (the `db` event); the database's errors
    /// come back as `DatabaseError`, and so does a helper that cannot start or ended.
    func request(_ fields: [String: Any], database: DatabaseURL) throws(DatabaseError) -> BridgeMessage {
        lock.lock()
        defer { lock.unlock() }
        let helper = try started(database)
        let answer: BridgeMessage
        do {
            answer = try helper.request(fields, until: { $0.event == "db" || $0.event == "failed" })
        } catch {
            process = nil
            throw DatabaseError(.connect, "the project's Python holding the connection to \(database.masked) ended: \(error)")
        }
        if let error = answer.object("error") ?? (answer.event == "failed" ? answer : nil) {
            throw DatabaseError(
                error.bool("connect") == true ? .connect : .statement,
                (error.bool("connect") == true ? "cannot connect to \(database.masked): " : "")
                    + (error.string("message") ?? "the project's Python failed"),
                sqlState: error.string("code"))
        }
        return answer
    }

    /// Starts the helper in the background, so that its Python starts while env.py is
    /// read by the other one (a command on MySQL then waits for one start-up, not two).
    public func warmUp() {
        DispatchQueue.global(qos: .userInitiated).async {
            self.lock.lock()
            defer { self.lock.unlock() }
            _ = try? self.started(nil)
        }
    }

    private func started(_ database: DatabaseURL?) throws(DatabaseError) -> BridgeProcess {
        if let process { return process }
        let name = database.map { "\($0.dialect.displayName) (\($0.masked))" } ?? "the database"
        guard let python else {
            throw DatabaseError(
                .connect, "Retort reaches \(name) only through the project's Python and its database driver: \(hint)")
        }
        var initial: [String: Any] = ["connections": true]
        if let currentDirectory { initial["cwd"] = currentDirectory }
        let helper: BridgeProcess
        do {
            helper = try BridgeProcess(python: python, initial: initial, environment: environment)
        } catch {
            throw DatabaseError(.connect, "cannot start \(python) to reach \(name): \(error)")
        }
        guard helper.greeting?.event == "ready" else {
            let reason = helper.greeting?.string("message") ?? "it did not answer"
            helper.close()
            throw DatabaseError(.connect, "\(python) cannot reach \(name): \(reason)")
        }
        process = helper
        return helper
    }
}
