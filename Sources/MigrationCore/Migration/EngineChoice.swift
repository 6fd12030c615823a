/// `--engine`: which engine runs and previews revision functions.
public enum EngineChoice: String, Sendable, CaseIterable {
    /// Retort's own where its SQL is exactly what Alembic would run under this env.py,
    /// the project's Alembic otherwise.
    case auto
    /// Retort's own only (no Python is started).
    case native
    /// The project's Alembic, through its env.py, for every revision function.
    case alembic
}
