import Dispatch

/// Edge lists flattened into two arrays (compressed sparse rows), so that walks over
/// thousands of nodes touch no reference-counted inner arrays.
struct Adjacency: Sendable {
    private let offsets: [Int]
    private let targets: [Int]

    private init(offsets: [Int], targets: [Int]) {
        self.offsets = offsets
        self.targets = targets
    }

    var nodeCount: Int { offsets.count - 1 }

    /// The targets of `node`'s edges, in order.
    func neighbours(_ node: Int) -> ArraySlice<Int> { targets[offsets[node]..<offsets[node + 1]] }

    subscript(node: Int) -> ArraySlice<Int> { neighbours(node) }

    /// The same edges the other way round; each node's new targets in node order.
    func reversed() -> Adjacency {
        let n = nodeCount
        var counts = [Int](repeating: 0, count: n + 1)
        for target in targets { counts[target + 1] += 1 }
        for node in 0..<n { counts[node + 1] += counts[node] }
        var next = counts
        var reversedTargets = [Int](repeating: 0, count: targets.count)
        for node in 0..<n {
            for k in offsets[node]..<offsets[node + 1] {
                let target = targets[k]
                reversedTargets[next[target]] = node
                next[target] += 1
            }
        }
        return Adjacency(offsets: counts, targets: reversedTargets)
    }

    /// Every node after all of its parents, these edges being each node's parents and
    /// `children` their reverse (Kahn's algorithm). Nodes on or above a loop are left out,
    /// so a short answer means the graph has a cycle.
    func parentsFirstOrder(children: Adjacency) -> [Int] {
        var pending = (0..<nodeCount).map { neighbours($0).count }
        var ready = (0..<nodeCount).filter { pending[$0] == 0 }
        var order: [Int] = []
        order.reserveCapacity(nodeCount)
        while let node = ready.popLast() {
            order.append(node)
            for child in children.neighbours(node) {
                pending[child] -= 1
                if pending[child] == 0 { ready.append(child) }
            }
        }
        return order
    }

    /// Writes the lists node by node: the targets of the current node, then `endNode()`.
    struct Builder {
        private var offsets: [Int]
        private var targets: [Int] = []
        private var start = 0

        init(nodes: Int) {
            offsets = [0]
            offsets.reserveCapacity(nodes + 1)
            targets.reserveCapacity(nodes + nodes / 4)
        }

        /// The targets given so far for the current node.
        var current: ArraySlice<Int> { targets[start...] }

        /// Adds `target` to the current node, unless it is there already.
        mutating func addOnce(_ target: Int) {
            if !targets[start...].contains(target) { targets.append(target) }
        }

        mutating func endNode() {
            offsets.append(targets.count)
            start = targets.count
        }

        func build() -> Adjacency { Adjacency(offsets: offsets, targets: targets) }
    }

    /// Pushes `node`'s targets onto `stack` in order.
    @inline(__always)
    func push(_ node: Int, onto stack: inout [Int]) {
        var k = offsets[node]
        let end = offsets[node + 1]
        while k < end {
            stack.append(targets[k])
            k += 1
        }
    }
}

/// Every node's ancestors (itself included) as rows of bits, built once in topological
/// order: each row is its own bit ORed with its parents' rows.
struct AncestorClosure: Sendable {
    /// Above this many nodes the matrix would cost more memory than it saves time.
    static let maximumNodes = 16_384

    private let wordsPerRow: Int
    private let bits: [UInt64]

    init?(parents: Adjacency, children: Adjacency) {
        let n = parents.nodeCount
        guard n <= Self.maximumNodes else { return nil }
        let words = (n + 63) / 64
        let order = parents.parentsFirstOrder(children: children)
        guard order.count == n else { return nil }  // A loop: the graph's own check reports it.
        var bits = [UInt64](repeating: 0, count: n * words)
        for node in order {
            let row = node * words
            bits[row + (node >> 6)] |= 1 << UInt64(node & 63)
            for parent in parents.neighbours(node) {
                let source = parent * words
                for w in 0..<words { bits[row + w] |= bits[source + w] }
            }
        }
        wordsPerRow = words
        self.bits = bits
    }

    /// The ancestors of `node`, itself included.
    func row(_ node: Int) -> NodeSet {
        NodeSet(words: Array(bits[(node * wordsPerRow)..<((node + 1) * wordsPerRow)]))
    }
}

/// An `AncestorClosure` made on first use and shared by the graph's copies.
final class LazyAncestorClosure: @unchecked Sendable {
    private let parents: Adjacency
    private let lock = DispatchSemaphore(value: 1)
    private var made: AncestorClosure??

    init(parents: Adjacency) { self.parents = parents }

    var value: AncestorClosure? {
        lock.wait()
        defer { lock.signal() }
        if made == nil { made = .some(AncestorClosure(parents: parents, children: parents.reversed())) }
        return made!
    }
}
