/// Column types of the libraries migrations import beside SQLAlchemy (`sqlmodel`,
/// `sqlalchemy_utils`), each made into the SQLAlchemy type it compiles to on the dialect,
/// as the library's `load_dialect_impl` picks it with the library installed.
///
/// These libraries are usually not on disk where Retort runs (no Python at all), and their
/// modules import half of pydantic or babel, so they are modelled here rather than read.
/// Each mapping was taken from SQLAlchemy compiling the type with the pinned library
/// (scripts/oracle-venv.sh), and `LibraryTypeTests` checks it against that.
enum LibraryTypes {
    /// Root modules modelled here.
    static let roots: Set<String> = ["sqlmodel", "sqlalchemy_utils"]

    /// The type `name(arguments, keywords)` stands for on `dialect`: an SQLAlchemy type
    /// object, or why it cannot be known. Nil when `name` is not a type modelled here.
    static func make(
        _ name: String, _ arguments: [PyValue], _ keywords: [LibraryObject.Keyword], dialect: String, line: Int
    ) -> Result<LibraryObject, Refusal>? {
        let mysql = dialect == "mysql" || dialect == "mariadb"
        func type(_ kind: String, _ arguments: [PyValue] = [], _ keywords: [LibraryObject.Keyword] = []) -> Result<
            LibraryObject, Refusal
        > {
            .success(LibraryObject(kind: kind, arguments: arguments, keywords: keywords, line: line))
        }
        func argument(_ position: Int, _ keyword: String) -> PyValue? {
            keywords.last(where: { $0.name == keyword })?.value ?? (position < arguments.count ? arguments[position] : nil)
        }
        func flag(_ position: Int, _ keyword: String, default value: Bool) -> Bool? {
            guard let given = argument(position, keyword) else { return value }
            return given.truth
        }
        switch name {
        // sqlmodel.sql.sqltypes
        case "sqlmodel.AutoString":
            // A String whose length MySQL needs: 255 there when none is given.
            if mysql, argument(0, "length").map(isNone) ?? true {
                return type("sqlalchemy.String", [.int(255)])
            }
            return type("sqlalchemy.String", arguments, keywords)
        case "sqlmodel.UTCDateTime":
            return type("sqlalchemy.DateTime", [], [.init(name: "timezone", value: .bool(true))])
        case "sqlmodel.Session", "sqlmodel.SQLModel", "sqlmodel.select", "sqlmodel.Field", "sqlmodel.Relationship":
            return .failure(Refusal("an ORM construct (\(name))"))

        // sqlalchemy_utils
        case "sqlalchemy_utils.UUIDType":
            guard let binary = flag(0, "binary", default: true), let native = flag(1, "native", default: true) else {
                return .failure(Refusal("UUIDType's binary or native argument is not known"))
            }
            if native && dialect == "postgresql" { return type("postgresql.UUID") }
            if native && dialect == "mssql" { return .failure(Refusal("UUIDType on mssql is not supported yet")) }
            if binary { return type("sqlalchemy.BINARY", [.int(16)]) }
            // CHAR(32), which PostgreSQL's type_descriptor turns into a VARCHAR.
            return type(dialect == "postgresql" ? "sqlalchemy.VARCHAR" : "sqlalchemy.CHAR", [.int(32)])
        case "sqlalchemy_utils.JSONType":
            return type(dialect == "postgresql" ? "postgresql.JSON" : "sqlalchemy.UnicodeText")
        case "sqlalchemy_utils.ChoiceType":
            if let impl = argument(1, "impl"), !isNone(impl) {
                if case .object(let object) = impl { return .success(object) }
                if case .reference(let kind) = impl { return type(kind) }
                return .failure(Refusal("ChoiceType's impl is not a type Retort knows"))
            }
            return type("sqlalchemy.Unicode", [.int(255)])
        case "sqlalchemy_utils.EmailType":
            return type("sqlalchemy.Unicode", [argument(0, "length") ?? .int(255)])
        case "sqlalchemy_utils.URLType", "sqlalchemy_utils.ScalarListType":
            return type("sqlalchemy.UnicodeText")
        case "sqlalchemy_utils.CountryType":
            return type("sqlalchemy.Unicode", [.int(2)])
        case "sqlalchemy_utils.IPAddressType":
            return type("sqlalchemy.Unicode", [argument(0, "max_length") ?? .int(50)])
        case "sqlalchemy_utils.PasswordType":
            // Without `schemes`, the length is the 1024 bytes the class defaults to.
            guard !keywords.contains(where: { $0.name != "max_length" }), arguments.count <= 1 else {
                return .failure(Refusal("PasswordType with schemes is not supported yet (its length depends on passlib)"))
            }
            let length = argument(0, "max_length").flatMap { isNone($0) ? nil : $0 } ?? .int(1024)
            switch dialect {
            case "postgresql": return type("postgresql.BYTEA")
            case "sqlite": return type("sqlite.BLOB")
            default: return type("sqlalchemy.VARBINARY", [length])
            }
        case "sqlalchemy_utils.EncryptedType":
            // The deprecated name keeps its LargeBinary storage.
            return type("sqlalchemy.LargeBinary")
        case "sqlalchemy_utils.StringEncryptedType":
            if mysql { return .failure(Refusal("StringEncryptedType has no length, which MySQL's VARCHAR needs")) }
            return type("sqlalchemy.String")
        case "sqlalchemy_utils.TSVectorType":
            guard dialect == "postgresql" else {
                return .failure(Refusal("TSVectorType compiles only for PostgreSQL (SQLAlchemy cannot write it for \(dialect))"))
            }
            return type("postgresql.TSVECTOR")
        default:
            return nil
        }
    }

    /// A reason a library type cannot be made.
    struct Refusal: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private static func isNone(_ value: PyValue) -> Bool {
        if case .none = value { return true }
        return false
    }
}
