import Foundation
import MigrationCore
import TerminalUI

/// The interactive browser: loads the project, then draws, reads a key and acts, until
/// the user quits. The terminal is given back on every way out.
public enum BrowserApp {
    public struct Settings: Sendable {
        public var project: ProjectOptions
        public var themeName: String?
        public var environment: [String: String]
        /// `--url`, which overrides env.py and `sqlalchemy.url`.
        public var databaseURL: String?
        /// `--python`, `-x` and `--engine`.
        public var python: String?
        public var xArguments: [String] = []
        public var engine = EngineChoice.auto

        public init(project: ProjectOptions, themeName: String?, environment: [String: String], databaseURL: String? = nil) {
            self.project = project
            self.themeName = themeName
            self.environment = environment
            self.databaseURL = databaseURL
        }
    }

    /// How many scripts one frame reads for the list's marks (about 0.1 ms each).
    public static let markBudget = 8

    public static func run(_ settings: Settings) throws {
        let noColor = !(settings.environment["NO_COLOR"] ?? "").isEmpty
        var theme = try ThemeLoader.load(option: settings.themeName, environment: settings.environment)
        if noColor || theme.name == "mono" { theme = theme.withoutColors }
        let runtime = try startRuntime(settings)
        var state = try loadState(settings, runtime)
        state.alembicSQL = { [runtime] body in runtime.offlineSQL(body) }
        state.usesASCII = !TerminalLocale.isUTF8(settings.environment)
        state.readSchemaInBackground()

        let terminal = CursesTerminal()
        terminal.start(colors: !noColor && theme.name != "mono")
        defer { terminal.stop() }
        var search: String?
        var flow = ActionFlow()
        let driftCheck = DriftCheck()
        while true {
            let (width, height) = terminal.size
            state.pageHeight = BrowserScreen.listHeight(forTerminalHeight: height)
            state.detailHeight = BrowserScreen.detailHeight(forTerminalHeight: height)
            // Marks of scripts not read yet are filled in over the next frames, a few per frame.
            state.beginFrame(markBudget: markBudget)
            if runtime.takeFinished(), let fresh = try? loadState(settings, runtime) {
                // env.py's reading is in: the database may be another, or known only now.
                state.database = fresh.database
                state.sqlDialect = fresh.sqlDialect
                state.databaseDialect = fresh.databaseDialect
            }
            // The tables against the history, read again whenever the rows or scripts change.
            driftCheck.follow(state.database, graph: state.graph, generation: state.graphGeneration)
            state.drift = driftCheck.current()
            terminal.draw(BrowserScreen.render(state, width: width, height: height, searchPrompt: search), theme: theme)
            let timeout: Int? =
                state.hasPendingMarks ? 5 : (runtime.awaitsFrame || driftCheck.awaitsFrame || state.schemaNeedsFrame() ? 50 : nil)
            guard let key = terminal.readKey(timeout: timeout), key != .resize else { continue }

            if var text = search {
                switch key {
                case .enter:
                    state.endSearch(keep: true)
                    search = nil
                case .escape:
                    state.endSearch(keep: false)
                    search = nil
                case .backspace:
                    if !text.isEmpty { text.removeLast() }
                    state.updateSearch(text)
                    search = text
                case .character(let c):
                    text.append(c)
                    state.updateSearch(text)
                    search = text
                default:
                    break
                }
                continue
            }
            if state.dialog != nil {
                guard let outcome = state.handleDialogKey(key, terminalHeight: height) else { continue }
                /// Shows `line` in the status line while the database works.
                func progress(_ line: String) {
                    state.progress = line
                    terminal.draw(BrowserScreen.render(state, width: width, height: height), theme: theme)
                }
                switch flow.closed(outcome) {
                case .none:
                    break
                case .message(let line):
                    state.report(line)
                case .writeMerge(let merge):
                    do {
                        try merge.write()
                        let fresh = try loadState(settings, runtime)
                        try state.replace(graph: fresh.graph, unreadable: fresh.unreadable, functions: fresh.functions)
                        state.database = fresh.database
                        state.report("wrote \(state.displayPath(merge.path))")
                    } catch {
                        state.report(((error as? CommandFailure)?.message ?? "\(error)"))
                    }
                case .rehearse(let planned):
                    let graph = state.graph
                    state.dialog = ActionRehearsal.run(planned, graph: graph, settings: liveSettings(settings, runtime), progress: progress)
                    state.progress = nil
                case .apply(let planned):
                    let graph = state.graph
                    let report = terminal.interruptible { interrupted in
                        ActionRunner.run(
                            planned, graph: graph, settings: liveSettings(settings, runtime), progress: progress,
                            stopRequested: interrupted)
                    }
                    state.progress = nil
                    // The marks follow the database; the scripts did not change.
                    if let fresh = try? loadState(settings, runtime) { state.database = fresh.database }
                    state.dialog = report
                case .plan(let action, let node):
                    let graph = state.graph
                    if let planned = plan(&state, settings, runtime, { url, live, engine in
                        try ActionPlanner.plan(action, node: node, graph: graph, url: url, settings: live, makeExecutor: engine)
                    }) {
                        flow.opened(planned, target: node)
                    }
                }
                continue
            }
            if state.mergePrompt != nil {
                if case .merge(let message, let revisions)? = state.handlePromptKey(key),
                    let merge = prepareMerge(&state, settings, message: message, revisions: revisions)
                {
                    flow.opened(merge: merge)
                }
                continue
            }
            if state.headsPicker != nil {
                if case .upgrade(let target)? = state.handlePickerKey(key) {
                    let graph = state.graph
                    if let planned = plan(&state, settings, runtime, { url, live, engine in
                        try ActionPlanner.plan(upgradeTo: target, graph: graph, url: url, settings: live, makeExecutor: engine)
                    }) {
                        flow.opened(planned, target: nil)
                    }
                }
                continue
            }
            if state.showsHelp, key == .escape {
                _ = state.apply(.help)
                continue
            }
            if case .mouse(let event) = key {
                handle(event, &state, width: width, height: height)
                continue
            }
            guard let command = KeyTable.command(for: key, showingCode: state.showsCodeTab) else { continue }
            switch state.apply(command) {
            case .quit?:
                return
            case .startSearch?:
                search = ""
            case .reload?:
                let fresh = try loadState(settings, runtime)
                try state.replace(graph: fresh.graph, unreadable: fresh.unreadable, functions: fresh.functions)
                state.database = fresh.database
            case .readDatabase?:
                let fresh = try loadState(settings, runtime)
                state.database = fresh.database
            case .edit(let path, let line)?:
                terminal.suspend { openEditor(path: path, line: line, environment: settings.environment) }
                let fresh = try loadState(settings, runtime)
                try state.replace(graph: fresh.graph, unreadable: fresh.unreadable, functions: fresh.functions)
                state.database = fresh.database
            case .copy(let id)?:
                copyToClipboard(id)
            case .action(let action, let node)?:
                let graph = state.graph
                if let planned = plan(&state, settings, runtime, { url, live, engine in
                    try ActionPlanner.plan(action, node: node, graph: graph, url: url, settings: live, makeExecutor: engine)
                }) {
                    flow.opened(planned, target: node)
                }
            case .merge(let message, let revisions)?:
                if let merge = prepareMerge(&state, settings, message: message, revisions: revisions) {
                    flow.opened(merge: merge)
                }
            case .upgrade(let target)?:
                let graph = state.graph
                if let planned = plan(&state, settings, runtime, { url, live, engine in
                    try ActionPlanner.plan(upgradeTo: target, graph: graph, url: url, settings: live, makeExecutor: engine)
                }) {
                    flow.opened(planned, target: nil)
                }
            case nil:
                break
            }
        }
    }

    /// Plans with the project's database and shows the confirmation; a plan that cannot
    /// be made (nothing to do, no database) is a message in the status line.
    static func plan(
        _ state: inout BrowserState, _ settings: Settings, _ runtime: ProjectRuntime,
        _ make: (DatabaseURL, LiveMigration.Settings, @escaping LiveMigration.MakeExecutor) throws -> ActionPlanner.Planned
    ) -> ActionPlanner.Planned? {
        do {
            // The configuration alone: reading every script here too read them all twice.
        let configuration = try LoadedProject.configuration(settings.project)
            let makeExecutor = runtime.makeExecutor()
            let url = try DatabaseChoice.choose(
                option: settings.databaseURL, configuration: configuration, env: runtime.settings
            ).url
            let planned = try make(url, liveSettings(settings, runtime), makeExecutor)
            state.dialog = planned.dialog
            return planned
        } catch {
            state.report(((error as? CommandFailure)?.message ?? "\(error)").split(separator: "\n").first.map(String.init))
            return nil
        }
    }

    /// Prepares the merge of every head (nothing written) and shows its confirmation.
    static func prepareMerge(_ state: inout BrowserState, _ settings: Settings, message: String, revisions: [String])
        -> MergeRevision?
    {
        do {
            // The configuration alone: reading every script here too read them all twice.
        let configuration = try LoadedProject.configuration(settings.project)
            let merge = try MergeRevision.prepare(
                MergeRevision.Request(revisions: revisions, message: message), graph: state.graph,
                configuration: configuration)
            let shown = state
            state.dialog = MergeDialog.make(merge, graph: state.graph, displayPath: { shown.displayPath($0) })
            return merge
        } catch {
            state.report((error as? CommandFailure)?.message ?? "\(error)")
            return nil
        }
    }

    /// How the browser's runs connect: as the command line's, from the project's directory.
    static func liveSettings(_ settings: Settings, _ runtime: ProjectRuntime) -> LiveMigration.Settings {
        var live = LiveMigration.Settings()
        live.currentDirectory = settings.project.currentDirectory
        let env = runtime.settings
        live.table = VersionTable(name: env?.versionTable ?? "alembic_version", schema: env?.versionTableSchema)
        live.sessionStatements = env?.sessionStatements ?? []
        if settings.databaseURL == nil, let configuration = try? LoadedProject.configuration(settings.project) {
            live.databaseSource = try? DatabaseChoice.choose(option: nil, configuration: configuration, env: env).source
        }
        return live
    }

    /// Starts reading what env.py configures (in the background when it needs the Python).
    static func startRuntime(_ settings: Settings) throws -> ProjectRuntime {
        // The configuration alone: reading every script here too read them all twice.
        let configuration = try LoadedProject.configuration(settings.project)
        var request = ProjectEnvironment.Request(
            configuration: configuration, options: settings.project, pythonOption: settings.python)
        request.xArguments = settings.xArguments
        request.urlOption = settings.databaseURL
        request.startPython = settings.engine == .alembic
        request.noPython = settings.engine == .native
        return ProjectRuntime(request: request, choice: settings.engine)
    }

    /// A click selects the row under it (or focuses the details); the wheel scrolls the
    /// pane under it by three lines.
    static func handle(_ event: MouseEvent, _ state: inout BrowserState, width: Int, height: Int) {
        guard !state.showsHelp,
            let target = BrowserScreen.target(row: event.row, column: event.column, width: width, height: height)
        else { return }
        let pane: BrowserState.Pane = if case .list = target { .list } else { .details }
        switch (event.action, target) {
        case (.press, .list(let line)): state.click(listLine: line)
        case (.press, .details): state.focus = .details
        case (.wheelUp, _): state.wheel(pane, by: -3)
        case (.wheelDown, _): state.wheel(pane, by: 3)
        }
    }

    /// Reads the project and makes the browser's state for it: what the browser shows
    /// before its first frame and after a reload. Public for the browser benchmark, which
    /// must load exactly as the browser does.
    /// The state of the first frame, as `run` makes it (env.py's text read, its Python started in the background).
    public static func loadState(_ settings: Settings) throws -> BrowserState {
        try loadState(settings, try startRuntime(settings))
    }

    static func loadState(_ settings: Settings, _ runtime: ProjectRuntime) throws -> BrowserState {
        let loaded = try LoadedProject.load(settings.project)
        let configuration = loaded.configuration
        let description = configuration.configFile ?? configuration.scriptDirectory ?? configuration.versionLocations.first ?? ""
        var state = try BrowserState(
            graph: loaded.graph(), projectDescription: description,
            unreadable: loaded.problems.filter { $0.severity == .error })
        state.functions = loaded.functions(state.graph, dialect: .sqlite)
        if let directory = configuration.configFile.map({ URL(fileURLWithPath: $0).deletingLastPathComponent().path }) {
            state.pathPrefix = directory + "/"
        }
        let env = runtime.settings
        state.database = DatabaseStatus.read(
            urlOption: settings.databaseURL, configuration: configuration, graph: state.graph,
            environment: settings.environment, env: env, readingEnv: runtime.isReading)
        // The SQL is written for the project's database when its URL names one.
        if let url = settings.databaseURL ?? env?.url ?? configuration.sqlalchemyURL, let dialect = try? Dialect(url: url) {
            state.sqlDialect = dialect
            state.databaseDialect = dialect
        }
        return state
    }

    /// `$VISUAL`, else `$EDITOR`, else `vi`, at the line given.
    static func openEditor(path: String, line: Int, environment: [String: String]) {
        let editor = environment["VISUAL"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["EDITOR"] ?? "vi"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(editor) +\(line) \"$1\"", "retort-editor", path]
        try? process.run()
        process.waitUntilExit()
    }

    /// OSC 52: the terminal puts the text on the clipboard, also over SSH.
    static func copyToClipboard(_ text: String) {
        let sequence = "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
        FileHandle.standardOutput.write(Data(sequence.utf8))
    }
}
