import Foundation
import XCTest

/// One `--sql` command as both tools take it. Alembic reads the dialect, version table and
/// transaction setting from env.py, which make_project.py's env.py takes from `-x`;
/// Retort takes them as options. SQLite comes from the ini's `sqlalchemy.url` on both sides.
struct OfflineCase: CustomStringConvertible {
    var command: [String]
    var transactionPerMigration = false
    var versionTable: String?
    var versionTableSchema: String?

    init(_ command: String, transactionPerMigration: Bool = false, versionTable: String? = nil,
         versionTableSchema: String? = nil) {
        self.command = command.split(separator: " ").map(String.init)
        self.transactionPerMigration = transactionPerMigration
        self.versionTable = versionTable
        self.versionTableSchema = versionTableSchema
    }

    func alembic(ini: String, dialect: String) -> [String] {
        var args = ["-c", ini]
        if dialect != "sqlite" { args += ["-x", "url=\(dialect)://"] }
        if transactionPerMigration { args += ["-x", "transaction_per_migration=true"] }
        if let versionTable { args += ["-x", "version_table=\(versionTable)"] }
        if let versionTableSchema { args += ["-x", "version_table_schema=\(versionTableSchema)"] }
        return args + command
    }

    func retort(ini: String, dialect: String) -> [String] {
        var args = ["-c", ini]
        if dialect != "sqlite" { args += ["--dialect", dialect] }
        args += command
        if transactionPerMigration { args.append("--transaction-per-migration") }
        if let versionTable { args += ["--version-table", versionTable] }
        if let versionTableSchema { args += ["--version-table-schema", versionTableSchema] }
        return args
    }

    var description: String {
        var text = command.joined(separator: " ")
        if transactionPerMigration { text += " --transaction-per-migration" }
        if let versionTable { text += " --version-table \(versionTable)" }
        if let versionTableSchema { text += " --version-table-schema \(versionTableSchema)" }
        return text
    }

    /// The `--sql` commands worth comparing on a project, chosen from its revision map:
    /// every range form, relative targets, labels, merges and unmerges, stamps, the options,
    /// and forms Alembic refuses.
    static func cases(for map: RevisionMapDocument) -> [OfflineCase] {
        let revs = map.revisions
        guard let newest = revs.first, let oldest = revs.last else { return [] }
        let head = newest.revision
        let base = oldest.revision
        let mid = revs[revs.count / 2].revision
        let quarter = revs[revs.count / 4].revision
        let heads = revs.filter(\.is_head).map(\.revision)
        var commands = [
            "upgrade base:heads", "upgrade base:head", "upgrade base:\(head)", "upgrade base:\(mid)",
            "upgrade \(mid):\(quarter)", "upgrade \(quarter):\(mid)", "upgrade \(mid):heads", "upgrade base:+1",
            "upgrade base:+3", "upgrade \(mid):+1", "upgrade \(mid):+2", "upgrade base:\(head)-1", "upgrade base:-1",
            "upgrade \(base):\(head)", "upgrade \(mid.prefix(6)):\(head.prefix(5))", "upgrade zzzzzz:heads",
            "upgrade base:zzzzzz", "upgrade base:heads:\(head)", "upgrade heads:heads",
            "downgrade \(head):base", "downgrade \(head):-1", "downgrade \(head):-2", "downgrade \(head):\(base)",
            "downgrade \(head):\(mid)", "downgrade \(mid):\(head)", "downgrade heads:base", "downgrade \(head):zzzzzz",
            "downgrade \(mid):base",
            "stamp heads", "stamp head", "stamp base", "stamp \(mid)", "stamp \(head):base", "stamp \(mid):\(head)",
            "stamp \(head):\(mid)", "stamp \(mid):\(head) \(base):\(mid)", "stamp \(mid):zzzzzz", "stamp -1",
            "stamp \(head):-1", "stamp \(head):\(head)", "upgrade \(head):\(head)",
            "stamp \(heads.joined(separator: " "))",
        ]
        for h in heads.prefix(4) {
            commands += ["upgrade base:\(h)", "upgrade \(h):heads", "downgrade \(h):base", "downgrade \(h):-1"]
        }
        if heads.count > 1 {
            commands += ["stamp \(mid):\(heads[0]) \(mid):\(heads[1])", "stamp \(heads[0]):\(heads[1])",
                         "upgrade \(heads[0]):\(heads[1])", "downgrade \(heads[0]):\(heads[1])"]
        }
        for merge in revs.filter(\.is_merge_point).prefix(2) {
            let m = merge.revision
            for parent in merge.down_revisions {
                commands += ["upgrade \(parent):\(m)", "downgrade \(m):\(parent)"]
            }
            commands += ["upgrade base:\(m)", "downgrade \(m):base", "stamp \(m)", "stamp \(merge.down_revisions[0]):\(m)"]
        }
        for point in revs.filter(\.is_branch_point).prefix(2) {
            commands += ["upgrade \(point.revision):heads", "downgrade \(head):\(point.revision)",
                         "stamp \(point.revision):heads"]
        }
        for dependent in revs.filter({ !$0.depends_on.isEmpty }).prefix(2) {
            let d = dependent.revision
            commands += ["upgrade base:\(d)", "downgrade \(d):base", "downgrade \(d):-1", "stamp \(d)",
                         "upgrade \(dependent.down_revisions.first ?? "base"):\(d)"]
        }
        var labels: [String] = []
        for r in revs.reversed() {
            for l in r.branch_labels.sorted() where !labels.contains(l) { labels.append(l) }
        }
        for l in labels.prefix(2) {
            commands += ["upgrade base:\(l)@head", "upgrade base:\(l)@+1", "upgrade \(mid):\(l)@head",
                         "upgrade \(l)@head:heads", "downgrade \(l)@head:base", "downgrade \(l)@head:\(l)@-1",
                         "downgrade \(l)@head:-1", "stamp \(l)@head", "stamp \(l)@base", "upgrade \(l)@base:\(l)@head"]
        }
        var seen = Set<String>()
        var cases = commands.filter { seen.insert($0).inserted }.map { OfflineCase($0 + " --sql") }
        cases += [
            OfflineCase("upgrade base:heads --sql", transactionPerMigration: true),
            OfflineCase("downgrade \(head):base --sql", transactionPerMigration: true),
            OfflineCase("stamp \(mid):\(head) --sql", transactionPerMigration: true),
            OfflineCase("upgrade base:heads --sql", versionTable: "my_version", versionTableSchema: "audit"),
            OfflineCase("downgrade \(head):base --sql", versionTable: "Version_Rows", versionTableSchema: "Other"),
            OfflineCase("stamp heads --sql", versionTable: "order", versionTableSchema: "user"),
            OfflineCase("upgrade base:\(mid) --sql", transactionPerMigration: true, versionTable: "9versions"),
        ]
        return cases
    }
}

/// Comparison of `--sql` output with Alembic's.
enum OfflineCompare {
    /// Alembic's `FAILED: ...` line, if it printed one (it does on standard output).
    static func failedLine(_ result: RunResult) -> String? {
        result.stdout.split(separator: "\n").first { $0.hasPrefix("FAILED: ") }.map(String.init)
    }

    /// When Alembic succeeds, Retort's standard output must be the same bytes; when Alembic
    /// fails, Retort must fail cleanly (1...5) and, where Alembic says why, say the same.
    static func assertSame(retort: RunResult, alembic: RunResult, label: String,
                           file: StaticString = #filePath, line: UInt = #line) {
        if alembic.exit == 0 {
            guard retort.exit == 0 else {
                XCTFail("\(label): alembic exits 0, retort exits \(retort.exit): \(retort.stderr.prefix(400))",
                        file: file, line: line)
                return
            }
            if retort.stdout != alembic.stdout {
                XCTFail("\(label): output differs from alembic's; "
                        + Compare.firstDifference(retort.stdout, alembic.stdout), file: file, line: line)
            }
            return
        }
        guard (1...5).contains(retort.exit) else {
            XCTFail("\(label): alembic fails (\(failedLine(alembic) ?? "exit \(alembic.exit)")), retort exits "
                    + "\(retort.exit) (want 1...5): \(retort.stdout.prefix(200))", file: file, line: line)
            return
        }
        guard let failed = failedLine(alembic) else { return }
        // Retort may add a detail Alembic keeps to itself (`; please ensure ...`, `: Multiple
        // revisions start with ...`), after Alembic's own words.
        let said = retort.stderr.split(separator: "\n").contains { line in
            line == failed || line.hasPrefix(failed + "; ") || line.hasPrefix(failed + ": ")
        }
        if !said {
            XCTFail("\(label): alembic says \(failed.debugDescription), retort says "
                    + retort.stderr.debugDescription, file: file, line: line)
        }
    }
}
