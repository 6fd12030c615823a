import Foundation

/// Runs env.py under the helper with Alembic's environment intercepted, and turns what
/// the helper saw into `EnvSettings`.
///
/// Online first, as `alembic upgrade` runs it, so that the connection's own URL and the
/// statements env.py runs on it are seen; nothing is migrated (`run_migrations` does
/// nothing, `begin_transaction` opens nothing, and an SQLite file that does not exist
/// is opened in memory instead, so that reading env.py never creates it). When the
/// online set-up cannot connect, env.py is read again in offline mode.
enum EnvCapture {
    static func capture(
        _ bridge: BridgeProcess, envPath: String?, configuration: ProjectConfiguration,
        request: ProjectEnvironment.Request
    ) -> EnvSettings? {
        if request.offline {
            guard let message = try? bridge.request(
                ["op": "capture", "offline": true], until: { $0.event == "captured" || $0.event == "failed" })
            else { return nil }
            return settings(from: message, envPath: envPath, configuration: configuration, request: request, mode: "offline, as --sql runs it")
        }
        guard var message = try? bridge.request(["op": "capture"], until: { $0.event == "captured" || $0.event == "failed" })
        else { return nil }
        var mode = "online"
        if message.event == "captured", message.int("configure_calls") == 0, let error = message.object("error"),
            connectFailure(error)
        {
            if let offline = try? bridge.request(
                ["op": "capture", "offline": true], until: { $0.event == "captured" || $0.event == "failed" }),
                offline.int("configure_calls") ?? 0 > 0
            {
                message = offline
                let reason = (error.string("message") ?? "").split(separator: "\n").first.map(String.init) ?? ""
                mode = "offline, because env.py could not connect: " + reason
            }
        }
        return settings(from: message, envPath: envPath, configuration: configuration, request: request, mode: mode)
    }

    static func connectFailure(_ error: BridgeMessage) -> Bool {
        let exception = error.string("exception") ?? ""
        return exception.hasSuffix("OperationalError") || exception.hasSuffix("InterfaceError")
            || exception.contains("ConnectionRefused") || exception.hasSuffix("gaierror")
    }

    static func settings(
        from message: BridgeMessage, envPath: String?, configuration: ProjectConfiguration,
        request: ProjectEnvironment.Request, mode: String
    ) -> EnvSettings {
        var settings = EnvSettings(reader: .python, path: envPath)
        settings.mode = mode
        if message.event == "failed" || message.has("error") {
            let error = message.event == "failed" ? message : (message.object("error") ?? message)
            settings.failure = failureText(error)
        }
        settings.url = message.string("url") ?? message.string("sqlalchemy_url")
        if let url = settings.url {
            settings.urlSource = urlSource(
                url, from: message.string("url_from"), configuration: configuration, environment: request.options.environment)
            if let name = message.strings("url_variables_set_by_env_py")?.first {
                let file = message.bool("dotenv") == true ? " from a .env file" : ""
                settings.urlSource = "$\(name), set by env.py\(file)"
            }
        }
        settings.dialect = message.string("dialect")
        settings.driver = message.string("driver")
        settings.versionTable = message.string("version_table")
        settings.versionTableSchema = message.string("version_table_schema")
        settings.transactionPerMigration = message.bool("transaction_per_migration")
        settings.transactionalDDL = message.bool("transactional_ddl")
        settings.includeSchemas = message.bool("include_schemas")
        settings.renderAsBatch = message.bool("render_as_batch")
        if let convention = message.fields["naming_convention"] as? [String: String] { settings.namingConvention = convention }
        settings.plugins = message.strings("plugins") ?? []
        settings.connectionStatements = message.objects("statements").compactMap { $0.string("sql") }
        settings.configureCalls = message.int("configure_calls") ?? 0
        return settings
    }

    /// `KeyError: 'DATABASE_URL' (env.py line 25)`.
    static func failureText(_ error: BridgeMessage) -> String {
        let exception = (error.string("exception") ?? "error").split(separator: ".").last.map(String.init) ?? "error"
        var text = exception + ": " + (error.string("message") ?? "")
        if let missing = error.string("missing_module") {
            text = "cannot import \(missing) (\(exception): \(error.string("message") ?? ""))"
        }
        if let at = error.object("where") ?? error.object("last"), let path = at.string("path"), let line = at.int("line") {
            text += " at \(path):\(line)"
        }
        return text
    }

    /// Says where env.py's URL came from, naming the variable or setting that holds it
    /// when one does (the URL itself is never part of it).
    static func urlSource(
        _ url: String, from: String?, configuration: ProjectConfiguration, environment: [String: String]
    ) -> String {
        let preferred = ["DATABASE_URL", "SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_URL", "DB_URL"]
        let names = environment.filter { $0.value == url }.keys.sorted { a, b in
            let ia = preferred.firstIndex(of: a) ?? preferred.count
            let ib = preferred.firstIndex(of: b) ?? preferred.count
            return ia == ib ? a < b : ia < ib
        }
        if let name = names.first { return "$\(name), read by env.py" }
        if url == configuration.sqlalchemyURL, let file = configuration.configFile ?? configuration.pyprojectFile {
            return "sqlalchemy.url in \((file as NSString).lastPathComponent), as env.py uses it"
        }
        switch from {
        case "connection": return "env.py (the engine of the connection it migrates on)"
        case "configure(url=...)": return "env.py (context.configure(url=...))"
        default: return "env.py (sqlalchemy.url as env.py leaves it)"
        }
    }
}
