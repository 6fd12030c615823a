import Browser
import Foundation
import MigrationCore

/// The confirmation dialog for a 100-step plan (issue 6: under 200 ms), planned as the
/// browser plans it: rows read, every function rendered for SQLite, the SQL highlighted,
/// and for the downgrade the row counts of the tables it drops read from the database.
enum DialogBench {
    struct Result {
        var steps: Int
        var upgradeSeconds: Double
        var downgradeSeconds: Double
        var warnings: Int
        var refused: Bool

        var json: String {
            """
            {"steps": \(steps), "upgrade_ms": \(Timings.milliseconds(upgradeSeconds)), \
            "downgrade_ms": \(Timings.milliseconds(downgradeSeconds)), "warnings": \(warnings), "refused": \(refused)}
            """
        }
    }

    /// Median of `runs` plans of each direction, on a throwaway SQLite database.
    static func measure(_ graph: RevisionGraph, rows: [Int], runs: Int) throws -> Result? {
        // The newest revision with 100 revisions under it (itself included), and its base.
        guard let top = rows.reversed().first(where: { graph.ancestors(of: [$0]).count >= 100 }) else { return nil }
        let line = graph.ancestors(of: [top])
        guard let bottom = line.first(where: { graph.parentNodes(of: $0).isEmpty }) else { return nil }
        let directory = NSTemporaryDirectory() + "retort-dialog-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var settings = LiveMigration.Settings()
        settings.currentDirectory = directory
        let url = try DatabaseURL("sqlite:///bench.db")

        var upgrade: [Double] = []
        var planned: ActionPlanner.Planned?
        for _ in 0..<runs {
            let start = Timings.now()
            planned = try ActionPlanner.plan(.upgrade, node: top, graph: graph, url: url, settings: settings)
            upgrade.append(Timings.now() - start)
        }
        guard let plan = planned else { return nil }
        if plan.dialog.refusal != nil {
            return Result(
                steps: plan.plan.steps.count, upgradeSeconds: median(upgrade), downgradeSeconds: 0,
                warnings: plan.dialog.warningLines.count, refused: true)
        }
        // Apply it (not timed), so that the downgrade has tables with rows to count.
        _ = ActionRunner.run(plan, graph: graph, settings: settings, progress: { _ in })
        var downgrade: [Double] = []
        var back: ActionPlanner.Planned?
        for _ in 0..<runs {
            let start = Timings.now()
            back = try ActionPlanner.plan(.downgrade, node: bottom, graph: graph, url: url, settings: settings)
            downgrade.append(Timings.now() - start)
        }
        return Result(
            steps: plan.plan.steps.count, upgradeSeconds: median(upgrade), downgradeSeconds: median(downgrade),
            warnings: back?.dialog.warningLines.count ?? 0, refused: back?.dialog.refusal != nil)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }
}
