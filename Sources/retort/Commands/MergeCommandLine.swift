import ArgumentParser
import Foundation
import MigrationCore

#if canImport(Glibc)
    import Glibc
#endif

/// `retort merge REVISION... -m MESSAGE`: a merge revision, written as `alembic merge` writes it.
struct MergeCommandLine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Write a revision that merges two or more revisions (usually heads).")

    @OptionGroup(visibility: .hidden) var project: ProjectArguments

    @Option(name: [.short, .customLong("message")], help: "The new revision's message.")
    var message: String?

    @Option(name: .customLong("branch-label"), help: "A branch label for the new revision.")
    var branchLabel: String?

    @Option(name: .customLong("rev-id"), help: "The new revision's id instead of a generated one.")
    var revID: String?

    @Flag(help: "Allow merging revisions that are not heads (a new branch point).")
    var splice = false

    @Flag(help: "Write without asking (needed when standard input or output is not a terminal).")
    var yes = false

    @Argument(parsing: .allUnrecognized, help: "The revisions to merge: ids, heads, label@head, ...")
    var revisions: [String] = []

    mutating func validate() throws {
        revisions = try RevisionArguments.normalized(revisions, single: false)
    }

    func run() throws {
        let (loaded, graph) = try MigrationProject.load(project)
        var request = MergeRevision.Request(revisions: revisions, message: message)
        request.branchLabels = branchLabel.map { [$0] } ?? []
        request.revisionID = revID
        request.splice = splice
        let merge = try MergeRevision.prepare(request, graph: graph, configuration: loaded.configuration)
        var out = StandardOutput()
        if !yes {
            // As upgrade, downgrade and stamp: what will be written, then a question on a
            // terminal; without one, --yes is needed (exit 5).
            guard let confirm = TerminalConfirmation.available() else {
                throw CommandFailure(
                    .declined, "not written: merge asks for confirmation on a terminal; pass --yes to write without one")
            }
            out.write("Merge revision \(merge.id) of \(merge.parents.joined(separator: ", ")): \(merge.path)\n")
            out.flush()
            guard confirm("Write this file? Type y to confirm: ") else {
                throw CommandFailure(.declined, "not written: the merge was not confirmed")
            }
        }
        // Alembic's status line: indented on a terminal, plain otherwise.
        let indent = isatty(1) == 1 ? "  " : ""
        out.write("\(indent)Generating \(merge.path) ...")
        out.flush()
        try merge.write()
        out.write(" done\n")
        out.flush()
    }
}
