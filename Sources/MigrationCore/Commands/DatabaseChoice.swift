import Foundation

/// Which database a command talks to: `--url`, else the URL env.py configures, else
/// `sqlalchemy.url` from the configuration.
public enum DatabaseChoice {
    /// A URL and where it came from (for every line that shows the database).
    public struct Chosen: Sendable {
        public var url: DatabaseURL
        /// `--url`, `$DATABASE_URL, read by env.py`, `sqlalchemy.url in alembic.ini`, ...
        public var source: String
    }

    /// The parsed URL, or why there is none: a bad `--url` is a usage error (1), a bad
    /// `sqlalchemy.url` a project error (2).
    public static func url(option: String?, configuration: ProjectConfiguration) throws -> DatabaseURL {
        try choose(option: option, configuration: configuration, env: nil).url
    }

    /// The URL by precedence: `--url`, what env.py configures (`env`), `sqlalchemy.url`.
    public static func choose(option: String?, configuration: ProjectConfiguration, env: EnvSettings?) throws -> Chosen {
        if let option {
            do {
                return Chosen(url: try DatabaseURL(option), source: "--url")
            } catch {
                throw CommandFailure(.usage, "--url: \(error)")
            }
        }
        if let env, let text = env.url {
            let source = env.urlSource ?? "env.py"
            do {
                return Chosen(url: try DatabaseURL(text), source: source)
            } catch {
                throw CommandFailure(.project, "the URL env.py configures (\(source)): \(error)")
            }
        }
        if let env, let failure = env.failure {
            throw CommandFailure(
                .project, "env.py failed while Retort read what it configures: \(failure); pass --url to name the database")
        }
        let unknownURL = env?.unknowns.first { $0.hasPrefix("the URL ") }
        if let error = configuration.sqlalchemyURLError { throw CommandFailure(.project, error.description) }
        let file = configuration.configFile ?? configuration.pyprojectFile
        let name = file.map { "sqlalchemy.url in \(($0 as NSString).lastPathComponent)" } ?? "sqlalchemy.url"
        guard let configured = configuration.sqlalchemyURL, !configured.isEmpty else {
            if let unknownURL {
                throw CommandFailure(
                    .usage, "no database URL: env.py sets it, but \(unknownURL); pass --url, or --python for the project's Python to read env.py")
            }
            throw CommandFailure(
                .usage,
                "no database URL: pass --url (e.g. --url sqlite:///app.db or --url postgresql://user@localhost/app) "
                    + "or set sqlalchemy.url in alembic.ini")
        }
        do {
            let url = try DatabaseURL(configured)
            return Chosen(url: url, source: name + (unknownURL.map { " (env.py may change it: \($0))" } ?? ""))
        } catch {
            if let unknownURL {
                throw CommandFailure(
                    .project,
                    "\(name) holds no usable URL (\(error)) and env.py sets one, but \(unknownURL); "
                        + "pass --url, or --python for the project's Python to read env.py")
            }
            let source = configuration.configFile.map { "sqlalchemy.url in \($0)" } ?? "sqlalchemy.url"
            throw CommandFailure(.project, "\(source): \(error)")
        }
    }
}
