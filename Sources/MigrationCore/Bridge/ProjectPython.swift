/// The project's own Python, found and able to import Alembic with the project's paths.
public struct ProjectPython: Sendable, Equatable {
    /// The interpreter as found (a virtual environment's `bin/python` is kept as is, not resolved).
    public var path: String
    /// How it was found: `--python`, `$RETORT_PYTHON`, `$VIRTUAL_ENV`, `.venv in DIR`, `python3 on PATH`.
    public var source: String
    public var pythonVersion: String
    public var alembicVersion: String
    public var sqlalchemyVersion: String

    public init(path: String, source: String, pythonVersion: String, alembicVersion: String, sqlalchemyVersion: String) {
        self.path = path
        self.source = source
        self.pythonVersion = pythonVersion
        self.alembicVersion = alembicVersion
        self.sqlalchemyVersion = sqlalchemyVersion
    }

    /// `Python 3.11.7, Alembic 1.20.1, SQLAlchemy 2.1.9`.
    public var versions: String {
        "Python \(pythonVersion), Alembic \(alembicVersion), SQLAlchemy \(sqlalchemyVersion)"
    }
}

/// A candidate interpreter that was looked at and not used, with why.
public struct PythonCandidate: Sendable, Equatable {
    public var path: String
    public var source: String
    public var reason: String
}
