/// One result slot per index, filled by parallel workers that each write their own
/// indices: raw storage rather than an array property, which concurrent writers to
/// disjoint elements would still flag as overlapping access.
final class ParallelSlots<Element>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Element?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func store(_ value: Element?, at index: Int) { slots[index] = value }

    /// Every slot, empty ones as nil.
    func all() -> [Element?] { Array(slots) }
}
