import Foundation

/// Reads env.py as text, without a Python, for the forms people write most: the URL
/// from `os.environ[...]`, `os.getenv(..., default)`, f-strings of them, a `.env` file
/// loaded with `load_dotenv()`, `config.set_main_option("sqlalchemy.url", ...)`,
/// `create_engine(...)`, and the literal keywords of `context.configure()`.
///
/// Whatever it cannot follow is listed in `unknowns` with its line, so that a caller
/// can say what a Python would tell.
public struct StaticEnvReader {
    /// Modules env.py may import without changing what it configures.
    static let harmlessModules: Set<String> = [
        "os", "sys", "logging", "logging.config", "alembic", "alembic.context", "sqlalchemy", "sqlalchemy.engine",
        "sqlalchemy.ext.asyncio", "sqlalchemy.pool", "typing", "dotenv", "pathlib", "__future__", "asyncio", "re",
        "alembic.config", "sqlalchemy.engine.url", "alembic.script", "alembic.runtime.migration", "sqlalchemy.sql",
    ]

    public var environment: [String: String]
    /// `sqlalchemy.url` from the configuration (before env.py changes it).
    public var configuredURL: String?
    /// `-x key=value`, as `context.get_x_argument(as_dictionary=True)` gives them.
    public var xArguments: [String: String] = [:]

    public init(environment: [String: String], configuredURL: String?, xArguments: [String] = []) {
        self.environment = environment
        self.configuredURL = configuredURL
        for argument in xArguments {
            // Alembic splits at the first `=`; a key without one maps to "".
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            self.xArguments[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
    }

    /// The settings read from `path`; a file that cannot be read or parsed is itself an unknown.
    public func read(_ path: String) -> EnvSettings {
        var state = State(reader: self, path: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            state.settings.unknowns.append("\(path) cannot be read")
            return state.settings
        }
        let module: Module
        do {
            module = try PythonParser.parse(Array(data), path: path)
        } catch {
            state.settings.unknowns.append("\(error)")
            return state.settings
        }
        state.walk(module.body, topLevel: true)
        // The functions env.py defines run after its module-level code.
        for statement in module.body {
            if case .functionDef(let function) = statement.kind { state.walk(function.body, topLevel: false) }
        }
        state.finish()
        return state.settings
    }

    /// A value read from env.py's text.
    enum Value {
        case text(String, source: String?)
        case unknown(String)
        /// Python's None (a missing `-x` key, `os.environ.get` without a default).
        case none
        /// `context.get_x_argument(as_dictionary=True)`.
        case xArguments
    }

    struct State {
        let reader: StaticEnvReader
        let path: String
        var settings: EnvSettings
        var environment: [String: String]
        var variables: [String: Value] = [:]
        var sqlalchemyURL: Value?
        var urlFromConfigure: Value?
        /// Names imported from modules Retort does not read (they may be anything).
        var foreignNames: [String: String] = [:]
        var dotenvLoaded = false
        /// Variables bound to `None` (`target_metadata = None`).
        var noneNames: Set<String> = []

        init(reader: StaticEnvReader, path: String) {
            self.reader = reader
            self.path = path
            settings = EnvSettings(reader: .text, path: path)
            environment = reader.environment
            if let url = reader.configuredURL { sqlalchemyURL = .text(url, source: nil) }
        }

        mutating func walk(_ statements: [Statement], topLevel: Bool) {
            for statement in statements {
                let line = statement.location.line
                switch statement.kind {
                case .import(let names):
                    for alias in names where !StaticEnvReader.harmlessModules.contains(alias.name) {
                        foreignNames[alias.asName ?? alias.name] = alias.name
                        settings.unknowns.append("env.py line \(line) imports \(alias.name), which Retort does not read")
                    }
                case .importFrom(let module, let names, let level):
                    let name = String(repeating: ".", count: level) + (module ?? "")
                    guard !StaticEnvReader.harmlessModules.contains(name) else { continue }
                    for alias in names { foreignNames[alias.asName ?? alias.name] = name }
                    settings.unknowns.append("env.py line \(line) imports from \(name), which Retort does not read")
                case .assign(let targets, let value):
                    let evaluated = evaluate(value)
                    for target in targets {
                        guard case .name(let name) = target.kind else { continue }
                        variables[name] = evaluated
                        if case .constant(.none) = value.kind { noneNames.insert(name) } else { noneNames.remove(name) }
                    }
                case .annAssign(let target, _, let value?, _):
                    if case .name(let name) = target.kind { variables[name] = evaluate(value) }
                case .expression(let expression):
                    call(expression, line: line)
                case .if(_, let body, let orelse):
                    walk(body, topLevel: topLevel)
                    walk(orelse, topLevel: topLevel)
                case .with(let items, let body, _):
                    for item in items { call(item.contextExpression, line: line) }
                    walk(body, topLevel: topLevel)
                case .try(let body, _, let orelse, let finalbody, _):
                    walk(body, topLevel: topLevel)
                    walk(orelse, topLevel: topLevel)
                    walk(finalbody, topLevel: topLevel)
                case .for(_, _, let body, _, _):
                    if containsConfigure(body) {
                        settings.unknowns.append(
                            "env.py line \(line) loops over context.configure(): it may migrate several schemas or databases")
                    }
                    walk(body, topLevel: topLevel)
                default:
                    continue
                }
            }
        }

        func containsConfigure(_ statements: [Statement]) -> Bool {
            statements.contains { statement in
                switch statement.kind {
                case .expression(let e): return calledName(e) == "configure"
                case .with(_, let body, _), .if(_, let body, _), .for(_, _, let body, _, _): return containsConfigure(body)
                default: return false
                }
            }
        }

        /// The last name of the function a call expression calls (`context.configure` → `configure`).
        func calledName(_ expression: Expression) -> String? {
            guard case .call(let function, _, _) = expression.kind else { return nil }
            switch function.kind {
            case .name(let name): return name
            case .attribute(_, let name): return name
            default: return nil
            }
        }

        mutating func call(_ expression: Expression, line: Int) {
            var expression = expression
            if case .await(let inner) = expression.kind { expression = inner }
            guard case .call(let function, let arguments, let keywords) = expression.kind, let name = calledName(expression)
            else { return }
            switch name {
            case "set_main_option", "set_section_option":
                let key = name == "set_main_option" ? arguments.first : arguments.dropFirst().first
                let valueArgument = name == "set_main_option" ? arguments.dropFirst().first : arguments.dropFirst(2).first
                guard let key, case .text("sqlalchemy.url", _) = evaluate(key), let valueArgument else { return }
                sqlalchemyURL = evaluate(valueArgument)
            case "configure":
                for keyword in keywords {
                    guard let key = keyword.name else { continue }
                    configureKeyword(key, keyword.value, line: keyword.location.line)
                }
                settings.configureCalls = max(settings.configureCalls, 1)
            case "create_engine", "create_async_engine":
                if let first = arguments.first { urlFromConfigure = evaluate(first) }
            case "engine_from_config", "async_engine_from_config":
                if let url = keywords.first(where: { $0.name == "url" }) { urlFromConfigure = evaluate(url.value) }
            case "load_dotenv":
                loadDotenv(arguments, keywords: keywords, line: line)
            case "execute", "exec_driver_sql":
                if let first = arguments.first, case .text(let sql, _) = evaluate(unwrapText(first)) {
                    settings.connectionStatements.append(sql)
                }
            default:
                if case .attribute(let base, _) = function.kind, case .name(let owner) = base.kind,
                    let module = foreignNames[owner]
                {
                    settings.unknowns.append("env.py line \(line) calls \(owner).\(name) from \(module)")
                }
            }
        }

        /// `text("...")` or `sa.text("...")` → its argument.
        func unwrapText(_ expression: Expression) -> Expression {
            if case .call(_, let arguments, _) = expression.kind, calledName(expression) == "text", let first = arguments.first {
                return first
            }
            return expression
        }

        mutating func configureKeyword(_ key: String, _ value: Expression, line: Int) {
            switch key {
            case "url":
                urlFromConfigure = evaluate(value)
            case "version_table", "version_table_schema":
                switch evaluate(value) {
                case .text(let text, _):
                    if key == "version_table" { settings.versionTable = text } else { settings.versionTableSchema = text }
                case .none:
                    break
                case .unknown(let why):
                    settings.unknowns.append("env.py line \(line): \(key) \(why)")
                case .xArguments:
                    settings.unknowns.append("env.py line \(line): \(key) is not a name")
                }
            case "transaction_per_migration", "transactional_ddl", "include_schemas", "render_as_batch":
                guard case .constant(let constant) = value.kind, constant == .true || constant == .false else {
                    settings.unknowns.append("env.py line \(line): \(key) is not a literal True or False")
                    return
                }
                let flag = constant == .true
                switch key {
                case "transaction_per_migration": settings.transactionPerMigration = flag
                case "transactional_ddl": settings.transactionalDDL = flag
                case "include_schemas": settings.includeSchemas = flag
                default: settings.renderAsBatch = flag
                }
            case "target_metadata":
                if case .constant(.none) = value.kind { return }
                if case .name(let name) = value.kind, noneNames.contains(name) { return }
                settings.unknowns.append(
                    "env.py line \(line): target_metadata comes from the application (its naming convention needs the project's Python)")
            default:
                return
            }
        }

        /// python-dotenv's `load_dotenv()`: the `.env` file nearest env.py (or the one
        /// named), its values not overriding variables already set unless `override=True`.
        mutating func loadDotenv(_ arguments: [Expression], keywords: [Keyword], line: Int) {
            var file: String?
            if let first = arguments.first ?? keywords.first(where: { $0.name == "dotenv_path" })?.value {
                guard case .text(let named, _) = evaluate(first) else {
                    settings.unknowns.append("env.py line \(line): load_dotenv() loads a file Retort cannot name")
                    return
                }
                file = named.hasPrefix("/") ? named : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(named)
            } else {
                var directory = (path as NSString).deletingLastPathComponent
                while true {
                    let candidate = (directory as NSString).appendingPathComponent(".env")
                    if FileManager.default.fileExists(atPath: candidate) {
                        file = candidate
                        break
                    }
                    let parent = (directory as NSString).deletingLastPathComponent
                    if parent == directory || parent.isEmpty { break }
                    directory = parent
                }
            }
            let override = keywords.contains { keyword in
                guard keyword.name == "override", case .constant(.true) = keyword.value.kind else { return false }
                return true
            }
            guard let file, let text = try? String(contentsOfFile: file, encoding: .utf8) else { return }
            dotenvLoaded = true
            for (key, value) in DotenvFile.parse(text) where override || environment[key] == nil {
                environment[key] = value
            }
        }

        func evaluate(_ expression: Expression) -> Value {
            let line = expression.location.line
            switch expression.kind {
            case .constant(.string(let text)):
                return .text(text, source: nil)
            case .name(let name):
                return variables[name] ?? .unknown("uses \(name) (line \(line)), which Retort cannot follow")
            case .joinedStr(let parts):
                var text = ""
                var sources: [String] = []
                for part in parts {
                    switch part.kind {
                    case .constant(.string(let piece)): text += piece
                    case .formattedValue(let value, _, _):
                        switch evaluate(value) {
                        case .text(let piece, let source):
                            text += piece
                            if let source { sources.append(source) }
                        case .unknown(let why): return .unknown(why)
                        case .none: text += "None"
                        case .xArguments: return .unknown("is an f-string Retort cannot follow (line \(line))")
                        }
                    default: return .unknown("is an f-string Retort cannot follow (line \(line))")
                    }
                }
                return .text(text, source: sources.isEmpty ? nil : sources.joined(separator: " and "))
            case .boolOp(.or, let operands):
                // `a or b`: the first value that is not None or empty.
                for operand in operands {
                    switch evaluate(operand) {
                    case .text(let text, let source) where !text.isEmpty: return .text(text, source: source)
                    case .text, .none: continue
                    case let other: return other
                    }
                }
                return .none
            case .constant(.none):
                return .none
            case .binOp(let left, .add, let right):
                guard case .text(let a, let s1) = evaluate(left), case .text(let b, let s2) = evaluate(right) else {
                    return .unknown("is a sum Retort cannot follow (line \(line))")
                }
                let sources = [s1, s2].compactMap { $0 }
                return .text(a + b, source: sources.isEmpty ? nil : sources.joined(separator: " and "))
            case .subscript(let base, let key):
                if case .xArguments = evaluate(base), case .text(let name, _) = evaluate(key) {
                    guard let value = reader.xArguments[name] else { return .unknown("reads -x \(name), which is not given (line \(line))") }
                    return .text(value, source: "-x \(name)")
                }
                guard isEnviron(base), case .text(let name, _) = evaluate(key) else { break }
                guard let value = environment[name] else { return .unknown("reads $\(name), which is not set (line \(line))") }
                return .text(value, source: "$\(name)")
            case .call(let function, let arguments, let keywords):
                let name = calledName(expression)
                if name == "get_x_argument",
                    keywords.contains(where: { keyword in
                        guard keyword.name == "as_dictionary", case .constant(.true) = keyword.value.kind else { return false }
                        return true
                    })
                {
                    return .xArguments
                }
                if name == "get", case .attribute(let base, _) = function.kind, case .xArguments = evaluate(base),
                    let first = arguments.first, case .text(let key, _) = evaluate(first)
                {
                    if let value = reader.xArguments[key] { return .text(value, source: "-x \(key)") }
                    return arguments.dropFirst().first.map(evaluate) ?? .none
                }
                if name == "getenv" || (name == "get" && isEnvironCall(function)) {
                    guard let first = arguments.first, case .text(let variable, _) = evaluate(first) else { break }
                    if let value = environment[variable] { return .text(value, source: "$\(variable)") }
                    let fallback = arguments.dropFirst().first ?? keywords.first(where: { $0.name == "default" })?.value
                    guard let fallback else { return .unknown("reads $\(variable), which is not set (line \(line))") }
                    if case .text(let text, _) = evaluate(fallback) {
                        return .text(text, source: "the default for $\(variable) (not set)")
                    }
                    return evaluate(fallback)
                }
                if name == "get_main_option", let first = arguments.first, case .text("sqlalchemy.url", _) = evaluate(first) {
                    return sqlalchemyURL ?? .unknown("reads sqlalchemy.url, which is not set")
                }
                if name == "str", let first = arguments.first { return evaluate(first) }
            default:
                break
            }
            return .unknown("is an expression Retort cannot follow without Python (line \(line))")
        }

        func isEnviron(_ expression: Expression) -> Bool {
            switch expression.kind {
            case .attribute(let base, "environ"):
                if case .name("os") = base.kind { return true }
                return false
            case .name("environ"): return true
            default: return false
            }
        }

        func isEnvironCall(_ function: Expression) -> Bool {
            if case .attribute(let base, "get") = function.kind { return isEnviron(base) }
            return false
        }

        mutating func finish() {
            var seen = Set<String>()
            settings.unknowns = settings.unknowns.filter { unknown in
                // The same construct in the online and the offline function is one thing not known.
                let key = unknown.replacingOccurrences(of: #"line \d+"#, with: "", options: .regularExpression)
                return seen.insert(key).inserted
            }
            let chosen = urlFromConfigure ?? sqlalchemyURL
            switch chosen {
            case .text(let url, let source)?:
                settings.url = url
                let origin = urlFromConfigure != nil ? "env.py" : "sqlalchemy.url as env.py leaves it"
                settings.urlSource = source.map { "\($0), read by env.py" } ?? origin
                if dotenvLoaded, let source, source.hasPrefix("$") { settings.urlSource = "\(source) (with .env), read by env.py" }
            case .unknown(let why)?:
                settings.unknowns.insert("the URL " + why, at: 0)
            case .none?, .xArguments?, nil:
                break
            }
        }
    }
}

/// A `.env` file as python-dotenv reads the common forms: `KEY=value`, `export KEY=value`,
/// quotes, `#` comments.
public enum DotenvFile {
    public static func parse(_ text: String) -> [(String, String)] {
        var values: [(String, String)] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if let quote = value.first, quote == "\"" || quote == "'", value.count >= 2, value.last == quote {
                value = String(value.dropFirst().dropLast())
            } else if let hash = value.range(of: " #") {
                value = value[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            values.append((key, value))
        }
        return values
    }
}
