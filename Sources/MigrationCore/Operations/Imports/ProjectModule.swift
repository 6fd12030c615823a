/// One module of the project's own code, read by the evaluator as it reads revision
/// scripts: its top-level names (constants, functions, classes it understands) after its
/// top-level statements were followed — never run.
///
/// A class, not a value: the functions a module defines refer to its scope, and their
/// bodies look names up in the globals bound after the whole module was read.
public final class ProjectModule: @unchecked Sendable {
    /// The dotted name it was imported by (`app.migrations.utils`).
    public let name: String
    public let path: String
    /// Its names, set once the top level has been followed.
    public internal(set) var globals: [String: PyValue] = [:]
    /// The first top-level statement the evaluator could not follow, if any: the names it
    /// and the statements after it would bind may be missing.
    public internal(set) var stoppedAt: Unsupported?

    init(name: String, path: String) {
        self.name = name
        self.path = path
    }
}
