/// Which database a command talks to: `--url`, else `sqlalchemy.url` from the
/// configuration, as the env.py that Alembic generates reads it.
public enum DatabaseChoice {
    /// The parsed URL, or why there is none: a bad `--url` is a usage error (1), a bad
    /// `sqlalchemy.url` a project error (2).
    public static func url(option: String?, configuration: ProjectConfiguration) throws -> DatabaseURL {
        if let option {
            do {
                return try DatabaseURL(option)
            } catch {
                throw CommandFailure(.usage, "--url: \(error)")
            }
        }
        if let error = configuration.sqlalchemyURLError { throw CommandFailure(.project, error.description) }
        guard let configured = configuration.sqlalchemyURL, !configured.isEmpty else {
            throw CommandFailure(
                .usage,
                "no database URL: pass --url (e.g. --url sqlite:///app.db or --url postgresql://user@localhost/app) "
                    + "or set sqlalchemy.url in alembic.ini")
        }
        do {
            return try DatabaseURL(configured)
        } catch {
            let source = configuration.configFile.map { "sqlalchemy.url in \($0)" } ?? "sqlalchemy.url"
            throw CommandFailure(.project, "\(source): \(error)")
        }
    }
}
