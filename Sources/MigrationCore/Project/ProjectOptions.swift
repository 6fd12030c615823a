import Foundation

/// What the command line says about where the project is.
public struct ProjectOptions: Sendable {
    /// `-c/--config`, repeatable: at most one ini-style file plus one `pyproject.toml`.
    public var configFiles: [String] = []
    /// `-n/--name`: the ini section holding Alembic's keys (pyproject always uses `[tool.alembic]`).
    public var sectionName: String = "alembic"
    /// `--script-location`: overrides `script_location`; enough on its own, no config file needed.
    public var scriptLocation: String? = nil
    /// `--version-location`, repeatable: replaces `version_locations`.
    public var versionLocations: [String] = []
    /// `--recursive`: search version locations recursively even if the config does not say so.
    public var recursive: Bool = false
    /// The environment (`ALEMBIC_CONFIG` is read from it).
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// The directory Alembic would run in; relative paths resolve against it.
    public var currentDirectory: String = FileManager.default.currentDirectoryPath

    public init() {}
}

/// A project's configuration, resolved to absolute paths.
public struct ProjectConfiguration: Sendable {
    /// The ini file used, absolute, or nil.
    public var configFile: String?
    /// The pyproject.toml whose `[tool.alembic]` table was used, or nil.
    public var pyprojectFile: String?
    /// The absolute script directory; nil only when just `--version-location` was given.
    public var scriptDirectory: String?
    /// Absolute version directories in Alembic's order (default `<script_location>/versions`).
    public var versionLocations: [String]
    public var recursiveVersionLocations: Bool
    public var sourceless: Bool
    /// The revision file name template after interpolation, e.g. `%(rev)s_%(slug)s`.
    public var fileTemplate: String
    public var truncateSlugLength: Int
    public var timezone: String?
    /// `sqlalchemy.url` from the ini's main section (Alembic leaves it to env.py).
    public var sqlalchemyURL: String?
    /// Why `sqlalchemy.url` could not be read (e.g. a bad `%`), when it could not.
    public var sqlalchemyURLError: ProjectError?
    /// Absolute `prepend_sys_path` entries, in order.
    public var prependSysPath: [String]
    /// Human-readable lines for `-v` output; those that begin with `warning: ` are worth
    /// showing even without `-v`.
    public var notes: [String]

    /// The notes that are warnings.
    public var warnings: [String] { notes.filter { $0.hasPrefix("warning: ") } }

    /// The default Alembic file template, after ConfigParser interpolation.
    public static let defaultFileTemplate = "%(rev)s_%(slug)s"

    public init(
        configFile: String? = nil, pyprojectFile: String? = nil, scriptDirectory: String? = nil,
        versionLocations: [String] = [], recursiveVersionLocations: Bool = false,
        sourceless: Bool = false, fileTemplate: String = ProjectConfiguration.defaultFileTemplate,
        truncateSlugLength: Int = 40, timezone: String? = nil, sqlalchemyURL: String? = nil,
        sqlalchemyURLError: ProjectError? = nil, prependSysPath: [String] = [], notes: [String] = []
    ) {
        self.configFile = configFile
        self.pyprojectFile = pyprojectFile
        self.scriptDirectory = scriptDirectory
        self.versionLocations = versionLocations
        self.recursiveVersionLocations = recursiveVersionLocations
        self.sourceless = sourceless
        self.fileTemplate = fileTemplate
        self.truncateSlugLength = truncateSlugLength
        self.timezone = timezone
        self.sqlalchemyURL = sqlalchemyURL
        self.sqlalchemyURLError = sqlalchemyURLError
        self.prependSysPath = prependSysPath
        self.notes = notes
    }
}
