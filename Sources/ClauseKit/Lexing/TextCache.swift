import Foundation

/// The longer texts of names and strings met lately, so that a text met again shares the
/// `String` made the first time.
///
/// A `String` of up to 15 UTF-8 bytes is stored inline and costs no allocation; a longer one
/// is a heap object. Policies repeat their longer texts (criterion labels such as "enough
/// adequate trials", a define's name at its uses), and in a large policy each copy would be one
/// more object to allocate, keep in memory and free. The cache is direct-mapped and small (it
/// stays in the processor's caches, and a text never met again costs a hash and a store, not a
/// growing table). Sharing is invisible to readers: a `String` is a value.
struct TextCache: Sendable {
    /// The longest text a `String` holds inline (on 64-bit platforms).
    static let inlineLimit = 15
    private static let size = 2048

    /// Per slot: the hash of the text kept there (0: none) and the text. Made when the first
    /// long text is met (a small policy or an expression may have none).
    private var hashes: [UInt64] = []
    private var texts: [String] = []
    /// Per slot: the hash of the last text met there. A text is kept only when it is met a
    /// second time, so texts met once (titles, display names) never push out repeated ones.
    private var seen: [UInt64] = []

    /// The text of `bytes[range]`, as `String(decoding:as:)` makes it (invalid UTF-8 repaired;
    /// such a text never matches a cached one, whose bytes are then different).
    mutating func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        guard range.count > TextCache.inlineLimit else { return String(decoding: bytes[range], as: UTF8.self) }
        if hashes.isEmpty {
            hashes = Array(repeating: 0, count: TextCache.size)
            texts = Array(repeating: "", count: TextCache.size)
            seen = Array(repeating: 0, count: TextCache.size)
        }
        return bytes.withUnsafeBufferPointer { all in
            let wanted = UnsafeBufferPointer(rebasing: all[range])
            let hash = TextCache.hash(UnsafeRawBufferPointer(wanted))
            let slot = Int(truncatingIfNeeded: hash >> 1) & (TextCache.size - 1)
            if hashes[slot] == hash {
                var cached = texts[slot]
                let same = cached.withUTF8 { stored in
                    guard stored.count == wanted.count, let a = stored.baseAddress, let b = wanted.baseAddress else { return false }
                    return memcmp(a, b, wanted.count) == 0
                }
                if same { return cached }
            }
            let text = String(decoding: wanted, as: UTF8.self)
            if seen[slot] == hash {
                hashes[slot] = hash
                texts[slot] = text
            } else {
                seen[slot] = hash
            }
            return text
        }
    }

    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        TextHash.finish(TextHash.mix(TextHash.seed, bytes)) | 1  // never 0, the empty slot's
    }
}
