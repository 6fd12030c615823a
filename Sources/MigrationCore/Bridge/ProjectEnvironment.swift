import Foundation

/// What Retort knows of a project's runtime: what env.py configures, the project's
/// Python (when one is found), and the helper running under it for the second engine.
///
/// env.py is read as text first. The project's Python runs it only when the text leaves
/// something unknown (the URL from a settings object, metadata from the application,
/// a plugin) or when a caller needs the Python anyway (`retort env`, `--engine alembic`):
/// a project whose env.py is as `alembic init` wrote it never starts a Python.
public final class ProjectEnvironment: @unchecked Sendable {
    public struct Request: Sendable {
        public var configuration: ProjectConfiguration
        public var options: ProjectOptions
        /// `--python`.
        public var pythonOption: String?
        /// `-x key=value`, in order.
        public var xArguments: [String] = []
        /// Start the Python even when env.py's text says everything.
        public var startPython = false
        /// Never start a Python (`--engine native`).
        public var noPython = false
        /// `--url`: given to env.py as `sqlalchemy.url` (which it may still override: a
        /// bridged step then refuses to run on another database than the plan's).
        public var urlOption: String?
        /// For a `--sql` run: env.py is run in offline mode, as Alembic's `--sql` runs it
        /// (it never connects, and may configure another URL than online).
        public var offline = false

        public init(configuration: ProjectConfiguration, options: ProjectOptions, pythonOption: String? = nil) {
            self.configuration = configuration
            self.options = options
            self.pythonOption = pythonOption
        }
    }

    /// The reading the commands use: by the Python when it ran env.py, else from the text.
    public let settings: EnvSettings?
    /// env.py read as text (always done, it costs a millisecond).
    public let textReading: EnvSettings?
    public let python: ProjectPython?
    /// Interpreters looked at and not used (for "what would make it run").
    public let passedOver: [PythonCandidate]
    /// Whether a Python was looked for at all.
    public let searchedForPython: Bool
    /// The helper, kept running for previews and bridged steps.
    public let bridge: BridgeProcess?
    public let request: Request

    init(
        settings: EnvSettings?, textReading: EnvSettings?, python: ProjectPython?, passedOver: [PythonCandidate],
        searched: Bool, bridge: BridgeProcess?, request: Request
    ) {
        self.settings = settings
        self.textReading = textReading
        self.python = python
        self.passedOver = passedOver
        self.searchedForPython = searched
        self.bridge = bridge
        self.request = request
    }

    deinit { bridge?.close() }

    /// env.py's path, when the script directory has one.
    public static func envPath(_ configuration: ProjectConfiguration) -> String? {
        guard let directory = configuration.scriptDirectory else { return nil }
        let path = (directory as NSString).appendingPathComponent("env.py")
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Reads env.py, as text and, when that leaves something unknown, under the project's Python.
    public static func read(_ request: Request) -> ProjectEnvironment {
        let configuration = request.configuration
        let envPath = Self.envPath(configuration)
        let text = textReading(request)
        let wantsPython =
            !request.noPython
            && (request.startPython || (text.map { !$0.unknowns.isEmpty } ?? false)
                || Self.needsPythonToConnect(request.urlOption ?? text?.url ?? configuration.sqlalchemyURL))
        guard wantsPython else {
            if request.noPython {
                ConnectionHost.shared.configure(
                    python: nil, environment: request.options.environment,
                    currentDirectory: request.options.currentDirectory,
                    hint: "--engine native starts no Python (leave it out to use the project's)")
            }
            return ProjectEnvironment(
                settings: text, textReading: text, python: nil, passedOver: [], searched: false, bridge: nil, request: request)
        }
        let finder = PythonFinder(
            option: request.pythonOption, environment: request.options.environment,
            projectDirectory: projectDirectory(configuration, request.options),
            currentDirectory: request.options.currentDirectory)
        let (bridge, python, passed) = finder.start(
            initial: initial(request), environment: request.options.environment)
        ConnectionHost.shared.configure(
            python: python?.path, environment: request.options.environment,
            currentDirectory: request.options.currentDirectory,
            hint: python == nil ? Self.missingPythonHint(passed) : nil)
        if python != nil, Self.needsPythonToConnect(request.urlOption ?? text?.url ?? configuration.sqlalchemyURL) {
            ConnectionHost.shared.warmUp()
        }
        // Started only to reach the database (MySQL): env.py's text already says everything.
        let textSuffices = !request.startPython && (text.map { $0.unknowns.isEmpty } ?? false)
        guard let bridge, envPath != nil, !textSuffices else {
            return ProjectEnvironment(
                settings: text, textReading: text, python: python, passedOver: passed, searched: true, bridge: bridge,
                request: request)
        }
        var captured = EnvCapture.capture(bridge, envPath: envPath, configuration: configuration, request: request)
        if captured == nil { captured = text }
        return ProjectEnvironment(
            settings: captured, textReading: text, python: python, passedOver: passed, searched: true, bridge: bridge,
            request: request)
    }

    /// env.py read as text, without a Python; nil when the script directory has none.
    public static func textReading(_ request: Request) -> EnvSettings? {
        envPath(request.configuration).map {
            StaticEnvReader(
                environment: request.options.environment, configuredURL: request.configuration.sqlalchemyURL,
                xArguments: request.xArguments
            ).read($0)
        }
    }

    /// The directory the search for `.venv` starts in: the configuration's, else the current one.
    static func projectDirectory(_ configuration: ProjectConfiguration, _ options: ProjectOptions) -> String {
        if let file = configuration.configFile ?? configuration.pyprojectFile {
            return (file as NSString).deletingLastPathComponent
        }
        return options.currentDirectory
    }

    /// The helper's set-up: where the configuration is, the paths Alembic would add, `-x`.
    static func initial(_ request: Request) -> [String: Any] {
        let configuration = request.configuration
        var initial: [String: Any] = [
            "cwd": request.options.currentDirectory,
            "prepend_sys_path": configuration.prependSysPath,
            "section": request.options.sectionName,
            "x": request.xArguments,
        ]
        if let ini = configuration.configFile { initial["ini"] = ini }
        if let toml = configuration.pyprojectFile { initial["toml"] = toml }
        if let location = request.options.scriptLocation { initial["script_location"] = location }
        if !request.options.versionLocations.isEmpty { initial["version_locations"] = request.options.versionLocations }
        if let url = request.urlOption { initial["url"] = url }
        if let directory = configuration.scriptDirectory { initial["script_directory"] = directory }
        // Flask-Migrate's env.py needs the Flask app's context (`from flask import current_app`).
        if let path = envPath(configuration), let text = try? String(contentsOfFile: path, encoding: .utf8),
            text.contains("current_app")
        {
            initial["flask"] = true
        }
        return initial
    }

    /// Why the native engine cannot write exactly what Alembic would under this env.py,
    /// for every step; nil when it can.
    public var nativeObstacle: String? {
        guard let settings, settings.failure == nil else { return nil }
        if let reason = offlineObstacle { return reason }
        if let first = settings.connectionStatements.first(where: { !EnvSettings.isSessionSetting($0) }) {
            return "env.py runs \(DatabaseError.excerpt(first)) on the connection before migrating"
        }
        if settings.runsSeveralTimes {
            return "env.py calls context.configure() \(settings.configureCalls) times (several schemas or databases)"
        }
        if let dialect = settings.dialect ?? settings.url.flatMap({ try? Dialect(url: $0) })?.rawValue,
            dialect != "sqlite", dialect != "postgresql"
        {
            return "Retort does not speak \(dialect) itself"
        }
        return nil
    }

    /// Why Retort's renderer cannot write a `--sql` script exactly as Alembic would under
    /// this env.py; nil when it can. (Statements env.py runs on a connection do not
    /// matter offline.)
    public var offlineObstacle: String? {
        guard let settings, settings.failure == nil, let convention = settings.namingConvention else { return nil }
        return "target_metadata's naming convention (\(convention.keys.sorted().joined(separator: ", "))) "
            + "names constraints, which Retort does not apply"
    }

    /// The version table env.py names, unless `name`/`schema` (the command's options) do.
    public func versionTable(name: String?, schema: String?) -> VersionTable {
        VersionTable(
            name: name ?? settings?.versionTable ?? "alembic_version",
            schema: schema ?? (name == nil ? settings?.versionTableSchema : nil))
    }

    /// What would make a refused step run, for refusals: the Python to name.
    public var pythonHint: String {
        if let python { return "the project's Python (\(python.path)) runs it with --engine alembic" }
        return Self.missingPythonHint(passedOver) + " to run it through the project's Alembic"
    }

    /// No Python was found: which were passed over, and `--python`.
    static func missingPythonHint(_ passedOver: [PythonCandidate]) -> String {
        var hint = "no Python with Alembic was found"
        if !passedOver.isEmpty {
            hint += " (" + passedOver.map { "\($0.path): \($0.reason)" }.joined(separator: "; ") + ")"
        }
        return hint + "; pass --python PATH (the project's virtual environment)"
    }

    /// Whether the database `url` names is one Retort reaches only through the project's
    /// Python (MySQL), so that the Python is started even when env.py's text says everything.
    static func needsPythonToConnect(_ url: String?) -> Bool {
        guard let url, let dialect = try? Dialect(url: url) else { return false }
        return !dialect.rendersNatively
    }
}
