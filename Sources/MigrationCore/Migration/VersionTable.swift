/// The table where Alembic keeps the current revisions, and the statements that change
/// it, written as SQLAlchemy compiles Alembic's `version_table_impl` for a dialect.
public struct VersionTable: Sendable, Equatable {
    /// `version_table` in env.py's `context.configure()`.
    public var name: String
    /// `version_table_schema`, when not the default schema.
    public var schema: String?

    public init(name: String = "alembic_version", schema: String? = nil) {
        self.name = name
        self.schema = schema
    }

    /// The table name as it appears in statements, schema-qualified and quoted as needed.
    public func qualifiedName(_ dialect: Dialect) -> String {
        (schema.map { dialect.quote($0) + "." } ?? "") + dialect.quote(name)
    }

    /// `CREATE TABLE` for the table, without the terminating `;`. The primary key is
    /// named `<name>_pkc`; a name longer than the dialect allows is SQLAlchemy's error.
    public func createStatement(_ dialect: Dialect) throws -> String {
        let constraint = name + "_pkc"
        if constraint.unicodeScalars.count > dialect.maxIdentifierLength {  // Python counts code points
            throw MigrationPlanError(
                "Identifier '\(constraint)' exceeds maximum length of \(dialect.maxIdentifierLength) characters")
        }
        // SQLAlchemy leaves a space after each column's comma.
        return "CREATE TABLE \(qualifiedName(dialect)) (\n"
            + "    version_num VARCHAR(32) NOT NULL, \n"
            + "    CONSTRAINT \(dialect.quote(constraint)) PRIMARY KEY (version_num)\n"
            + ")"
    }

    /// The statement for one row change, without the terminating `;`. Revision ids go in
    /// as literal text, exactly as Alembic writes them.
    public func statement(for change: VersionChange, _ dialect: Dialect) -> String {
        statement(for: change, dialect, qualifiedName: qualifiedName(dialect))
    }

    /// `statement(for:_:)` with the table's `qualifiedName(dialect)` already made.
    func statement(for change: VersionChange, _ dialect: Dialect, qualifiedName table: String) -> String {
        switch change {
        case .insert(let id):
            let returned = dialect.qualifiesReturningColumns ? "\(table).version_num" : "version_num"
            return "INSERT INTO \(table) (version_num) VALUES ('\(id)') RETURNING \(returned)"
        case .update(let from, let to):
            return "UPDATE \(table) SET version_num='\(to)' WHERE \(table).version_num = '\(from)'"
        case .delete(let id):
            return "DELETE FROM \(table) WHERE \(table).version_num = '\(id)'"
        }
    }
}
