/// A stack the JSON reader keeps the members of its open containers on. Unlike an `Array`,
/// a closed container's elements are *moved* out into their own array (no retain, no release,
/// no uniqueness checks), and the stack is freed with the reader, also when it throws. It
/// starts in memory the caller lends (the reader's is on the call stack) and moves to the
/// heap only if it outgrows it.
struct ScratchStack<Element>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0
    /// Whether `base` is the stack's own heap memory (else the caller's).
    private var ownsBase = false

    /// A stack in `memory`, uninitialised room for `capacity` elements that outlives the
    /// stack; on the heap from the start when there is no such memory.
    init(in memory: UnsafeMutablePointer<Element>?, capacity: Int) {
        if let memory {
            base = memory
            self.capacity = capacity
        } else {
            self.capacity = 16
            base = .allocate(capacity: 16)
            ownsBase = true
        }
    }

    deinit {
        base.deinitialize(count: count)
        if ownsBase { base.deallocate() }
    }

    var isEmpty: Bool { count == 0 }

    mutating func append(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: max(capacity * 2, 16))
        larger.moveInitialize(from: base, count: count)
        if ownsBase { base.deallocate() }
        base = larger
        capacity = max(capacity * 2, 16)
        ownsBase = true
    }

    /// The element at `i` (`0 ..< count`), in place.
    subscript(i: Int) -> Element {
        unsafeAddress { UnsafePointer(base + i) }
        unsafeMutableAddress { base + i }
    }

    /// The last element, in place; the stack must not be empty.
    var last: Element {
        unsafeAddress { UnsafePointer(base + (count - 1)) }
        unsafeMutableAddress { base + (count - 1) }
    }

    mutating func removeLast() -> Element {
        count -= 1
        return (base + count).move()
    }

    /// Moves the elements from `start` on into an array and pops them.
    /// (Appending, not `Array(unsafeUninitializedCapacity:)`, whose unspecialised buffer
    /// allocation looks the storage class up at run time on every call.)
    mutating func popAll(from start: Int) -> [Element] {
        var result: [Element] = []
        result.reserveCapacity(count - start)
        for k in start..<count { result.append((base + k).move()) }
        count = start
        return result
    }

    /// Pops the elements from `start` on.
    mutating func removeAll(from start: Int) {
        (base + start).deinitialize(count: count - start)
        count = start
    }
}
