/// `diff A B`: what changes from the schema the history describes at A to the one at B.
public enum DiffCommand {
    public static func run(
        _ graph: RevisionGraph, from: String, to: String, dialect: Dialect, json: Bool, to out: inout some TextOutputStream
    ) throws {
        func nodes(_ spec: String) throws -> [Int] {
            do {
                return try graph.targets(for: spec).compactMap(\.node)
            } catch let failure as CommandFailure {
                throw failure
            } catch {
                throw RevisionFailureText.failure(error)
            }
        }
        let diff = SchemaDiff(from: try nodes(from), to: try nodes(to), graph: graph, dialect: dialect)
        out.write(json ? diff.json().rendered() + "\n" : diff.text)
    }
}
