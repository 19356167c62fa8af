/// A fast hash of short byte strings (names, paths, labels) for the checker's and the lexer's
/// tables: eight bytes at a time rather than one, with the bits mixed at the end so that the
/// low ones (which choose a table slot) depend on every byte. Not for untrusted keys in
/// long-lived tables: a table that uses it keeps its load at most one half and compares keys.
enum TextHash {
    static let seed: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Mixes `bytes` into `hash` (start from `seed`); the length is mixed in too, so "ab" then
    /// "c" and "a" then "bc" differ.
    @inline(__always)
    static func mix(_ hash: UInt64, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = (hash ^ UInt64(truncatingIfNeeded: bytes.count)) &* 0xBF58_476D_1CE4_E5B9
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x94D0_49BB_1331_11EB
            hash ^= hash >> 29
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            for i in offset..<bytes.count { tail = tail << 8 | UInt64(bytes[i]) }
            hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
            hash ^= hash >> 29
        }
        return hash
    }

    /// The final mix: the low bits depend on all the others.
    @inline(__always)
    static func finish(_ hash: UInt64) -> UInt64 {
        var hash = hash ^ (hash >> 32)
        hash = hash &* 0xD6E8_FEB8_6659_FD93
        return hash ^ (hash >> 32)
    }

    /// The hash of a string's UTF-8 bytes.
    @inline(__always)
    static func hash(_ text: String) -> UInt64 {
        var text = text  // a native or small string: no copy of its bytes
        return finish(text.withUTF8 { mix(seed, UnsafeRawBufferPointer($0)) })
    }
}
