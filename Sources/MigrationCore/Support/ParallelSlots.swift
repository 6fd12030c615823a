import Foundation

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

    /// `transform` of every index of `0..<count`, in order, worked out on every processor
    /// in contiguous chunks (one chunk each for a small count: threads cost more than 32 items).
    static func map(_ count: Int, _ transform: (Int) -> Element) -> [Element] {
        let slots = ParallelSlots<Element>(count: count)
        let workers = max(1, min(ProcessorCount.value, count / 32 + 1))
        let chunk = (count + workers - 1) / workers
        withoutActuallyEscaping(transform) { transform in
            let box = UncheckedBox(transform)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for i in (worker * chunk)..<min(count, (worker + 1) * chunk) { slots.store(box.value(i), at: i) }
            }
        }
        return slots.all().enumerated().map { index, value in value ?? transform(index) }
    }
}

/// A value handed to the workers of `ParallelSlots.map`, which only read it.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
