import Foundation

/// `lint [RANGE]`: the safety rules over each revision's PostgreSQL SQL, as squawk reads
/// the same SQL, less what the revision files accept with `# retort: allow RULE`.
public enum LintCommand {
    public struct Options: Sendable {
        /// `-r`-style `[start]:[end]`; nil: every revision.
        public var range: String?
        /// Lint the downgrades too.
        public var downgrades = false
        public var postgresVersion: PostgresVersion?
        public var json = false
        /// Whose SQL and rules: PostgreSQL's (squawk's) or SQLite's pitfalls.
        public var dialect = Dialect.postgresql

        public init(
            range: String? = nil, downgrades: Bool = false, postgresVersion: PostgresVersion? = nil, json: Bool = false,
            dialect: Dialect = .postgresql
        ) {
            self.range = range
            self.downgrades = downgrades
            self.postgresVersion = postgresVersion
            self.json = json
            self.dialect = dialect
        }
    }

    /// Prints the findings, oldest revision first. Findings left are exit status 7; a
    /// function Retort cannot write is named and, when nothing else is found, exit 3: a
    /// lint that could not read everything does not pass.
    public static func run(_ functions: RevisionFunctions, _ options: Options, to out: inout some TextOutputStream) throws {
        let report = try LintReport.make(functions, options)
        out.write(options.json ? report.json().rendered() + "\n" : report.text)
        if !report.findings.isEmpty {
            let count = report.findings.count
            throw CommandFailure(.lintFindings, "\(count) finding\(count == 1 ? "" : "s")")
        }
        if !report.notLinted.isEmpty {
            let count = report.notLinted.count
            throw CommandFailure(
                .uninterpretable, "\(count) function\(count == 1 ? "" : "s") not linted: Retort cannot write \(count == 1 ? "its" : "their") SQL")
        }
    }
}

/// What `lint` found over a range of revisions.
public struct LintReport: Sendable {
    public var findings: [LintFinding] = []
    /// Findings a `# retort: allow` comment accepts.
    public var accepted: [LintFinding] = []
    /// Functions whose SQL cannot be written, with the reason (their statements before it are linted).
    public var notLinted: [(revision: String, direction: RevisionBody.Direction, reason: String)] = []
    public var revisionCount = 0

    static func make(_ functions: RevisionFunctions, _ options: LintCommand.Options) throws -> LintReport {
        let graph = functions.graph
        let history = try HistoryCommand.nodes(graph, range: options.range)
        let nodes = Array(history.reversed())
        var report = LintReport(revisionCount: nodes.count)
        let dialect = options.dialect
        guard dialect == .postgresql || dialect == .sqlite else {
            throw CommandFailure(.usage, "lint has rules for PostgreSQL and SQLite, not \(dialect.displayName)")
        }
        let linter = RevisionLinter(
            postgresVersion: options.postgresVersion ?? .assumed, rules: dialect == .sqlite ? LintRule.sqlite : LintRule.all)
        // Every function read in parallel without a schema, in report order.
        let directions: [RevisionBody.Direction] = options.downgrades ? [.upgrade, .downgrade] : [.upgrade]
        let functions = functions.reading(dialect)
        var bodies = functions.read(
            (0..<nodes.count * directions.count).map { (nodes[$0 / directions.count], directions[$0 % directions.count]) })
        // Those that need the schema the revisions before them make are read again against
        // it, in order (few do); the timeline is made on the first.
        lazy var timeline = SchemaTimeline(functions: functions)
        for (index, body) in bodies.enumerated() where !body.isInterpretable && body.needsSchema {
            bodies[index] = timeline.body(nodes[index / directions.count], body.direction)
        }
        let checked = ParallelSlots.map(bodies.count) { Self.check(bodies[$0], linter: linter) }
        for (body, result) in zip(bodies, checked) {
            if !body.isInterpretable, body.exists {
                report.notLinted.append((body.revision, body.direction, body.unsupported.first?.description ?? "not interpretable"))
            }
            report.findings += result.findings
            report.accepted += result.accepted
        }
        return report
    }

    /// One function's findings, as `lint` reports them: `findings` left, `accepted` by a
    /// `# retort: allow` comment in its file. The body is PostgreSQL's (lint's rules are
    /// about PostgreSQL's locks and types).
    public static func check(_ body: RevisionBody, postgresVersion: PostgresVersion = .assumed)
        -> (findings: [LintFinding], accepted: [LintFinding])
    {
        check(body, linter: RevisionLinter(postgresVersion: postgresVersion))
    }

    static func check(_ body: RevisionBody, linter: RevisionLinter) -> (findings: [LintFinding], accepted: [LintFinding]) {
        let found = linter.findings(body)
        guard !found.isEmpty else { return ([], []) }
        let allowed = AllowComments(path: body.path)
        var result: (findings: [LintFinding], accepted: [LintFinding]) = ([], [])
        for finding in found {
            if allowed.accepts(finding.rule, at: finding.line) {
                result.accepted.append(finding)
            } else {
                result.findings.append(finding)
            }
        }
        return result
    }

    public var text: String {
        var out = findings.map { $0.text + "\n" }.joined()
        for item in notLinted { out += "not linted: \(item.revision) \(item.direction.rawValue)(): \(item.reason)\n" }
        let count = findings.count
        out += "\(count) finding\(count == 1 ? "" : "s") in \(revisionCount) revision\(revisionCount == 1 ? "" : "s")"
        if !accepted.isEmpty { out += " (\(accepted.count) accepted by # retort: allow)" }
        return out + "\n"
    }

    public func json() -> JSONValue {
        .object([
            ("findings", .array(findings.map(\.json))), ("accepted", .array(accepted.map(\.json))),
            (
                "not_linted",
                .array(
                    notLinted.map {
                        .object([("revision", .string($0.revision)), ("direction", .string($0.direction.rawValue)), ("reason", .string($0.reason))])
                    })
            ),
        ])
    }
}
