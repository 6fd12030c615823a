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
        guard !prepared.copiedTables.isEmpty else { return prepared.statements }
        let reader = LiveSchema.reader(connection)
        var tables: [LiveTable] = []
        for key in prepared.copiedTables {
            if let table = try reader.table(key.name, schema: key.schema) { tables.append(table) }
        }
        let names = prepared.copiedTables.map(\.name).joined(separator: ", ")
        let live = liveStatements(for: step, tables: tables)
        guard let live, live.isInterpretable else {
            let reason = live?.unsupported.first?.reason ?? "it cannot be written"
            throw DatabaseError(.statement, "the table copy of \(names) cannot be written from the table as it is now: \(reason)")
        }
        if let differing = Self.firstDifference(live.statements, from: prepared.statements) {
            throw DatabaseError(
                .statement,
                "table \(names) changed since the plan was shown: the copy written from it now is not the one "
                    + "confirmed (it would run: \(DatabaseError.excerpt(differing))); run the command again to see "
                    + "the plan for the table as it is")
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
