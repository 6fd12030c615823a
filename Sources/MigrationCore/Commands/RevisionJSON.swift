/// The JSON form of a revision shared by `history`, `heads`, `branches` and `show`.
enum RevisionJSON {
    /// The revision's fields; with `current` (the version table's rows, `history -i`) also
    /// `is_current`.
    static func item(_ graph: RevisionGraph, _ node: Int, current: Set<String>? = nil) -> JSONValue {
        let revision = graph.revisions[node]
        var fields: [(String, JSONValue)] = [
            ("revision", .string(revision.id)),
            ("down_revisions", .array(revision.downRevisions.map(JSONValue.string))),
            ("branch_labels", .array(graph.branchLabels[node].map(JSONValue.string))),
            ("depends_on", .array(revision.dependencies.map(JSONValue.string))),
            ("path", .string(revision.path)),
            ("message", .string(revision.message)),
            ("is_head", .bool(graph.isHead(node))),
            ("is_base", .bool(graph.isBase(node))),
            ("is_branch_point", .bool(graph.isBranchPoint(node))),
            ("is_merge_point", .bool(graph.isMergePoint(node))),
        ]
        fields.append(("create_date", revision.createDate.map(JSONValue.string) ?? .null))
        if let current { fields.append(("is_current", .bool(current.contains(revision.id)))) }
        return .object(fields)
    }

    static func list(_ graph: RevisionGraph, _ nodes: [Int], current: Set<String>? = nil) -> JSONValue {
        .array(nodes.map { item(graph, $0, current: current) })
    }
}
