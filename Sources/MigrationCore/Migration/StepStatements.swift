/// The statements a step sends, as the run reaches it.
extension LiveBodies {
    /// The statements of `step`: those prepared, or for a step that copies tables, those
    /// written again from the tables as `connection` reads them now (inside the step's
    /// transaction: what Alembic's online batch reflects), which must be the statements
    /// the plan showed. Throws when the table can no longer be copied, or was changed
    /// since the plan was made (nothing of the step has run then).
    public func statements(for step: MigrationStep, on connection: any DatabaseConnection) throws(DatabaseError)
        -> [LiveBody.Statement]
    {
        guard let prepared = body(for: step) else { return [] }
        guard prepared.isWrittenWhenItRuns else { return prepared.statements }
        let reader = LiveSchema.reader(connection)
        var keys = prepared.copiedTables
        if prepared.asksTheDatabase {
            // The Inspector's answers come from every table, as the transaction sees them.
            keys = try reader.tableNames(schema: nil).map { SchemaModel.Key($0, schema: nil) } + keys
        }
        var tables: [LiveTable] = []
        var seen = Set<SchemaModel.Key>()
        for key in keys where seen.insert(key).inserted {
            if let table = try reader.table(key.name, schema: key.schema) { tables.append(table) }
        }
        let what = prepared.copiedTables.isEmpty
            ? "the database" : "table " + prepared.copiedTables.map(\.name).joined(separator: ", ")
        let live = liveStatements(for: step, tables: tables, everyTable: prepared.asksTheDatabase, connection: connection)
        guard let live, live.isInterpretable else {
            let reason = live?.unsupported.first?.reason ?? "it cannot be written"
            throw DatabaseError(.statement, "the statements of \(step.shortLog) cannot be written from \(what) as it is now: \(reason)")
        }
        if Self.firstDifference(live.statements, from: prepared.statements) != nil {
            let asked = prepared.decidedWhenItRuns.isEmpty ? "" : " (" + prepared.decidedWhenItRuns.joined(separator: "; ") + ")"
            throw DatabaseError(
                .statement,
                "\(what) changed since the plan was shown\(asked): the step would now run other statements than "
                    + "the ones confirmed, so it was rolled back and the run stopped; it would run:\n"
                    + live.statements.map { "  " + $0.sql + ";" }.joined(separator: "\n")
                    + "\nrun the command again to see the plan for the database as it is")
        }
        return live.statements
    }

    /// The first statement of `now` that is not the plan's, in words; nil when they agree.
    static func firstDifference(_ now: [LiveBody.Statement], from planned: [LiveBody.Statement]) -> String? {
        for i in 0..<max(now.count, planned.count) {
            let current = i < now.count ? now[i].sql : nil
            let shown = i < planned.count ? planned[i].sql : nil
            if current != shown { return current ?? "nothing, where the plan has \(shown ?? "")" }
        }
        return nil
    }
}
