/// Rows a migration reads from the database it runs on (`conn.execute(sa.text("SELECT
/// ...")).fetchall()`, `.scalar()`, `.first()`, loops over the result), answered in a live
/// run by `hooks.query` inside the step's transaction. Offline there is no database, as
/// in Alembic's `--sql`: the result stays unknown.
///
/// A result is followed as SQLAlchemy's `CursorResult` is used once: its rows, their
/// first column (`scalars()`), or dicts (`mappings()`). A row is a tuple whose columns
/// are also attributes (`row.id`).
extension Evaluator {
    static let rowsKind = "op.rows"
    static let rowKind = "op.row"
    static let scalarsKind = "op.scalars"

    /// `bind.execute(statement, params)` answered by the database, or nil when the hook
    /// says it is not a read (the statement then runs as an operation).
    mutating func readRows(_ arguments: [PyValue], line: Int) throws -> PyValue? {
        guard let query = hooks.query, let statement = arguments.first else {
            if !offline { askedWithoutSchema = true }  // a live run answers it with the database
            return nil
        }
        // The database answers as it is before the function runs: a read after the
        // function's own statements would not see what they change (the hook refuses it).
        let request = QueryRequest(
            statement: statement, parameters: Array(arguments.dropFirst()), line: line,
            afterStatementAt: sinks.flatMap({ $0 }).first?.line)
        switch query(request) {
        case .notARead:
            return nil
        case .unknown(let reason):
            return .unknown(unsupportedHere(line, reason))
        case .rows(let sql, let result):
            let at = scriptLine ?? line
            if !queries.contains(where: { $0.line == at && $0.question == sql }) { queries.append(Inspection(line: at, question: sql)) }
            let rows = result.rows.map { values -> PyValue in
                let items = values.map { Self.pythonValue($0, line: line) }
                return .object(
                    LibraryObject(
                        kind: Self.rowKind, arguments: items,
                        keywords: zip(result.columns, items).map { LibraryObject.Keyword(name: $0, value: $1) }, line: line))
            }
            return .object(LibraryObject(kind: Self.rowsKind, arguments: rows, line: line))
        }
    }

    /// `execute(text("... :id"), {"id": 1})` as `text("... :id").bindparams(id=1)`; nil when
    /// the parameters are not one dict of names (or the statement not `sa.text`).
    static func withParameters(_ statement: PyValue, _ parameters: [PyValue], line: Int) -> PyValue? {
        guard parameters.count == 1, case .dict(let entries) = parameters[0], case .object(let text) = statement,
            text.kind == "sqlalchemy.text"
        else { return nil }
        var keywords: [LibraryObject.Keyword] = []
        for entry in entries {
            guard case .string(let name) = entry.key else { return nil }
            keywords.append(LibraryObject.Keyword(name: name, value: entry.value))
        }
        return .object(LibraryObject(kind: ".bindparams", keywords: keywords, receiver: statement, line: line))
    }

    /// A value as the DB-API driver gives it to Python.
    func pythonValue(_ value: DatabaseValue, line: Int) -> PyValue { Self.pythonValue(value, line: line, path: path) }

    static func pythonValue(_ value: DatabaseValue, line: Int, path: String = "") -> PyValue {
        switch value {
        case .null: return .none
        case .integer(let n): return .int(n)
        case .real(let x): return .float(x)
        case .text(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .decimal(let s): return .object(LibraryObject(kind: "decimal.Decimal", arguments: [.string(s)], line: line))
        case .other(let type):
            return .unknown(Unsupported(path: path, line: line, reason: "a \(type) value read from the database (not supported yet)"))
        }
    }

    /// The items a result, its scalars or a row give when iterated; nil for other values.
    func rowItems(_ value: PyValue) -> [PyValue]? {
        guard case .object(let object) = value else { return nil }
        switch object.kind {
        case Self.rowsKind, Self.scalarsKind, Self.rowKind: return object.arguments
        default: return nil
        }
    }

    /// Methods of a result, of its scalars and of a row.
    func rowMethod(_ object: LibraryObject, _ name: String, _ arguments: [PyValue], line: Int) -> PyValue? {
        let items = object.arguments
        func one(_ exactly: Bool) -> PyValue {
            guard items.count == 1 || (!exactly && items.count <= 1) else {
                let what = items.isEmpty ? "no row" : "\(items.count) rows"
                return .unknown(unsupportedHere(line, "\(name)() of a result with \(what) raises"))
            }
            return items.first ?? .none
        }
        switch (object.kind, name) {
        case (Self.rowsKind, "fetchall"), (Self.rowsKind, "all"), (Self.scalarsKind, "all"), (Self.scalarsKind, "fetchall"):
            return .list(items)
        case (Self.rowsKind, "first"), (Self.scalarsKind, "first"):
            return items.first ?? .none
        case (Self.rowsKind, "one"), (Self.scalarsKind, "one"): return one(true)
        case (Self.rowsKind, "one_or_none"), (Self.scalarsKind, "one_or_none"): return one(false)
        case (Self.rowsKind, "scalar"):
            guard case .object(let row)? = items.first else { return .none }
            return row.arguments.first ?? .none
        case (Self.rowsKind, "scalar_one"), (Self.rowsKind, "scalar_one_or_none"):
            let row = one(name == "scalar_one")
            guard case .object(let first) = row else { return row }
            return first.arguments.first ?? .none
        case (Self.rowsKind, "scalars"):
            let column = arguments.first.flatMap { if case .int(let i) = $0 { return i } else { return nil } } ?? 0
            let values = items.map { row -> PyValue in
                guard case .object(let r) = row, column < r.arguments.count else { return .none }
                return r.arguments[column]
            }
            return .object(LibraryObject(kind: Self.scalarsKind, arguments: values, line: line))
        case (Self.rowsKind, "mappings"):
            return .list(items.map { row in
                guard case .object(let r) = row else { return row }
                return .dict(r.keywords.map { PyValue.DictEntry(key: .string($0.name), value: $0.value) })
            })
        case (Self.rowKind, "_asdict"):
            return .dict(object.keywords.map { PyValue.DictEntry(key: .string($0.name), value: $0.value) })
        case (Self.rowsKind, _), (Self.scalarsKind, _):
            // fetchone() and fetchmany() move a cursor, which is not followed.
            return .unknown(unsupportedHere(line, "result.\(name)() is not supported yet"))
        default:
            return nil
        }
    }

    /// `row.column` and `row._mapping`.
    func rowAttribute(_ object: LibraryObject, _ name: String, line: Int) -> PyValue? {
        guard object.kind == Self.rowKind else { return nil }
        if name == "_mapping" {
            return .dict(object.keywords.map { PyValue.DictEntry(key: .string($0.name), value: $0.value) })
        }
        if name == "_asdict" { return .method(receiver: .object(object), name: name) }
        return object.keyword(name) ?? .unknown(unsupportedHere(line, "the row has no column \(name) (AttributeError)"))
    }
}
