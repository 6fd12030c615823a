import ArgumentParser
import MigrationCore

/// `retort lint [RANGE]`: squawk's safety rules over each revision's PostgreSQL SQL.
struct LintCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint", abstract: "Check each revision's PostgreSQL SQL against squawk's safety rules.",
        discussion: """
            With --dialect sqlite, SQLite's SQL against SQLite's ALTER TABLE pitfalls instead. \
            A finding is accepted with `# retort: allow RULE[, RULE]` on the operation's line or the line above it. \
            Exit status 0: no findings; 7: findings (listed); 3: a function whose SQL Retort cannot write.
            """)

    @OptionGroup(visibility: .hidden) var project: ProjectArguments

    @Argument(help: "[start]:[end], as history's -r (default: every revision).")
    var range: String?

    @Flag(help: "Lint each revision's downgrade too.")
    var downgrades = false

    @Option(help: "The PostgreSQL version the rules assume, as squawk's --pg-version (e.g. 13.0).")
    var pgVersion: String?

    @Flag(help: "Print one JSON document: the findings, each with revision, direction, rule, path, line, statement, message.")
    var json = false

    func run() throws {
        var version: PostgresVersion?
        if let pgVersion {
            guard let parsed = PostgresVersion(pgVersion) else {
                throw CommandFailure(.usage, "--pg-version must be a version such as 13 or 13.2, not '\(pgVersion)'")
            }
            version = parsed
        }
        // PostgreSQL's rules unless --dialect names SQLite (the project's URL does not decide:
        // squawk's rules are what lint is for).
        let dialect: Dialect
        switch project.dialect {
        case nil, "postgresql": dialect = .postgresql
        case "sqlite": dialect = .sqlite
        case let other?: throw CommandFailure(.usage, "lint has rules for postgresql and sqlite, not '\(other)'")
        }
        if dialect == .sqlite, pgVersion != nil { throw CommandFailure(.usage, "--pg-version is for PostgreSQL's rules, not --dialect sqlite") }
        try ProjectRun.run(project, showsConfiguration: false) { loaded, graph, out in
            try LintCommand.run(
                loaded.functions(graph, dialect: dialect), .init(range: range, downgrades: downgrades, postgresVersion: version, json: json, dialect: dialect),
                to: &out)
        }
    }
}
