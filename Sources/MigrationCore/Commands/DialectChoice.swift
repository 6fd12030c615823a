/// Which dialect to write SQL for: `--dialect`, else the scheme of `--url`, else of the
/// configuration's `sqlalchemy.url`.
public enum DialectChoice {
    public static func resolve(dialect: String?, url: String?, configuration: ProjectConfiguration) throws -> Dialect {
        if let dialect {
            guard let chosen = Dialect(dialect) else {
                throw CommandFailure(.usage, "unknown dialect '\(dialect)': Retort writes SQL for sqlite and postgresql")
            }
            return chosen
        }
        guard let url = url ?? configuration.sqlalchemyURL, !url.isEmpty else {
            throw CommandFailure(
                .usage, "no database dialect: give --dialect sqlite|postgresql, --url URL, or sqlalchemy.url in the configuration")
        }
        return try fromURL(url)
    }

    /// `postgresql+psycopg2://...` is postgresql; `sqlite:///x.db` is sqlite; the driver is ignored.
    public static func fromURL(_ url: String) throws -> Dialect {
        let scheme = url.split(separator: ":", maxSplits: 1).first.map(String.init) ?? url
        let backend = scheme.split(separator: "+", maxSplits: 1).first.map(String.init) ?? scheme
        switch backend.lowercased() {
        case "sqlite": return .sqlite
        case "postgresql", "postgres": return .postgresql
        default:
            throw CommandFailure(.usage, "the database '\(backend)' is not supported: Retort works with sqlite and postgresql")
        }
    }
}
