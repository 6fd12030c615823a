/// `diff A B`: what changes from the schema the history describes at A to the one at B.
public enum DiffCommand {
    public static func run(
        _ functions: RevisionFunctions, from: String, to: String, json: Bool, to out: inout some TextOutputStream
    ) throws {
        let graph = functions.graph
        let diff = SchemaDiff(from: try graph.nodes(for: from), to: try graph.nodes(for: to), functions: functions)
        out.write(json ? diff.json().rendered() + "\n" : diff.text)
    }
}
