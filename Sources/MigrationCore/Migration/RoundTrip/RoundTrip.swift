import Foundation

/// `check --roundtrip`: on a scratch database, for each revision in order, upgrade, read
/// the schema, downgrade, compare with the schema before the upgrade, upgrade again. A
/// revision whose downgrade does not put back what was there is named, with the
/// differences.
public enum RoundTrip {
    /// One revision's round trip.
    public struct Result: Sendable, Equatable {
        public var revision: String
        /// What the downgrade left different from before the upgrade, in words.
        public var differences: [String] = []
        /// Why the downgrade could not run (its error, or why Retort cannot write it).
        public var downgradeFailure: String?
        /// Why the upgrade failed when run again after its downgrade.
        public var upgradeAgainFailure: String?

        public var roundTrips: Bool { differences.isEmpty && downgradeFailure == nil && upgradeAgainFailure == nil }
    }

    public struct Report: Sendable {
        /// The scratch database, in words (`a scratch SQLite file`).
        public var scratch: String
        /// One per revision checked, in order.
        public var results: [Result] = []
        /// Why the check stopped before the end: an upgrade that fails or cannot be read
        /// (the revisions after it stand on it).
        public var stopped: String?
        /// Whether it stopped at an upgrade Retort cannot write (rather than one that fails).
        public var stoppedAtRefusal = false

        public var passed: Bool { stopped == nil && results.allSatisfy(\.roundTrips) }

        public var text: String {
            var lines: [String] = []
            for result in results where !result.roundTrips {
                lines.append("\(result.revision): the downgrade does not restore the schema:")
                if let failure = result.downgradeFailure { lines.append("    the downgrade fails: \(failure)") }
                lines += result.differences.map { "    " + $0 }
                if let failure = result.upgradeAgainFailure { lines.append("    the upgrade fails when run again: \(failure)") }
            }
            if let stopped { lines.append("Stopped: \(stopped)") }
            let failed = results.filter { !$0.roundTrips }.count
            let count = results.count
            let summary =
                failed == 0
                ? "\(count) revision\(count == 1 ? "" : "s") round-trip"
                : "\(failed) of \(count) revision\(count == 1 ? "" : "s") do\(failed == 1 && count == 1 ? "es" : "") not round-trip"
            lines.append((passed ? "OK: " : "FAILED: ") + summary + " on \(scratch)")
            return lines.joined(separator: "\n") + "\n"
        }

        public func json() -> JSONValue {
            .object([
                ("scratch", .string(scratch)), ("passed", .bool(passed)), ("stopped", stopped.map(JSONValue.string) ?? .null),
                (
                    "revisions",
                    .array(
                        results.map { result in
                            .object([
                                ("revision", .string(result.revision)), ("round_trips", .bool(result.roundTrips)),
                                ("downgrade_failure", result.downgradeFailure.map(JSONValue.string) ?? .null),
                                ("upgrade_again_failure", result.upgradeAgainFailure.map(JSONValue.string) ?? .null),
                                ("differences", .array(result.differences.map(JSONValue.string))),
                            ])
                        })
                ),
            ])
        }
    }

    /// Runs the round trip of `checked` (nodes, any order) on `connection`, an empty
    /// scratch database: every revision they stand on is upgraded first, in the order
    /// `upgrade` runs them. `progress` hears each revision as it starts.
    public static func run(
        _ graph: RevisionGraph, checked: Set<Int>, connection: any DatabaseConnection, serverVersion: Int?,
        versionTable: VersionTable, scratch: String, progress: (String) -> Void = { _ in }
    ) throws -> Report {
        let dialect = connection.dialect
        let executor = NativeExecutor(bodies: LiveBodies(graph: graph, dialect: dialect, serverVersion: serverVersion))
        var session = MigrationSession(
            connection: connection, versionTable: versionTable, transactions: .perMigration, lockTimeout: 10)
        session.groupCommitInterval = 0
        var rows: [String] = []
        var report = Report(scratch: scratch)

        /// Prepares and runs one plan; the refusal or the failure as text.
        var refused = false
        func apply(_ plan: MigrationPlan) -> String? {
            refused = false
            do {
                let previews = try executor.prepare(
                    plan.steps, live: LiveTableCache(reader: LiveSchema.reader(connection), connection: connection))
                if let refusal = previews.compactMap(\.refusal).first {
                    refused = true
                    return refusal
                }
                _ = try executor.run(plan, in: session, events: { _ in })
                rows = plan.finalHeads
                return nil
            } catch let error as MigrationRunError {
                return error.description
            } catch {
                return "\(error)"
            }
        }
        func snapshot(_ scope: Set<String>?) throws -> SchemaSnapshot {
            do {
                return try SchemaSnapshot.read(connection, scope: scope, versionTable: versionTable)
            } catch {
                throw CommandFailure(.database, "cannot read the scratch database's tables: \(error.summary)")
            }
        }

        let everything = Set(graph.ancestors(of: Array(checked)))
        let order = Array(graph.topologicalSort(everything, heads: graph.heads.filter(everything.contains)).reversed())
        for node in order {
            let revision = graph.revisions[node]
            let up: MigrationPlan
            do {
                up = try MigrationPlan.upgrade(graph, to: revision.id, from: rows)
            } catch {
                report.stopped = "cannot plan the upgrade to \(revision.id): \(error)"
                return report
            }
            guard checked.contains(node) else {
                if let failure = apply(up) {
                    report.stopped = "the upgrade of \(revision.id) fails, so nothing after it is checked: \(failure)"
                    report.stoppedAtRefusal = refused
                    return report
                }
                continue
            }
            progress(revision.id)
            let scope = Self.scope(revision, dialect: dialect)
            let before = try snapshot(scope)
            if let failure = apply(up) {
                report.stopped = "the upgrade of \(revision.id) fails, so nothing after it is checked: \(failure)"
                report.stoppedAtRefusal = refused
                return report
            }
            var result = Result(revision: revision.id)
            // The heads with the revision applied: what the scratch database is rebuilt to.
            let applied = rows
            let down: MigrationPlan
            do {
                down = try MigrationPlan.downgradeOne(graph, node: node, from: rows)
            } catch {
                result.downgradeFailure = "cannot plan it: \(error)"
                report.results.append(result)
                continue
            }
            if let failure = apply(down) {
                // The failed downgrade rolled back: the revision is still applied.
                result.downgradeFailure = failure
                report.results.append(result)
                continue
            }
            result.differences = before.differences(
                try snapshot(scope), before: "before the upgrade", after: "after the downgrade")
            if result.differences.isEmpty, let failure = apply(up) { result.upgradeAgainFailure = failure }
            report.results.append(result)
            if !result.roundTrips {
                // What the downgrade left would be in the way of the revisions after it:
                // the scratch database is emptied and the history applied again up to here.
                do {
                    try empty(connection)
                } catch {
                    throw CommandFailure(.database, "cannot empty the scratch database: \(error.summary)")
                }
                rows = []
                // Every branch applied so far, not only the revision's own line.
                for head in applied {
                    let again = try? MigrationPlan.upgrade(graph, to: head, from: rows)
                    if let failure = again.map(apply) ?? "cannot plan it" {
                        report.stopped = "the upgrade to \(head) on an emptied scratch database fails: \(failure)"
                        return report
                    }
                }
            }
        }
        return report
    }

    /// Drops everything a run made: every table and view of an SQLite file; the current
    /// schema of a PostgreSQL scratch database, made again empty.
    static func empty(_ connection: any DatabaseConnection) throws(DatabaseError) {
        switch connection.dialect {
        case .postgresql:
            let schema = try connection.query("SELECT current_schema()").first?.first ?? nil
            guard let schema else { return }
            let quoted = Dialect.postgresql.quote(schema)
            _ = try connection.execute("DROP SCHEMA \(quoted) CASCADE")
            _ = try connection.execute("CREATE SCHEMA \(quoted)")
        default:
            let objects = try connection.query(
                "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table') AND name NOT LIKE 'sqlite~_%' ESCAPE '~' "
                    + "ORDER BY type = 'table'")
            for object in objects {
                guard let type = object[0], let name = object[1] else { continue }
                _ = try connection.execute("DROP \(type.uppercased()) IF EXISTS \(Dialect.sqlite.quote(name))")
            }
        }
    }

    /// The tables a revision's functions name, whose shapes the round trip compares; nil
    /// (every table) when a function runs raw SQL or names an index without its table.
    static func scope(_ revision: Revision, dialect: Dialect) -> Set<String>? {
        var names = Set<String>()
        for body in RevisionBody.renderBoth(revision, dialect: dialect, offline: false) {
            guard body.isInterpretable else { return nil }
            for operation in body.operations {
                switch operation.kind {
                case .execute(.text), .execute(.expression), .dropIndex(_, nil, _, _, _): return nil
                default: names.formUnion(TouchedTables.of(operation).map(\.name))
                }
            }
        }
        return names
    }
}
