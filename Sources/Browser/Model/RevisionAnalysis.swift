import MigrationCore

/// What each revision's functions do, read on demand and kept: the browser asks for the
/// revisions on screen, so scrolling a 5,000-revision history reads only what is shown.
///
/// A class so that views, which only read the state, can fill it as they draw; the
/// browser runs on one thread.
final class RevisionAnalysis: @unchecked Sendable {
    /// Both functions of one revision for one dialect.
    struct Result {
        var upgrade: RevisionBody
        var downgrade: RevisionBody
        /// The script's lines that the reasons point at, by line number.
        var excerpts: [Int: String]

        var isInterpretable: Bool {
            (upgrade.isInterpretable || !upgrade.exists) && (downgrade.isInterpretable || !downgrade.exists)
        }
    }

    private struct Key: Hashable {
        var path: String
        var dialect: Dialect
        /// Read against the schema the history describes before it (the details tabs).
        var withSchema = false
    }

    private var results: [Key: Result] = [:]
    /// The replayed schema per dialect, made when a tab first needs it.
    private var timelines: [Dialect: SchemaTimeline] = [:]
    /// Where a replay reads the graph's functions: the project's body cache, when the
    /// browser was loaded with one (nil: each is read from its script).
    var functions: RevisionFunctions?
    /// How many revisions a frame may still read for the list's marks; the rest are read
    /// in later frames, so a key press never waits for a page of scripts.
    private(set) var budget = Int.max
    /// Whether a mark was left for a later frame.
    private(set) var hasPending = false

    /// Starts a frame that may read at most `count` scripts for marks.
    func beginFrame(budget count: Int) {
        budget = count
        hasPending = false
    }

    /// The result if known or affordable in this frame's budget; nil when left for later.
    func resultWithinBudget(_ revision: Revision, dialect: Dialect) -> Result? {
        if let known = results[Key(path: revision.path, dialect: dialect)] { return known }
        guard budget > 0 else {
            hasPending = true
            return nil
        }
        budget -= 1
        return result(revision, dialect: dialect)
    }

    /// The revision's functions. For a tab (`node` of `graph` given), a function that
    /// needs the schema before it (a table copy, a question to the Inspector) is read
    /// again against the replayed history; the list's marks do without (a replay reads
    /// every revision before it, too much for one frame).
    func result(_ revision: Revision, dialect: Dialect, node: Int? = nil, in graph: RevisionGraph? = nil) -> Result {
        let key = Key(path: revision.path, dialect: dialect, withSchema: node != nil)
        if let known = results[key] { return known }
        var bodies = results[Key(path: revision.path, dialect: dialect)].map { [$0.upgrade, $0.downgrade] }
            ?? RevisionBody.renderBoth(revision, dialect: dialect)
        if let node, let graph {
            for (i, body) in bodies.enumerated() where body.needsSchema && !body.isInterpretable {
                bodies[i] = timeline(dialect, graph).body(node, body.direction)
            }
        }
        let (upgrade, downgrade) = (bodies[0], bodies[1])
        var excerpts: [Int: String] = [:]
        let reasons = upgrade.unsupported + downgrade.unsupported
        if !reasons.isEmpty, let source = try? FileBytes.read(revision.path) {
            for reason in reasons where reason.path == revision.path {
                excerpts[reason.line] = FileBytes.lineText(source, line: reason.line)
            }
        }
        let result = Result(upgrade: upgrade, downgrade: downgrade, excerpts: excerpts)
        results[key] = result
        return result
    }

    private func timeline(_ dialect: Dialect, _ graph: RevisionGraph) -> SchemaTimeline {
        if let known = timelines[dialect] { return known }
        let timeline = SchemaTimeline(functions: functions?.reading(dialect) ?? RevisionFunctions(graph: graph, dialect: dialect))
        timelines[dialect] = timeline
        return timeline
    }

    private var schemaTabs: [Key: [StyledLine]] = [:]
    /// Makes the Schema tab's lines on its own thread (the browser); nil makes them at once
    /// (the tests, the benchmark).
    var backgroundSchema: SchemaTabReader?

    /// Whether the Schema tab's lines are being made, or came in unshown: the front end
    /// draws again soon.
    func schemaNeedsFrame() -> Bool { backgroundSchema?.needsFrame() ?? false }

    /// The Schema tab's lines for `node`: the dialect's replay is made once and kept, so
    /// only the first revision shown pays for reading the history before it; nil while
    /// they are being made in the background.
    func schemaLines(_ node: Int, dialect: Dialect, in graph: RevisionGraph) -> [StyledLine]? {
        let revision = graph.revisions[node]
        let key = Key(path: revision.path, dialect: dialect, withSchema: true)
        if let known = schemaTabs[key] { return known }
        let timeline = timeline(dialect, graph)
        let lines: [StyledLine]
        if let reader = backgroundSchema {
            guard let made = reader.take(.init(node: node, dialect: dialect), revision: revision.id, timeline: timeline) else {
                return nil
            }
            lines = made
        } else {
            lines = SchemaTabLines.revision(revision.id, before: timeline.before(node), after: timeline.after(node), dialect: dialect)
        }
        schemaTabs[key] = lines
        return lines
    }

    /// Lint's findings for one revision (`findings` left, `accepted` by a `# retort:
    /// allow` comment), both functions, as `retort lint --downgrades` reports them.
    struct Lint {
        var findings: [LintFinding] = []
        var accepted: [LintFinding] = []
    }

    private var lints: [String: Lint] = [:]

    /// The revision's lint, over its PostgreSQL SQL (lint's rules are PostgreSQL's).
    func lint(_ node: Int, in graph: RevisionGraph) -> Lint {
        let revision = graph.revisions[node]
        if let known = lints[revision.path] { return known }
        let bodies = result(revision, dialect: .postgresql, node: node, in: graph)
        var lint = Lint()
        for body in [bodies.upgrade, bodies.downgrade] {
            let checked = LintReport.check(body)
            lint.findings += checked.findings
            lint.accepted += checked.accepted
        }
        lints[revision.path] = lint
        return lint
    }

    /// Forgets everything (the scripts were reloaded).
    func clear() {
        results = [:]
        timelines = [:]
        schemaTabs = [:]
        backgroundSchema?.clear()
        lints = [:]
    }
}

/// One line of a details tab or dialog: runs of text, each in a style role.
public struct StyledLine: Equatable, Sendable {
    public var segments: [(text: String, role: String)]

    public init(_ segments: [(text: String, role: String)] = []) { self.segments = segments }
    public init(_ text: String, role: String) { segments = [(text, role)] }

    public static func == (a: StyledLine, b: StyledLine) -> Bool {
        a.segments.map(\.text) == b.segments.map(\.text) && a.segments.map(\.role) == b.segments.map(\.role)
    }
}

/// The Operations and SQL tabs' lines for one revision.
enum RevisionTabs {
    static func operations(
        _ result: RevisionAnalysis.Result, dialect: Dialect, lint: RevisionAnalysis.Lint = RevisionAnalysis.Lint()
    ) -> [StyledLine] {
        var lines: [StyledLine] = []
        for body in [result.upgrade, result.downgrade] {
            if !lines.isEmpty { lines.append(StyledLine()) }
            lines.append(StyledLine("\(body.direction.rawValue)()", role: "title"))
            guard body.exists else {
                lines.append(StyledLine("  this script has no \(body.direction.rawValue)() function", role: "warning"))
                continue
            }
            if body.operations.isEmpty && body.unsupported.isEmpty {
                lines.append(StyledLine("  (no operations)", role: "date"))
            }
            // Operations and the reasons they stop, in script order.
            var reasons = body.unsupported[...]
            for operation in body.operations {
                while let reason = reasons.first, reason.line < operation.line {
                    lines += unsupported(reason, result)
                    reasons = reasons.dropFirst()
                }
                let effect = OperationText.effect(operation)
                let (mark, role): (String, String) =
                    switch effect {
                    case .create: ("+", "created")
                    case .drop: ("-", "dropped")
                    case .alter: ("~", "altered")
                    case .data: ("*", "normal")
                    }
                var segments: [(text: String, role: String)] = [("  \(mark) ", role), (OperationText.line(operation, dialect: dialect), role)]
                if OperationText.isDestructive(operation) { segments.append(("  destructive", "destructive")) }
                lines.append(StyledLine(segments))
                lines += lintLines(lint, body.direction) { $0 == operation.line }
            }
            for reason in reasons { lines += unsupported(reason, result) }
            // Findings no operation's line names (statements Retort wrote itself).
            let operationLines = Set(body.operations.map(\.line))
            lines += lintLines(lint, body.direction) { !operationLines.contains($0) }
        }
        return lines
    }

    /// Lint's findings on the lines `at` selects, under the operation that writes them:
    /// the rules it breaks as a warning, those `# retort: allow` accepts dimmed.
    static func lintLines(_ lint: RevisionAnalysis.Lint, _ direction: RevisionBody.Direction, at: (Int) -> Bool) -> [StyledLine] {
        let found = LintGroup.grouped(lint.findings.filter { $0.direction == direction && at($0.line) })
        let accepted = LintGroup.grouped(lint.accepted.filter { $0.direction == direction && at($0.line) })
        return found.map { StyledLine("      ! lint: " + $0.rules.joined(separator: ", "), role: "warning") }
            + accepted.map { StyledLine("      lint allowed: " + $0.rules.joined(separator: ", "), role: "date") }
    }

    static func unsupported(_ reason: Unsupported, _ result: RevisionAnalysis.Result) -> [StyledLine] {
        var lines = [StyledLine("  ? not interpretable, line \(reason.line): \(reason.reason)", role: "uninterpretable")]
        if let text = result.excerpts[reason.line] {
            lines.append(StyledLine([("    \(reason.line) │ ", "line-number"), (text.trimmingLeadingSpaces(), "normal")]))
        }
        return lines
    }

    static func sql(
        _ result: RevisionAnalysis.Result, dialect: Dialect, alembic: ((RevisionBody) -> AlembicSQL?)? = nil
    ) -> [StyledLine] {
        var lines: [StyledLine] = []
        for body in [result.upgrade, result.downgrade] {
            if let last = lines.last, !last.segments.isEmpty { lines.append(StyledLine()) }
            lines.append(StyledLine("-- \(body.direction.rawValue)() for \(dialect.rawValue) (s: switch dialect)", role: "python-comment"))
            if !body.isInterpretable, let answer = alembic?(body) {
                lines += alembicLines(answer, body)
                continue
            }
            if !body.isInterpretable {
                for reason in body.unsupported {
                    lines.append(StyledLine("-- not interpretable, line \(reason.line): \(reason.reason)", role: "uninterpretable"))
                }
                if !body.statements.isEmpty { lines.append(StyledLine("-- the statements before it:", role: "python-comment")) }
            }
            for warning in body.warnings { lines.append(StyledLine("-- warning: \(warning)", role: "warning")) }
            for note in body.inspectionNotes { lines.append(StyledLine("-- \(note)", role: "warning")) }
            for statement in body.statements {
                let highlighted = SQLHighlighter.lines(statement + ";")
                for line in highlighted {
                    lines.append(StyledLine(line.map { ($0.text, role($0.kind)) }))
                }
                lines.append(StyledLine())  // as Alembic writes them: a blank line after each
            }
        }
        return lines
    }

    /// A function Retort refuses, as the project's Alembic writes it offline (or why it cannot).
    static func alembicLines(_ answer: AlembicSQL, _ body: RevisionBody) -> [StyledLine] {
        let why = body.unsupported.first.map { "Retort cannot interpret line \($0.line): \($0.reason)" } ?? ""
        switch answer {
        case .pending:
            return [StyledLine("-- the project's Alembic writes it once env.py is read… (\(why))", role: "python-comment")]
        case .refused(let reason):
            return [
                StyledLine("-- \(why)", role: "uninterpretable"),
                StyledLine("-- the project's Alembic cannot write it offline either: \(reason)", role: "uninterpretable"),
            ]
        case .statements(let statements):
            var lines = [StyledLine("-- written by the project's Alembic in offline mode (\(why))", role: "warning")]
            for statement in statements {
                for line in SQLHighlighter.lines(statement + ";") { lines.append(StyledLine(line.map { ($0.text, role($0.kind)) })) }
                lines.append(StyledLine())
            }
            return lines
        }
    }

    static func role(_ kind: HighlightKind) -> String {
        switch kind {
        case .keyword: return "sql-keyword"
        case .string: return "sql-string"
        case .comment: return "python-comment"
        case .number: return "python-number"
        case .plain: return "normal"
        }
    }
}

extension String {
    func trimmingLeadingSpaces() -> String { String(drop(while: { $0 == " " || $0 == "\t" })) }
}

/// The SQL tab's answer from the project's Alembic for a function Retort refuses.
public enum AlembicSQL: Sendable, Equatable {
    /// The helper is still reading env.py.
    case pending
    case statements([String])
    /// Why Alembic's offline mode cannot write it either.
    case refused(String)
}
