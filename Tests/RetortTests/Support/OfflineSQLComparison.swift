import Foundation
import MigrationCore

/// Retort's SQL for each revision function against Alembic's offline output: match
/// counts per project × dialect × direction, the remaining differences grouped by cause,
/// and the functions Alembic cannot render that Retort renders implausibly.
///
/// Statements are compared as lists, after collapsing each run of whitespace to one
/// space (the oracle's statements are already stripped). A function matches only when
/// Retort calls it interpretable and the lists are equal.
struct OfflineSQLComparison {
    struct Key: Hashable, Comparable, CustomStringConvertible {
        var project: String
        var dialect: String
        var direction: String

        var description: String { "\(project) \(dialect) \(direction)" }

        static func < (a: Key, b: Key) -> Bool {
            (a.project, a.dialect, a.direction == "upgrade" ? 0 : 1) < (b.project, b.dialect, b.direction == "upgrade" ? 0 : 1)
        }
    }

    struct Tally {
        /// Functions Alembic rendered with at least one statement, and how many Retort matches.
        var rendered = 0
        var matched = 0
        /// Of those, how many match byte for byte (layout included), for information.
        var exact = 0
        /// Functions Alembic rendered with no statement, and how many Retort matches.
        var empty = 0
        var emptyMatched = 0
        /// Functions Alembic cannot render (import-error, render-error), and how Retort
        /// answered: refused (uninterpretable) or rendered.
        var unrenderable = 0
        var refused = 0
    }

    /// One function that does not match, for the cause table and the detailed report.
    struct Difference {
        var key: Key
        var revision: String
        var path: String
        var cause: String
        var detail: String
    }

    var tallies: [Key: Tally] = [:]
    var differences: [Difference] = []
    /// Functions Alembic cannot render that Retort renders as interpretable but whose
    /// statements do not begin with what Alembic wrote before failing.
    var implausible: [Difference] = []
    /// Functions Alembic cannot render that Retort renders, plausibly (for the report).
    var renderedWhereAlembicFails: [Difference] = []
    /// Functions that match but whose statements differ in whitespace (for the report).
    var layoutDifferences: [Difference] = []
    /// Unsupported reasons without a usable location.
    var badReasons: [String] = []

    /// Renders every function of `results` with Retort and compares.
    mutating func add(project: String, results: [OfflineSQLResult]) {
        var seen = Set<String>()
        let paths = results.map(\.path).filter { seen.insert($0).inserted }
        let loaded = RevisionLoader.load(paths: paths)
        var revisions: [String: Revision] = [:]
        for revision in loaded.revisions { revisions[revision.path] = revision }
        for result in results {
            let key = Key(project: project, dialect: result.dialect, direction: result.direction)
            guard let dialect = Dialect(rawValue: result.dialect), let direction = RevisionBody.Direction(rawValue: result.direction)
            else {
                badReasons.append("\(result.path): the oracle names an unknown dialect or direction")
                continue
            }
            var tally = tallies[key, default: Tally()]
            defer { tallies[key] = tally }
            guard let revision = revisions[result.path] else {
                // Retort cannot read the script's metadata: a mismatch whatever Alembic did.
                if result.rendered {
                    if result.status == "ok" { tally.rendered += 1 } else { tally.empty += 1 }
                    differences.append(
                        Difference(key: key, revision: result.revision, path: result.path, cause: "script not readable by Retort", detail: ""))
                } else {
                    tally.unrenderable += 1
                    tally.refused += 1
                }
                continue
            }
            let body = RevisionBody.render(revision, direction, dialect: dialect)
            for reason in body.unsupported where reason.line < 1 || reason.reason.isEmpty || reason.path.isEmpty {
                badReasons.append("\(result.path) \(key): unsupported without a location or reason: \(reason)")
            }
            let expected = (result.statements ?? []).map(Self.normalised)
            let actual = body.statements.map(Self.normalised)
            switch result.status {
            case "ok", "empty":
                let isEmpty = result.status == "empty"
                if isEmpty { tally.empty += 1 } else { tally.rendered += 1 }
                // A loop over a Python set of the script's own makes its statements in hash
                // order, which changes from process to process: those compare as multisets.
                let same = actual == expected || (!body.unorderedSets.isEmpty && actual.sorted() == expected.sorted())
                if body.isInterpretable && same {
                    if isEmpty { tally.emptyMatched += 1 } else { tally.matched += 1 }
                    let raw = result.statements ?? []
                    if body.statements == raw || (!body.unorderedSets.isEmpty && body.statements.sorted() == raw.sorted()) {
                        tally.exact += 1
                    } else {
                        let raw = zip(body.statements, result.statements ?? []).first { $0 != $1 }
                        layoutDifferences.append(
                            Difference(
                                key: key, revision: result.revision, path: result.path, cause: "layout",
                                detail: "    retort:  \((raw?.0 ?? "").debugDescription)\n    alembic: \((raw?.1 ?? "").debugDescription)"))
                    }
                } else {
                    let (cause, detail) = Self.cause(body, actual: actual, expected: expected)
                    differences.append(Difference(key: key, revision: result.revision, path: result.path, cause: cause, detail: detail))
                }
            default:
                tally.unrenderable += 1
                if !body.isInterpretable {
                    tally.refused += 1
                } else if actual.starts(with: expected) {
                    renderedWhereAlembicFails.append(
                        Difference(
                            key: key, revision: result.revision, path: result.path,
                            cause: "\(result.status): \(result.reason ?? "")", detail: ""))
                } else {
                    let (_, detail) = Self.cause(body, actual: actual, expected: expected)
                    implausible.append(
                        Difference(
                            key: key, revision: result.revision, path: result.path,
                            cause: "Alembic: \(result.reason ?? result.status)", detail: detail))
                }
            }
        }
    }

    // MARK: Causes

    /// Collapses whitespace runs to one space and trims.
    static func normalised(_ statement: String) -> String {
        statement.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    /// Why a function does not match: the first unsupported reason (names and numbers
    /// blanked so that alike reasons group), or the kind of the first differing statement.
    static func cause(_ body: RevisionBody, actual: [String], expected: [String]) -> (String, String) {
        if let first = body.unsupported.first {
            return ("unsupported: " + generalised(first.reason), "\(first)")
        }
        let index = zip(actual, expected).prefix(while: { $0 == $1 }).count
        let a = index < actual.count ? actual[index] : nil
        let e = index < expected.count ? expected[index] : nil
        let cause: String
        switch (a, e) {
        case (nil, let e?): cause = "missing " + kind(e)
        case (let a?, nil): cause = "extra " + kind(a)
        case (let a?, let e?): cause = "differs in " + kind(e) + (kind(a) == kind(e) ? "" : " (retort: \(kind(a)))")
        default: cause = "?"
        }
        let detail = "statement \(index + 1) of \(expected.count) (retort \(actual.count)):\n"
            + "    retort:  \(a ?? "<none>")\n    alembic: \(e ?? "<none>")"
        return (cause, detail)
    }

    /// A statement's kind: its first words, up to the table name for ALTER TABLE.
    static func kind(_ statement: String) -> String {
        let words = statement.split(separator: " ").map(String.init)
        guard let first = words.first?.uppercased() else { return "empty statement" }
        switch first {
        case "ALTER" where words.count > 3: return "ALTER TABLE … " + words[3].uppercased()
        case "CREATE", "DROP", "INSERT", "COMMENT":
            let second = words.count > 1 ? words[1].uppercased() : ""
            if ["UNIQUE", "TABLE", "INDEX", "TYPE", "INTO", "ON"].contains(second) { return first + " " + second }
            return first
        default: return first
        }
    }

    /// A reason with quoted names and numbers blanked.
    static func generalised(_ reason: String) -> String {
        var text = reason
        for pattern in [#"'[^']*'"#, #"`[^`]*`"#, #"\"[^\"]*\""#] {
            text = text.replacingOccurrences(of: pattern, with: "'…'", options: .regularExpression)
        }
        text = text.replacingOccurrences(of: #"\d+"#, with: "N", options: .regularExpression)
        return String(text.prefix(110))
    }

    // MARK: Report

    /// The per project × dialect × direction table and the causes, most frequent first.
    func report() -> String {
        var lines = ["project dialect direction: matched/rendered (rate), exact layout, empty matched/empty, unrenderable refused/all"]
        for (key, t) in tallies.sorted(by: { $0.key < $1.key }) {
            let rate = t.rendered == 0 ? 100 : 100 * Double(t.matched) / Double(t.rendered)
            lines.append(
                "  \(key): \(t.matched)/\(t.rendered) (\(String(format: "%.1f", rate))%), exact \(t.exact), "
                    + "empty \(t.emptyMatched)/\(t.empty), unrenderable \(t.refused)/\(t.unrenderable)")
        }
        var byCause: [String: [Difference]] = [:]
        for difference in differences { byCause[difference.cause, default: []].append(difference) }
        lines.append("remaining differences by cause (\(differences.count)):")
        for (cause, items) in byCause.sorted(by: { ($0.value.count, $1.key) > ($1.value.count, $0.key) }) {
            let example = items[0]
            lines.append("  \(items.count)  \(cause)")
            lines.append("       e.g. \(example.key) \(example.revision)")
        }
        var despite: [String: Int] = [:]
        for item in renderedWhereAlembicFails { despite[String(item.cause.prefix(while: { $0 != ":" })), default: 0] += 1 }
        if !despite.isEmpty {
            lines.append(
                "rendered where Alembic fails (beginning with what Alembic wrote): "
                    + despite.sorted(by: { $0.key < $1.key }).map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        if !layoutDifferences.isEmpty { lines.append("matching but not byte for byte: \(layoutDifferences.count)") }
        if !implausible.isEmpty {
            lines.append("rendered where Alembic fails, not starting with Alembic's partial output (\(implausible.count)):")
            for item in implausible { lines.append("  \(item.key) \(item.revision): \(item.cause)\n    \(item.detail)") }
        }
        return lines.joined(separator: "\n")
    }

    /// Every difference in full, for working on them (written when RETORT_SQL_REPORT is set).
    func detailedReport() -> String {
        func section(_ title: String, _ items: [Difference]) -> String {
            "## \(title) (\(items.count))\n\n"
                + items.sorted { ($0.cause, $0.key, $0.revision) < ($1.cause, $1.key, $1.revision) }.map {
                    "[\($0.cause)] \($0.key) \($0.revision) \($0.path)\n    \($0.detail)\n"
                }.joined(separator: "\n")
        }
        return [
            section("differences", differences), section("implausible", implausible),
            section("rendered where Alembic fails", renderedWhereAlembicFails), section("layout only", layoutDifferences),
        ].joined(separator: "\n")
    }
}
