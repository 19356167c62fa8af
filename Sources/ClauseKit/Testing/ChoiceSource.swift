/// Where the random generators (`PolicyGenerator`, `CaseGenerator`) draw their choices from:
/// a seeded pseudo-random sequence (`SplitMix64`) for tests and benchmarks, or the bytes of a
/// fuzz input (`ByteSource`) for libFuzzer. Every generator is written so that the choice 0 is
/// the simplest one (stop adding, a leaf, no optional part): a source that has run dry answers 0,
/// so generation from a short input ends gracefully with a small policy or case.
public protocol ChoiceSource {
    /// A value in `0..<n` (0 when `n <= 1`).
    mutating func choose(_ n: Int) -> Int
}

extension ChoiceSource {
    /// True about `percent` times in 100; false when the source has run dry.
    public mutating func chance(_ percent: Int) -> Bool {
        choose(100) >= 100 &- percent
    }

    /// A value in `range` (its lower bound when the source has run dry).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound &+ choose(range.upperBound &- range.lowerBound &+ 1)
    }

    /// One of `items` (the first when the source has run dry); nil when there are none.
    public mutating func element<T>(_ items: [T]) -> T? {
        guard !items.isEmpty else { return nil }
        let i = choose(items.count)
        return items.indices.contains(i) ? items[i] : items.first
    }

    /// `items` in a random order (a Fisher-Yates shuffle).
    public mutating func shuffled<T>(_ items: [T]) -> [T] {
        var result = items
        var i = result.count &- 1
        while i > 0 {
            let j = choose(i &+ 1)
            result.swapAt(i, j)
            i &-= 1
        }
        return result
    }
}

/// SplitMix64 (Steele, Lea and Flood): a small, fast, deterministic generator of 64-bit values.
/// The same seed gives the same sequence on every platform and run.
public struct SplitMix64: ChoiceSource, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func choose(_ n: Int) -> Int {
        guard n > 1 else { return 0 }
        return Int(truncatingIfNeeded: next() % UInt64(truncatingIfNeeded: n))
    }
}

/// Choices read from a byte buffer (a libFuzzer input): one byte per choice of fewer than 257
/// options, two bytes for larger ones. When the bytes run out every choice is 0, which the
/// generators treat as "the simplest": generation ends with what was made so far.
public struct ByteSource: ChoiceSource, Sendable {
    public let bytes: [UInt8]
    public private(set) var position = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var isExhausted: Bool { position >= bytes.count }

    mutating func byte() -> Int {
        guard position < bytes.count else { return 0 }
        defer { position &+= 1 }
        return Int(bytes[position])
    }

    public mutating func choose(_ n: Int) -> Int {
        guard n > 1 else { return 0 }
        if n <= 256 { return byte() % n }
        let high = byte(), low = byte()
        return (high &* 256 &+ low) % n
    }
}
