/// A set of graph nodes as a bit array: cheap membership tests for ancestry checks.
struct NodeSet: Sendable {
    private var words: [UInt64]

    init(capacity: Int) {
        words = [UInt64](repeating: 0, count: (capacity + 63) / 64)
    }

    init(words: [UInt64]) { self.words = words }

    init(_ nodes: some Sequence<Int>, capacity: Int) {
        self.init(capacity: capacity)
        for node in nodes { insert(node) }
    }

    func contains(_ node: Int) -> Bool {
        words[node >> 6] & (1 << UInt64(node & 63)) != 0
    }

    mutating func insert(_ node: Int) {
        words[node >> 6] |= 1 << UInt64(node & 63)
    }

    mutating func remove(_ node: Int) {
        words[node >> 6] &= ~(1 << UInt64(node & 63))
    }
}
