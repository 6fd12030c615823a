import Foundation

/// What SQLAlchemy's SQLite dialect reads from the `CREATE TABLE` text SQLite keeps in
/// `sqlite_master` (sqlalchemy/dialects/sqlite/base.py, 2.1): the primary key's name,
/// the names and options of foreign keys, UNIQUE and CHECK constraints, table options
/// and generated columns' expressions. The patterns are SQLAlchemy's own, so that
/// Retort finds exactly what Alembic's reflection finds, and misses what it misses.
enum SQLiteTableText {
    /// `get_pk_constraint`: the name after `CONSTRAINT` before `PRIMARY KEY`.
    static func primaryKeyName(_ sql: String) -> String? {
        guard let match = primaryKey.search(sql) else { return nil }
        return match[1] ?? match[2]
    }

    /// One table-level `FOREIGN KEY` clause (`parse_fks` of `get_foreign_keys`).
    struct ForeignKeyClause: Equatable {
        var name: String?
        var columns: [String]
        var referredTable: String
        var referredColumns: [String]
        var onDelete: String?
        var onUpdate: String?
        var deferrable: Bool?
        var initially: String?
    }

    static func foreignKeys(_ sql: String) -> [ForeignKeyClause] {
        foreignKey.all(sql).map { match in
            let columns = self.columns(match[3] ?? "")
            let referred = match[6].map(self.columns) ?? columns
            var clause = ForeignKeyClause(
                name: match[1] ?? match[2], columns: columns, referredTable: match[4] ?? match[5] ?? "",
                referredColumns: referred.isEmpty ? columns : referred)
            let actions = (match[7] ?? "").uppercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for token in onSplit.split(actions) {
                let word = token
                if word.hasPrefix("DELETE") {
                    let action = String(word.dropFirst(6)).trimmingCharacters(in: .whitespaces)
                    if !action.isEmpty && action != "NO ACTION" { clause.onDelete = action }
                } else if word.hasPrefix("UPDATE") {
                    let action = String(word.dropFirst(6)).trimmingCharacters(in: .whitespaces)
                    if !action.isEmpty && action != "NO ACTION" { clause.onUpdate = action }
                }
            }
            if let deferrable = match[8] { clause.deferrable = !deferrable.uppercased().contains("NOT") }
            if let initially = match[9] { clause.initially = initially.uppercased() }
            return clause
        }
    }

    /// `parse_uqs` of `get_unique_constraints`: table-level `UNIQUE (...)` clauses with
    /// their names, then inline `column TYPE UNIQUE` (only where the type is plain words:
    /// `VARCHAR(100) UNIQUE` is not found, as SQLAlchemy does not find it).
    static func uniqueConstraints(_ sql: String) -> [(name: String?, columns: [String])] {
        var result: [(String?, [String])] = unique.all(sql).map { ($0[1] ?? $0[2], columns($0[3] ?? "")) }
        result += inlineUnique.all(sql).map { (nil, columns($0[1] ?? $0[2] ?? "")) }
        return result
    }

    /// `get_check_constraints`: every CHECK, named or not, its text inside the
    /// parentheses (found by quote-aware paren matching), sorted by name, unnamed last.
    static func checkConstraints(_ sql: String) -> [(name: String?, text: String)] {
        let utf16 = Array(sql.utf16)
        var result: [(name: String?, text: String)] = []
        for match in check.all(sql) {
            let open = match.range.location + match.range.length - 1
            guard let close = matchingParen(utf16, open) else { continue }
            let body = String(decoding: utf16[(open + 1)..<close], as: UTF16.self).trimmingCharacters(in: .whitespacesAndNewlines)
            var name = match[1]
            if let quoted = name, let unquoted = quotedName.matchAtStart(quoted), unquoted.range.length == (quoted as NSString).length {
                name = unquoted[2] ?? unquoted[3]
            }
            result.append((name, body))
        }
        // Python's sort is stable; SQLAlchemy sorts by name with "~" for the unnamed.
        return result.enumerated().sorted { a, b in
            let (x, y) = (a.element.name ?? "~", b.element.name ?? "~")
            return x == y ? a.offset < b.offset : x < y
        }.map(\.element)
    }

    /// `get_table_options`: `WITHOUT ROWID` and `STRICT` after the closing parenthesis,
    /// as the keywords SQLAlchemy's DDL takes back (`sqlite_with_rowid`, `sqlite_strict`).
    static func tableOptions(_ sql: String) -> [String: String] {
        guard let match = options.search(sql.trimmingCharacters(in: .whitespacesAndNewlines)) else { return [:] }
        var result: [String: String] = [:]
        if match[1] != nil { result["sqlite_with_rowid"] = "False" }
        if match[2] != nil { result["sqlite_strict"] = "True" }
        return result
    }

    /// `_get_column_info`: the expression of a generated column, from the column list.
    static func generatedExpression(column: String, in sql: String) -> String {
        guard let body = columnList.matchAtStart(sql.trimmingCharacters(in: .whitespacesAndNewlines))?[1] else { return "" }
        let inner = body.trimmingCharacters(in: .whitespacesAndNewlines)
        let pattern = PythonPattern(
            NSRegularExpression.escapedPattern(for: column) + #"[^,]*\s+GENERATED\s+ALWAYS\s+AS\s+\((.*)\)\s*(?:virtual|stored)?"#,
            ignoreCase: true)
        return pattern.search(inner)?[1] ?? ""
    }

    /// `_find_cols_in_sig`: the names in a column list, quoted or not.
    static func columns(_ signature: String) -> [String] {
        columnName.all(signature).compactMap { $0[1] ?? $0[2] }
    }

    /// The elements of `CREATE [UNIQUE] INDEX name ON table (a, b + c) [WHERE ...]`, each
    /// as written with its blanks collapsed; nil when the text is not read.
    static func indexElements(_ sql: String) -> [String]? {
        let text = Array(sql.utf16)
        guard let on = sql.range(of: " ON ", options: .caseInsensitive),
            let open = text[sql.utf16.distance(from: sql.utf16.startIndex, to: on.upperBound.samePosition(in: sql.utf16) ?? sql.utf16.endIndex)...]
                .firstIndex(of: 40),
            let close = matchingParen(text, open)
        else { return nil }
        var elements: [String] = []
        var depth = 0
        var quote: UInt16?
        var current: [UInt16] = []
        for c in text[(open + 1)..<close] {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == 39 || c == 34 {
                quote = c
            } else if c == 40 {
                depth += 1
            } else if c == 41 {
                depth -= 1
            } else if c == 44, depth == 0 {
                elements.append(String(decoding: current, as: UTF16.self))
                current = []
                continue
            }
            current.append(c)
        }
        elements.append(String(decoding: current, as: UTF16.self))
        return elements.map { element in
            var text = element.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            // SQLAlchemy puts each expression in parentheses: `((end_time - start_time))`.
            let units = Array(text.utf16)
            if units.first == 40, matchingParen(units, 0) == units.count - 1 {
                text = String(decoding: units[1..<(units.count - 1)], as: UTF16.self)
            }
            return text
        }
    }

    /// `util.find_matching_paren`: the `)` that closes the `(` at `start`, skipping
    /// single- and double-quoted literals (a doubled quote escapes itself).
    static func matchingParen(_ text: [UInt16], _ start: Int) -> Int? {
        let (open, close, single, double) = (UInt16(40), UInt16(41), UInt16(39), UInt16(34))
        var depth = 0
        var quote: UInt16?
        var i = start
        while i < text.count {
            let c = text[i]
            if let q = quote {
                if c == q {
                    if i + 1 < text.count && text[i + 1] == q {
                        i += 2
                        continue
                    }
                    quote = nil
                }
            } else if c == single || c == double {
                quote = c
            } else if c == open {
                depth += 1
            } else if c == close {
                depth -= 1
                if depth == 0 { return i }
            }
            i += 1
        }
        return nil
    }

    // MARK: SQLAlchemy's patterns

    private static let primaryKey = PythonPattern(#"CONSTRAINT\s+(?:"(.+?)"|(\w+))\s+PRIMARY\s+KEY"#, ignoreCase: true)
    private static let foreignKey = PythonPattern(
        #"(?:CONSTRAINT\s+(?:"(.+?)"|(\w+))\s+)?"#
            + #"FOREIGN\s+KEY\s*\(\s*(.+?)\s*\)\s+"#
            + #"REFERENCES\s+(?:(?:"(.+?)")|([a-z0-9_]+))\s*\(\s*((?:"[^"]+"|[a-z0-9_]+)(?:(?:\s*,\s*|\s+)(?:"[^"]+"|[a-z0-9_]+))*\s*)\)\s*"#
            + #"((?:ON\s+(?:DELETE|UPDATE)\s+(?:SET\s+NULL|SET\s+DEFAULT|CASCADE|RESTRICT|NO\s+ACTION)\s*)*)"#
            + #"((?:NOT\s+)?DEFERRABLE)?"#
            + #"(?:\s+INITIALLY\s+(DEFERRED|IMMEDIATE))?"#,
        ignoreCase: true)
    private static let unique = PythonPattern(#"(?:CONSTRAINT\s+(?:"(.+?)"|(\w+))\s+)?UNIQUE\s*\((.+?)\)"#, ignoreCase: true)
    private static let inlineUnique = PythonPattern(
        #"(?:(".+?")|(?:[\[`])?([a-z0-9_]+)(?:[\]`])?)[\t ]+[a-z0-9_]+(?:[\t ]+[a-z0-9_]+)*?[\t ]+UNIQUE"#, ignoreCase: true)
    private static let check = PythonPattern(
        #"(?<![A-Za-z0-9_])(?:CONSTRAINT\s+("(?:[^"]|"")+"|'(?:[^']|'')+'|\[(?:[^\]]|\]\])+\]|`(?:[^`]|``)+`|\S+)\s+)?CHECK\s*\("#,
        ignoreCase: true)
    private static let quotedName = PythonPattern(#"^(["'`])(.+)\1$|^\[(.+)\]$"#, dotAll: true)
    private static let options = PythonPattern(
        #"\)(?:\s*,?\s*(?:(WITHOUT\s+ROWID)|(STRICT)))*\s*$"#, ignoreCase: true)
    private static let columnList = PythonPattern(
        #"create table .*?\((.*)\)(?:\s*,?\s*(?:WITHOUT\s+ROWID|STRICT))*$"#, ignoreCase: true, dotAll: true)
    private static let onSplit = PythonPattern(#" *\bON\b *"#)
    private static let columnName = PythonPattern(#"(?:"(.+?)")|([a-z0-9_]+)"#, ignoreCase: true)
}
