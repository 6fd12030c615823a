/// The few raw DDL statements whose effect on the schema is certain without parsing SQL:
/// `DROP TABLE [IF EXISTS] t [CASCADE]` and `ALTER TABLE a RENAME TO b` (how projects that
/// copy a table by hand finish the copy). Anything else stays raw SQL, which makes the
/// tables it names uncertain (SchemaModel.noteRawSQL).
enum RawTableDDL: Equatable {
    case dropTable(String, cascade: Bool, ifExists: Bool)
    case renameTable(String, to: String)

    /// The statement, if it is one of these and nothing else.
    static func parse(_ sql: String) -> RawTableDDL? {
        var text = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasSuffix(";") { text.removeLast() }
        guard !text.contains(";"), !text.contains("--"), !text.contains("/*") else { return nil }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).map(String.init)
        func keyword(_ i: Int, _ word: String) -> Bool { i < words.count && words[i].uppercased() == word }
        func identifier(_ i: Int) -> String? {
            guard i < words.count else { return nil }
            let word = words[i]
            if word.hasPrefix("\""), word.hasSuffix("\""), word.count >= 2 {
                let inner = String(word.dropFirst().dropLast())
                return inner.contains("\"") || inner.contains(".") ? nil : inner
            }
            // An unquoted name folds to lower case; schema-qualified names are not followed.
            guard word.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
            return word.lowercased()
        }
        if keyword(0, "DROP"), keyword(1, "TABLE") {
            var i = 2
            let ifExists = keyword(2, "IF") && keyword(3, "EXISTS")
            if ifExists { i = 4 }
            guard let name = identifier(i) else { return nil }
            let rest = words.dropFirst(i + 1).map { $0.uppercased() }
            guard rest.isEmpty || rest == ["CASCADE"] || rest == ["RESTRICT"] else { return nil }
            return .dropTable(name, cascade: rest == ["CASCADE"], ifExists: ifExists)
        }
        if keyword(0, "ALTER"), keyword(1, "TABLE"), words.count == 6, keyword(3, "RENAME"), keyword(4, "TO"),
            let old = identifier(2), let new = identifier(5)
        {
            return .renameTable(old, to: new)
        }
        return nil
    }
}
