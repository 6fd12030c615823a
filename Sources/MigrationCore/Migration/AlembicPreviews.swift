import Foundation

/// The SQL of revision functions as the project's Alembic writes it in offline mode,
/// for the functions Retort's own renderer refuses (or all, with `--engine alembic`).
///
/// One helper process serves every request; each function is written once and kept. A
/// function that queries the database cannot be written offline by Alembic either:
/// its answer says so, with the line.
public final class AlembicPreviews: @unchecked Sendable {
    let bridge: BridgeProcess
    private var written: [String: Result<[String], Refusal>] = [:]
    private var printedText: [String: [PrintedText]] = [:]

    /// Why Alembic could not write a function offline.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(bridge: BridgeProcess) {
        self.bridge = bridge
    }

    /// The statements (without their `;`) of `revision`'s function for `dialect`.
    public func statements(_ revision: String, _ direction: RevisionBody.Direction, dialect: Dialect) -> Result<
        [String], Refusal
    > {
        let key = "\(revision) \(direction.rawValue) \(dialect.rawValue)"
        if let known = written[key] { return known }
        let result: Result<[String], Refusal>
        do {
            let answer = try bridge.request(
                ["op": "render", "revision": revision, "function": direction.rawValue, "dialect": dialect.rawValue],
                until: { $0.event == "rendered" || $0.event == "failed" })
            if let error = answer.object("error") ?? (answer.event == "failed" ? answer : nil) {
                var text = EnvCapture.failureText(error)
                if text.contains("'NoneType' object has no attribute") || text.contains("MockConnection") {
                    text +=
                        " (it reads from the database, which offline mode has not"
                        + (dialect == .mysql ? ")" : ": --rehearse shows its statements)")
                }
                result = .failure(Refusal(description: text))
            } else if let written = answer.strings("statements") {
                result = .success(written.map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 })
                printedText[key] = ((answer.fields["printed"] as? [[Any]]) ?? []).compactMap { pair in
                    guard pair.count == 2, let after = (pair[0] as? NSNumber)?.intValue, let text = pair[1] as? String else {
                        return nil
                    }
                    return PrintedText(after: after, text: text)
                }
            } else {
                result = .success(Self.split(answer.string("sql") ?? ""))
            }
        } catch {
            result = .failure(Refusal(description: "\(error)"))
        }
        written[key] = result
        return result
    }

    /// What the function printed while `statements` wrote it (asked after it).
    public func printed(_ revision: String, _ direction: RevisionBody.Direction, dialect: Dialect) -> [PrintedText] {
        printedText["\(revision) \(direction.rawValue) \(dialect.rawValue)"] ?? []
    }

    /// Alembic's offline text cut into statements: each ends with `;` and a blank line (a
    /// helper that does not send them one by one; a statement holding `;` and a blank line
    /// of its own is cut there).
    static func split(_ text: String) -> [String] {
        var statements: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty, let last = current.last, last.hasSuffix(";") {
                current[current.count - 1] = last.dropLast()
                statements.append(current.joined(separator: "\n"))
                current = []
            } else if !(line.isEmpty && current.isEmpty) {
                current.append(line)
            }
        }
        if !current.isEmpty { statements.append(current.joined(separator: "\n")) }
        return statements
    }
}
