import Foundation

/// A merge revision written the way `alembic merge` writes it: the project's
/// `script.py.mako` filled in with Alembic's values, under the name its `file_template`
/// gives. Nothing is written unless the template renders and the result reads back as
/// the revision intended.
public struct MergeRevision: Sendable {
    public var id: String
    public var path: String
    public var text: String
    /// The revisions it merges, by id.
    public var parents: [String]
    public var branchLabels: [String]

    /// What a merge needs: the revisions to merge, the message, and the options of
    /// `alembic merge`.
    public struct Request: Sendable {
        public var revisions: [String]
        public var message: String?
        public var branchLabels: [String] = []
        public var revisionID: String?
        public var splice = false
        /// The time to record; now when nil (tests fix it).
        public var date: Date?

        public init(revisions: [String], message: String?) {
            self.revisions = revisions
            self.message = message
        }
    }

    /// Prepares the file for `request` (nothing is written yet).
    public static func prepare(
        _ request: Request, graph: RevisionGraph, configuration: ProjectConfiguration
    ) throws -> MergeRevision {
        let id = request.revisionID ?? newID()
        try checkID(id)
        let heads = try resolveHeads(request.revisions, graph: graph, splice: request.splice)
        let date = try CreateDate(request.date ?? Date(), timezone: configuration.timezone)
        let directory = try versionDirectory(heads, graph: graph, configuration: configuration)
        let fileName = try self.fileName(
            template: configuration.fileTemplate, id: id, message: request.message,
            truncate: configuration.truncateSlugLength, date: date)
        guard let scriptDirectory = configuration.scriptDirectory else {
            throw CommandFailure(.project, "no script directory: script.py.mako cannot be found")
        }
        let templatePath = scriptDirectory + "/script.py.mako"
        guard let bytes = try? FileBytes.read(templatePath) else {
            throw CommandFailure(.project, "cannot read the template \(templatePath)")
        }
        let template = ScriptTemplate(text: String(decoding: bytes, as: UTF8.self), path: templatePath)
        let downRevisions = heads.map { graph.revisions[$0].id }
        let values: [String: PyValue] = [
            "up_revision": .string(id),
            // `tuple_rev_as_scalar`: one parent is a string, several a tuple.
            "down_revision": downRevisions.count == 1 ? .string(downRevisions[0]) : .tuple(downRevisions.map(PyValue.string)),
            "branch_labels": request.branchLabels.isEmpty ? .none : .tuple(request.branchLabels.map(PyValue.string)),
            "depends_on": .none,
            "create_date": .string(date.text),
            "message": .string(request.message ?? "empty message"),
            // Mako's UNDEFINED for names `alembic merge` does not pass: false, like None.
            "imports": .none, "upgrades": .none, "downgrades": .none,
        ]
        let text: String
        do {
            text = try template.render(values)
        } catch let error as ScriptTemplate.RenderError {
            throw CommandFailure(.project, error.description)
        }
        return MergeRevision(
            id: id, path: directory + "/" + fileName, text: text, parents: downRevisions, branchLabels: request.branchLabels)
    }

    /// Writes the file, then reads it back: it must be the revision meant, else it is
    /// removed again and the reason given.
    public func write() throws {
        let directory = ProjectPath.parent(path)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw CommandFailure(.project, "cannot write \(path)")
        }
        let outcome = RevisionScriptReader.read(path: path)
        let problem: String?
        if let revision = outcome.revision {
            if revision.id != id || Set(revision.downRevisions) != Set(parents) {
                problem = "the written file does not declare revision \(id) on \(parents.joined(separator: ", "))"
            } else if !branchLabels.isEmpty && revision.branchLabels.isEmpty {
                problem =
                    "Version \(id) specified branch_labels \(branchLabels), however the migration file \(path) does not have them; have you upgraded your script.py.mako to include the 'branch_labels' section?"
            } else {
                problem = nil
            }
        } else {
            problem = outcome.problems.first.map { "\($0)" } ?? "the written file cannot be read"
        }
        if let problem {
            try? FileManager.default.removeItem(atPath: path)
            throw CommandFailure(.project, problem)
        }
    }

    // MARK: Alembic's rules

    /// `uuid4().hex[-12:]`.
    static func newID() -> String {
        String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").suffix(12))
    }

    /// `Script.verify_rev_id`: no `@`, `-`, `+` or `:` in an id.
    static func checkID(_ id: String) throws {
        if id.contains(where: { "@-+:".contains($0) }) || id.isEmpty {
            throw CommandFailure(.usage, "Revision id \(PythonFormat.repr(.string(id))) contains characters that are not allowed; characters @ - + : are reserved")
        }
    }

    /// The revisions to merge, each a head unless `splice`.
    static func resolveHeads(_ specs: [String], graph: RevisionGraph, splice: Bool) throws -> [Int] {
        var nodes: [Int] = []
        do {
            for spec in specs { nodes += try graph.targets(for: spec).compactMap(\.node) }
        } catch {
            throw RevisionFailureText.failure(error)
        }
        guard Set(nodes).count == nodes.count else { throw CommandFailure(.usage, "Duplicate head revisions specified") }
        if !splice, let notHead = nodes.first(where: { !graph.isHead($0) }) {
            throw CommandFailure(
                .project,
                "Revision \(graph.revisions[notHead].id) is not a head revision; please specify --splice to create a new branch from this revision")
        }
        return nodes
    }

    /// The one version location, or with several, the directory of the first head's script.
    static func versionDirectory(_ heads: [Int], graph: RevisionGraph, configuration: ProjectConfiguration) throws -> String {
        if configuration.versionLocations.count == 1 { return configuration.versionLocations[0] }
        if let head = heads.first { return ProjectPath.parent(graph.revisions[head].path) }
        throw CommandFailure(.usage, "Multiple version locations present, please specify --version-path")
    }

    /// `file_template % {rev, slug, epoch, year, ...}` plus `.py`.
    static func fileName(template: String, id: String, message: String?, truncate: Int, date: CreateDate) throws -> String {
        var slug = slugWords(message ?? "").joined(separator: "_").lowercased()
        if slug.count > truncate {
            let cut = String(slug.prefix(truncate))
            slug = (cut.range(of: "_", options: .backwards).map { String(cut[..<$0.lowerBound]) } ?? cut) + "_"
        }
        let fields: [(String, PyValue)] = [
            ("rev", .string(id)), ("slug", .string(slug)), ("epoch", .int(date.epoch)), ("year", .int(date.year)),
            ("month", .int(date.month)), ("day", .int(date.day)), ("hour", .int(date.hour)),
            ("minute", .int(date.minute)), ("second", .int(date.second)),
        ]
        guard let name = PythonFormat.percent(template, .dict(fields.map { PyValue.DictEntry(key: .string($0.0), value: $0.1) }))
        else {
            throw CommandFailure(.project, "file_template \(PythonFormat.repr(.string(template))) cannot be filled in")
        }
        return name + ".py"
    }

    /// Python's `re.findall(r"\w+", text)`.
    static func slugWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for c in text {
            if c.isLetter || c.isNumber || c == "_" {
                current.append(c)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}

/// `datetime.now()` (or `now(tz)` when `timezone` is configured) as Alembic records it.
struct CreateDate: Sendable {
    var epoch: Int
    var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int
    /// Python's `str(datetime)`: microseconds only when not zero, the offset only with a timezone.
    var text: String

    init(_ date: Date, timezone: String?) throws {
        var calendar = Calendar(identifier: .gregorian)
        var zone = TimeZone.current
        if let timezone {
            guard let named = TimeZone(identifier: timezone) ?? TimeZone(identifier: timezone.uppercased()) else {
                throw CommandFailure(.project, "Can't locate timezone: \(timezone)")
            }
            zone = named
        }
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        epoch = Int(date.timeIntervalSince1970)
        year = parts.year ?? 1970
        month = parts.month ?? 1
        day = parts.day ?? 1
        hour = parts.hour ?? 0
        minute = parts.minute ?? 0
        second = parts.second ?? 0
        microsecond = (parts.nanosecond ?? 0) / 1000
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = "\(year)-\(two(month))-\(two(day)) \(two(hour)):\(two(minute)):\(two(second))"
        if microsecond != 0 {
            let digits = String(microsecond)
            text += "." + String(repeating: "0", count: 6 - digits.count) + digits
        }
        if timezone != nil {
            let offset = zone.secondsFromGMT(for: date)
            let sign = offset < 0 ? "-" : "+"
            text += "\(sign)\(two(abs(offset) / 3600)):\(two(abs(offset) % 3600 / 60))"
        }
        self.text = text
    }
}
