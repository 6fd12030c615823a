#if canImport(Glibc)
    import Glibc
#endif

/// Reads a revision script's metadata from its syntax tree, without running it.
///
/// Alembic imports the module and reads `revision`, `down_revision`, `branch_labels` and
/// `depends_on`. This reader follows the module's top-level statements in order, keeping
/// the values it can know statically (literals, and names bound to literals earlier in
/// the same file). A value that comes from an import or a computation is unknown: the
/// revision is kept, the field is treated as empty, and a warning says where and why.
public enum RevisionScriptReader {
    /// A script read as a revision, or not, and what was wrong with it.
    public struct Outcome: Sendable {
        public var revision: Revision?
        public var problems: [ScriptProblem]
    }

    /// Reads, parses and interprets the script at `path`.
    public static func read(path: String) -> Outcome {
        let source: [UInt8]
        do {
            source = try FileBytes.read(path)
        } catch {
            return Outcome(
                revision: nil,
                problems: [ScriptProblem(severity: .error, path: path, line: 1, column: 1, message: "\(error)")])
        }
        return read(source: source, path: path)
    }

    /// Parses `source` and interprets its metadata.
    public static func read(source: [UInt8], path: String) -> Outcome {
        do {
            let module = try PythonParser.parse(source, path: path)
            return read(module: module, source: source, path: path)
        } catch let error as PythonSyntaxError {
            return Outcome(revision: nil, problems: [ScriptProblem(error)])
        } catch {
            return Outcome(
                revision: nil,
                problems: [ScriptProblem(severity: .error, path: path, line: 1, column: 1, message: "\(error)")])
        }
    }

    /// Interprets the metadata of an already parsed module.
    public static func read(module: Module, source: [UInt8] = [], path: String) -> Outcome {
        var scope = ModuleScope()
        scope.run(module.body)
        var problems: [ScriptProblem] = []
        func warn(_ field: String, _ unknown: ModuleScope.Unknown) {
            problems.append(
                ScriptProblem(
                    severity: .warning, path: path, line: unknown.location.line, column: unknown.location.column,
                    message: "\(field) cannot be known without running Python (\(unknown.reason)); treated as empty",
                    lineText: FileBytes.lineText(source, line: unknown.location.line)))
        }

        let fileName = ProjectPath.lastComponent(path)
        let id: String
        switch scope[value: "revision"] {
        case .string(let text)?:
            id = text
        case .unknown(let unknown)?:
            problems.append(
                ScriptProblem(
                    severity: .error, path: path, line: unknown.location.line, column: unknown.location.column,
                    message: "revision id cannot be known without running Python (\(unknown.reason))",
                    lineText: FileBytes.lineText(source, line: unknown.location.line)))
            return Outcome(revision: nil, problems: problems)
        case .some(let other):
            let location = scope[location: "revision"] ?? SourceLocation(line: 1, column: 1)
            problems.append(
                ScriptProblem(
                    severity: .error, path: path, line: location.line, column: location.column,
                    message: "revision must be a string, not \(other.typeName)",
                    lineText: FileBytes.lineText(source, line: location.line)))
            return Outcome(revision: nil, problems: problems)
        case nil:
            // Alembic 0.1 named files after the revision id; it still accepts that.
            guard let legacy = legacyRevision(fileName: fileName) else {
                problems.append(
                    ScriptProblem(
                        severity: .error, path: path, line: 1, column: 1,
                        message: "Could not determine revision id from filename \(fileName). Be sure the 'revision' "
                            + "variable is declared inside the script (please see 'Upgrading from Alembic 0.1 to 0.2' "
                            + "in the documentation)."))
                return Outcome(revision: nil, problems: problems)
            }
            id = legacy
        }

        func idList(_ field: String) -> [String] {
            switch scope[value: field] {
            case nil, .none?: return []
            case .unknown(let unknown)?:
                warn(field, unknown)
                return []
            case .some(let value):
                if let list = value.stringList { return list }
                let location = scope[location: field] ?? SourceLocation(line: 1, column: 1)
                warn(field, .init(reason: "a \(value.typeName) is not a revision id or a list of them", location: location))
                return []
            }
        }

        let longDoc = module.docstring.map(PythonText.strip) ?? ""
        var revision = Revision(
            id: id, downRevisions: idList("down_revision"), dependencies: idList("depends_on"),
            branchLabels: idList("branch_labels"), path: path, longDoc: longDoc,
            createDate: createDate(in: longDoc))
        for statement in module.body {
            if case .functionDef(let function) = statement.kind {
                if function.name == "upgrade" { revision.upgradeLine = statement.location.line }
                if function.name == "downgrade" { revision.downgradeLine = statement.location.line }
            }
        }
        revision.upgradeIsEmpty = isEmptyFunction("upgrade", in: module, scope: scope)
        revision.downgradeIsEmpty = isEmptyFunction("downgrade", in: module, scope: scope)
        return Outcome(revision: revision, problems: problems)
    }

    /// Whether the module's final binding of `name` is a top-level `def` that does nothing
    /// when called: its body holds only `pass`, string constants (docstrings) and `...`.
    static func isEmptyFunction(_ name: String, in module: Module, scope: ModuleScope) -> Bool {
        // The last binding wins in Python; only a plain `def` can be judged statically.
        guard case .other("function")? = scope[value: name], let location = scope[location: name] else { return false }
        for statement in module.body where statement.location == location {
            guard case .functionDef(let function) = statement.kind, function.name == name, !function.isAsync,
                function.decorators.isEmpty
            else { return false }
            return function.body.allSatisfy { statement in
                switch statement.kind {
                case .pass: return true
                case .expression(let expression):
                    if case .constant(.string) = expression.kind { return true }
                    if case .constant(.ellipsis) = expression.kind { return true }
                    return false
                default: return false
                }
            }
        }
        return false
    }

    /// Alembic's legacy rule: a file named `<hex>.py` is that revision.
    static func legacyRevision(fileName: String) -> String? {
        guard fileName.hasSuffix(".py") else { return nil }
        let stem = fileName.dropLast(3)
        guard !stem.isEmpty, stem.allSatisfy({ ("0"..."9").contains($0) || ("a"..."f").contains($0) }) else {
            return nil
        }
        return String(stem)
    }

    /// The value of a `Create Date:` line in the docstring.
    static func createDate(in doc: String) -> String? {
        // Find the marker by bytes first: most docstrings are scanned only once, cheaply.
        var copy = doc
        return copy.withUTF8 { createDate(in: $0) }
    }

    private static func createDate(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let marker: StaticString = "Create Date:"
        let length = marker.utf8CodeUnitCount
        guard bytes.count >= length else { return nil }
        func isMarker(at i: Int) -> Bool {
            memcmp(bytes.baseAddress! + i, marker.utf8Start, length) == 0
        }
        var i = 0
        while i <= bytes.count - length {
            let atLineStart = i == 0 || bytes[i - 1] == 0x0A || bytes[i - 1] == 0x0D || bytes[i - 1] == 0x20 || bytes[i - 1] == 0x09
            if atLineStart && bytes[i] == 0x43 && isMarker(at: i) {
                // Only leading blanks may precede the marker on its line.
                var j = i - 1
                while j >= 0 && (bytes[j] == 0x20 || bytes[j] == 0x09) { j -= 1 }
                if j < 0 || bytes[j] == 0x0A || bytes[j] == 0x0D {
                    var end = i + length
                    while end < bytes.count && bytes[end] != 0x0A && bytes[end] != 0x0D { end += 1 }
                    return PythonText.strip(String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + length)..<end]), as: UTF8.self))
                }
            }
            i += 1
        }
        return nil
    }
}
