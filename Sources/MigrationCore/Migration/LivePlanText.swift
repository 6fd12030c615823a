/// A live run's plan in words, shown before anything is applied: each step with its
/// revision, direction, message and statement count, what it does to the version table,
/// the operations that can destroy data, and the statements that run outside a
/// transaction.
public enum LivePlanText {
    public struct Context: Sendable {
        /// The database, its URL masked.
        public var database: String
        public var table: VersionTable
        public var dialect: Dialect
        public var transactions: TransactionMode
        /// Whether the version table exists yet (Alembic creates it on the first run).
        public var tableExists: Bool
        /// Whether the plan is rehearsed rather than applied.
        public var rehearsal = false

        public init(database: String, table: VersionTable, dialect: Dialect, transactions: TransactionMode, tableExists: Bool) {
            self.database = database
            self.table = table
            self.dialect = dialect
            self.transactions = transactions
            self.tableExists = tableExists
        }
    }

    public static func render(
        _ plan: MigrationPlan, previews: [StepPreview], graph: RevisionGraph, _ context: Context, drift: DriftReport? = nil
    ) -> String {
        let table = context.table.qualifiedName(context.dialect)
        let noun = plan.command == .stamp ? "step" : "migration"
        var out = "\(title(plan)) on \(context.database): \(count(plan.steps.count, noun))"
        if context.rehearsal {
            out += ", rehearsed in one transaction that is rolled back"
        } else if !plan.steps.isEmpty && plan.command != .stamp {
            switch (context.transactions, context.dialect) {
            case (.all, _): out += ", in one transaction"
            case (.perMigration, .sqlite) where plan.steps.count > 1:
                let interval = MigrationLock.seconds(MigrationSession.sqliteGroupCommitInterval)
                out += ", each atomic, committed together every \(interval)"
            case (.perMigration, _), (.commitEach, _): out += ", one transaction each"
            }
        }
        out += "\n"
        if !context.tableExists { out += "  \(table) does not exist yet: it is created first, as Alembic creates it\n" }
        if plan.purge { out += "  every row of \(table) is deleted first (--purge)\n" }
        if context.dialect == .mysql, plan.command != .stamp, !plan.steps.isEmpty {
            out += "  MySQL commits each DDL statement as it runs: a migration that fails part-way leaves what it ran "
                + "before the failure applied, and its version row unwritten\n"
        }
        for line in drift?.lines ?? [] { out += "  \(line)\n" }
        let width = String(plan.steps.count).count
        for (index, step) in plan.steps.enumerated() {
            let number = String(repeating: " ", count: width - String(index + 1).count) + "\(index + 1)"
            let preview = index < previews.count ? previews[index] : StepPreview(statementCount: nil)
            var line = "  \(number). \(step.shortLog)"
            if let node = step.node {
                let message = graph.revisions[node].message.split(separator: "\n").first.map(String.init) ?? ""
                if !message.isEmpty { line += ", " + message }
            }
            if let reason = preview.throughAlembic {
                line += ": through the project's Alembic (\(reason))"
            } else if step.action != .stamp {
                line += ": " + (preview.statementCount.map { count($0, "statement") } ?? "statements unknown")
            }
            line += "; \(context.table.name): " + step.versionChanges.map(describe).joined(separator: ", ")
            out += line + "\n"
            let indent = String(repeating: " ", count: width + 6)
            for operation in preview.destructive {
                out += "\(indent)destructive, line \(operation.line): \(operation.description)\n"
            }
            for statement in preview.outsideTransaction {
                out += "\(indent)outside a transaction, line \(statement.line) (\(statement.outsideTransaction ?? "")): "
                    + DatabaseError.excerpt(statement.sql) + "\n"
            }
            for warning in preview.warnings {
                out += "\(indent)note: \(warning)\n"
            }
            if !preview.outsideTransaction.isEmpty {
                out += "\(indent)(what comes before it is committed first; the version row is written right after the step)\n"
            }
        }
        out += "  \(context.table.name) afterwards: \(rows(plan.finalHeads))"
        if plan.startingHeads.sorted() != plan.finalHeads.sorted() || plan.purge {
            out += " (now: \(rows(plan.startingHeads)))"
        }
        return out + "\n"
    }

    /// `Upgrade to head`, `Downgrade to -1`, `Stamp a b`.
    static func title(_ plan: MigrationPlan) -> String {
        let targets = plan.destinations.joined(separator: " ")
        switch plan.command {
        case .upgrade: return "Upgrade to \(targets)"
        case .downgrade: return "Downgrade to \(targets)"
        case .stamp: return "Stamp \(targets)"
        }
    }

    public static func describe(_ change: VersionChange) -> String {
        switch change {
        case .insert(let id): return "insert \(id)"
        case .update(let from, let to): return "\(from) -> \(to)"
        case .delete(let id): return "delete \(id)"
        }
    }

    public static func rows(_ ids: [String]) -> String {
        ids.isEmpty ? "no row" : ids.joined(separator: ", ")
    }

    public static func count(_ n: Int, _ noun: String) -> String {
        n == 1 ? "1 \(noun)" : "\(n) \(noun)s"
    }
}
