/// A reason the SQL of an operation cannot be written for a dialect: either a limit of
/// Retort, or an error Alembic itself raises there (`exception`), which a script may catch.
public struct SQLRenderError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The exception Alembic raises at this point, when the failure is Alembic's own.
    public var exception: RaisedException?
    /// The statements Alembic writes for the operation before it raises.
    public var partial: [String]

    /// A limit of Retort: Alembic would write something here that Retort cannot.
    public init(_ description: String) {
        self.description = description
        exception = nil
        partial = []
    }

    /// Alembic raises `type` (the unqualified class name) with `message`, after writing `partial`.
    public init(raises type: String, _ message: String, after partial: [String] = []) {
        description = "Alembic raises \(type): \(message)"
        exception = RaisedException(type: type, message: message)
        self.partial = partial
    }
}
