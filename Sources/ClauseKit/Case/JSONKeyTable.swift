/// The object keys the cases of a policy use: the reserved fields of LANGUAGE.md §5
/// (`ReservedFields.jsonKeys`) and every name the policy reads (`CheckedPolicy.caseKeys`), made
/// once per policy. The reader hands out these strings instead of building a new one for each
/// key it reads. A short key is then found by comparing two words, where building it would
/// validate and copy it, and a long key costs no allocation (the table's strings are shared).
/// Immutable once made, hence shared by all threads.
public final class JSONKeyTable: @unchecked Sendable {
    /// The reserved fields' keys alone: for a case read without a policy.
    static let reserved = JSONKeyTable(ReservedFields.jsonKeys)

    /// What the table compares: the length and the first and last eight bytes (zero-padded
    /// below eight bytes). For keys of at most 16 bytes these are all the bytes, so equal
    /// shapes are equal keys; longer keys are compared in full after their shapes.
    struct Shape: Equatable {
        var head: UInt64
        var tail: UInt64
        var length: Int

        init(_ text: UnsafeBufferPointer<UInt8>) {
            head = 0
            tail = 0
            length = text.count
            guard let p = text.baseAddress else { return }
            if length >= 8 {
                head = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
                tail = UnsafeRawPointer(p + (length - 8)).loadUnaligned(as: UInt64.self)
            } else {
                for i in 0..<length { head = head << 8 | UInt64(p[i]) }
            }
        }

        /// Equal keys have equal hashes (the reader's duplicate check relies on it).
        var hash: UInt64 {
            let mixed = (head &* 0x9E37_79B9_7F4A_7C15) ^ (tail &+ UInt64(truncatingIfNeeded: length))
            return (mixed ^ (mixed >> 29)) &* 0xBF58_476D_1CE4_E5B9
        }
    }

    /// The hash of a key read the slow way (escapes, non-ASCII): the same as for its bytes.
    static func hash(_ key: String) -> UInt64 {
        var key = key
        return key.withUTF8 { Shape($0).hash }
    }

    private struct Slot {
        var shape: Shape
        /// Where the key's bytes start in `bytes`; -1 for an empty slot.
        var offset: Int
    }

    /// Open addressing; all keys' bytes one after the other in `bytes`. The slots are read
    /// through a pointer (no bounds checks: every index is masked to the table's size).
    private let slots: UnsafeMutablePointer<Slot>
    private let keys: [String]
    private let bytes: [UInt8]
    private let mask: Int

    init(_ list: [String]) {
        var size = 16
        while size < list.count * 4 { size *= 2 }
        let empty = Slot(shape: Shape(UnsafeBufferPointer(start: nil, count: 0)), offset: -1)
        var slots = [Slot](repeating: empty, count: size)
        var keys = [String](repeating: "", count: size)
        var bytes: [UInt8] = []
        for var key in list {
            let shape = key.withUTF8 { Shape($0) }
            var i = Int(truncatingIfNeeded: shape.hash) & (size - 1)
            while slots[i].offset >= 0 { i = (i + 1) & (size - 1) }
            slots[i] = Slot(shape: shape, offset: bytes.count)
            keys[i] = key
            bytes += key.utf8
        }
        self.slots = .allocate(capacity: size)
        self.slots.initialize(from: slots, count: size)
        (self.keys, self.bytes, mask) = (keys, bytes, size - 1)
    }

    deinit {
        slots.deallocate()
    }

    /// The table's string for these bytes (of this shape and hash), or nil.
    @inline(__always)
    func key(_ text: UnsafeBufferPointer<UInt8>, shape: Shape, hash: UInt64) -> String? {
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i].offset >= 0 {
            if slots[i].shape == shape && (shape.length <= 16 || middleMatches(text, at: slots[i].offset)) {
                return keys[i]
            }
            i = (i + 1) & mask
        }
        return nil
    }

    private func middleMatches(_ text: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        for k in 8..<(text.count - 8) where bytes[offset + k] != text[k] { return false }
        return true
    }
}
