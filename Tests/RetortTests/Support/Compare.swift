import Foundation
import XCTest

/// Output comparison with Alembic.
enum Compare {
    /// Alembic prints a few things in Python set order, which changes with the hash seed
    /// from one run to the next: the children in `Branches into:` and in `branches`, and
    /// the labels when a revision has several (`(a, b)`, `Branch names: a, b`). Both
    /// sides are put in a canonical order before comparing; everything else must be equal
    /// byte for byte.
    static func canonical(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        for i in lines.indices {
            lines[i] = canonicalLine(lines[i])
        }
        // `branches`: the block of "<spaces> -> child" lines under each branch point.
        var out: [String] = []
        var block: [String] = []
        func flush() {
            out.append(contentsOf: block.sorted())
            block.removeAll()
        }
        for line in lines {
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("-> ") && trimmed.count < line.count {
                block.append(line)
            } else {
                flush()
                out.append(line)
            }
        }
        flush()
        return out.joined(separator: "\n")
    }

    static func sortedList(_ s: Substring) -> String {
        s.components(separatedBy: ", ").sorted().joined(separator: ", ")
    }

    static func canonicalLine(_ line: String) -> String {
        for prefix in ["Branches into: ", "Branch names: "] where line.hasPrefix(prefix) {
            return prefix + sortedList(line.dropFirst(prefix.count))
        }
        // Parenthesised lists not followed by " -> " are label sets; "(deps) -> rev"
        // keeps its order (a tuple in the script).
        guard line.contains(", ") && line.contains("(") else { return line }
        var result = ""
        var rest = Substring(line)
        while let open = rest.firstIndex(of: "(") {
            guard let close = rest[open...].firstIndex(of: ")") else { break }
            result += rest[..<open]
            let inner = rest[rest.index(after: open)..<close]
            let after = rest[rest.index(after: close)...]
            if inner.contains(", ") && !inner.contains("(") && !after.hasPrefix(" -> ") {
                result += "(" + sortedList(inner) + ")"
            } else {
                result += rest[open...close]
            }
            rest = after
        }
        return result + rest
    }

    /// A short description of where two texts differ.
    static func firstDifference(_ actual: String, _ expected: String) -> String {
        let a = actual.components(separatedBy: "\n")
        let e = expected.components(separatedBy: "\n")
        for i in 0..<max(a.count, e.count) {
            let al = i < a.count ? a[i] : "<end of output>"
            let el = i < e.count ? e[i] : "<end of output>"
            if al != el {
                return "first difference at line \(i + 1) (retort \(a.count) lines, alembic \(e.count) lines)\n"
                    + "  retort:  \(al.debugDescription)\n  alembic: \(el.debugDescription)"
            }
        }
        return "texts differ"
    }

    /// Asserts that retort's result matches Alembic's for one command: identical standard
    /// output (up to `canonical`) when Alembic succeeds; a clean non-zero exit (1...5,
    /// not a crash) when Alembic fails.
    static func assertMatches(
        retort: RunResult, alembic: RunResult, command: [String],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let cmd = command.joined(separator: " ")
        if alembic.exit == 0 {
            guard retort.exit == 0 else {
                XCTFail("`\(cmd)`: alembic exits 0, retort exits \(retort.exit): "
                        + retort.stderr.prefix(400), file: file, line: line)
                return
            }
            let r = canonical(retort.stdout)
            let a = canonical(alembic.stdout)
            if r != a {
                XCTFail("`\(cmd)`: output differs from alembic's; "
                        + firstDifference(r, a), file: file, line: line)
            }
        } else {
            if !(1...5).contains(retort.exit) {
                XCTFail("`\(cmd)`: alembic fails (\(alembic.exit): "
                        + "\(alembic.stdout.trimmingCharacters(in: .whitespacesAndNewlines))), "
                        + "retort exits \(retort.exit) (want 1...5)", file: file, line: line)
            }
        }
    }

    /// Runs every command through the oracle (one batch) and through retort, and asserts
    /// they match. `prefix` holds the global options (e.g. `-c x/alembic.ini`).
    static func check(
        oracle: Oracle, prefix: [String], commands: [[String]], ast: Bool = false,
        cwd: URL? = nil, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let expected = try oracle.batch(commands.map { prefix + $0 }, ast: ast)
        for (command, alembic) in zip(commands, expected) {
            let retort = try Harness.retort(prefix + command, cwd: cwd)
            assertMatches(retort: retort, alembic: alembic, command: ["retort"] + prefix + command,
                          file: file, line: line)
        }
    }

    /// Asserts that `retort <prefix> history --json` lists the same revisions, in the same
    /// order, with the same graph fields as revision_map.py.
    static func checkHistoryJSON(
        expected: RevisionMapDocument, prefix: [String], compareMessages: Bool = true,
        cwd: URL? = nil, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let r = try Harness.retort(prefix + ["history", "--json"], cwd: cwd)
        let cmd = (["retort"] + prefix + ["history", "--json"]).joined(separator: " ")
        guard r.exit == 0 else {
            XCTFail("`\(cmd)` exits \(r.exit): \(r.stderr.prefix(400))", file: file, line: line)
            return
        }
        let doc: RevisionMapDocument
        do {
            doc = try JSONDecoder().decode(RevisionMapDocument.self, from: Data(r.stdout.utf8))
        } catch {
            XCTFail("`\(cmd)`: not the expected JSON (\(error)): \(r.stdout.prefix(300))",
                    file: file, line: line)
            return
        }
        let got = doc.revisions.map(\.graphKey)
        let want = expected.revisions.map(\.graphKey)
        if got != want {
            let i = (0..<min(got.count, want.count)).first(where: { got[$0] != want[$0] }) ?? min(got.count, want.count)
            XCTFail("`\(cmd)`: revisions differ from Alembic's RevisionMap (retort \(got.count), "
                    + "alembic \(want.count)); first difference at item \(i + 1):\n"
                    + "  retort:  \(i < got.count ? got[i] : "<end>")\n"
                    + "  alembic: \(i < want.count ? want[i] : "<end>")", file: file, line: line)
        }
        if compareMessages {
            for (g, w) in zip(doc.revisions, expected.revisions) where g.revision == w.revision {
                if g.message != w.message {
                    XCTFail("`\(cmd)`: message of \(g.revision): \(String(describing: g.message)) "
                            + "!= \(String(describing: w.message))", file: file, line: line)
                    break
                }
            }
        }
    }

    /// Commands worth comparing on a project, chosen from its revision map: all of
    /// history/heads/branches with and without -v, several ranges (including forms
    /// Alembic rejects offline), and `show` on interesting revisions.
    static func commands(for map: RevisionMapDocument) -> [[String]] {
        let revs = map.revisions
        var cmds: [[String]] = [
            ["history"], ["history", "-v"], ["heads"], ["heads", "-v"], ["heads", "--resolve-dependencies"],
            ["branches"], ["branches", "-v"],
        ]
        var ranges = ["base:heads", ":heads", "base:", ":", "base:head", "heads:", "zzzzzz:",
                      "nocolon"]
        var shows = ["heads", "base", "head", "zzzzzz"]
        guard !revs.isEmpty else { return cmds }
        let head = revs[0].revision
        let base = revs[revs.count - 1].revision
        let mid = revs[revs.count / 2].revision
        let quarter = revs[revs.count / 4].revision
        ranges += ["\(mid):", ":\(mid)", "\(base):\(mid)", "\(mid):\(head)", "\(head):\(base)",
                   "\(quarter):\(mid)", "\(mid.prefix(4)):", ":\(mid.prefix(6))",
                   "\(mid):+1", "\(mid):-1", "\(head)-1:"]
        shows += [head, base, mid, String(mid.prefix(6)), "\(mid)+1", "\(head)-1"]
        if let m = revs.first(where: \.is_merge_point) {
            ranges += ["\(m.revision):", ":\(m.revision)"]
            shows.append(m.revision)
        }
        if let b = revs.first(where: \.is_branch_point) {
            ranges += ["\(b.revision):", ":\(b.revision)"]
            shows.append(b.revision)
        }
        if let d = revs.first(where: { !$0.depends_on.isEmpty }) {
            ranges += [":\(d.revision)"]
            shows.append(d.revision)
        }
        // Labels declared on a root of a branch (the first revision that has the label).
        var labels: [String] = []
        for r in revs.reversed() {
            for l in r.branch_labels.sorted() where !labels.contains(l) { labels.append(l) }
        }
        for l in labels.prefix(2) {
            ranges += ["\(l)@head:", ":\(l)@head", "\(l)@base:\(l)@head", "\(l)@base:", "\(l):",
                       ":\(l)", "\(l)@-1:", ":\(l)@+1"]
            shows += ["\(l)@head", "\(l)@base", l]
        }
        for r in ranges {
            if r.hasPrefix("-") {
                cmds.append(["history", "--rev-range=\(r)"])
            } else {
                cmds.append(["history", "-r", r])
            }
        }
        cmds.append(["history", "-v", "-r", "\(mid):"])
        for s in shows {
            cmds.append(s.hasPrefix("-") ? ["show", "--", s] : ["show", s])
        }
        var seen = Set<[String]>()
        return cmds.filter { seen.insert($0).inserted }
    }
}
