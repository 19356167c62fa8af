/// The object keys cases use most (the reserved fields of LANGUAGE.md §5 and common clinical
/// ones), made once: the reader hands out these strings instead of building a new one for each
/// key it reads. Long keys (`prior_authorization`) would otherwise cost an allocation each, and
/// these are static strings, which are never reference counted.
final class JSONKeyTable: Sendable {
    static let shared = JSONKeyTable([
        // LANGUAGE.md §5
        "id", "diagnoses", "request", "treatment", "code", "date", "sessions", "billed_per_session",
        "diagnosis", "provider", "network", "referral", "authorization", "prior_authorization",
        "approved_on", "documents", "plan_paid", "plan", "deductible_remaining", "out_of_pocket_remaining",
        // Frequent clinical fields.
        "patient", "age", "pregnant", "history", "trials", "drug_class", "drug", "weeks", "improvement",
        "medications", "oral_antidepressant", "rems_certified", "aneurysmal_vascular_disease", "scores",
        "phq9", "madrs", "madrs_baseline", "prescriber", "specialty", "psychotherapy_weeks",
        "failed_antidepressants", "failed_esketamine", "ect_trial", "clinical_trial",
    ])

    /// Open addressing in parallel arrays; an empty slot has length 0 (the empty key is not in
    /// the table). The keys' bytes are stored one after the other in `bytes`.
    private let hashes: [UInt64]
    private let lengths: [Int]
    private let offsets: [Int]
    private let keys: [String]
    private let bytes: [UInt8]
    private let mask: Int

    private init(_ list: [String]) {
        var size = 16
        while size < list.count * 4 { size *= 2 }
        var hashes = [UInt64](repeating: 0, count: size), lengths = [Int](repeating: 0, count: size)
        var offsets = [Int](repeating: 0, count: size), keys = [String](repeating: "", count: size)
        var bytes: [UInt8] = []
        for key in list {
            let hash = key.utf8.reduce(JSONKeyTable.seed) { JSONKeyTable.mix($0, $1) }
            var i = Int(truncatingIfNeeded: hash) & (size - 1)
            while lengths[i] != 0 { i = (i + 1) & (size - 1) }
            (hashes[i], lengths[i], offsets[i], keys[i]) = (hash, key.utf8.count, bytes.count, key)
            bytes += key.utf8
        }
        (self.hashes, self.lengths, self.offsets, self.keys, self.bytes) = (hashes, lengths, offsets, keys, bytes)
        mask = size - 1
    }

    /// FNV-1a, fed one byte at a time as the reader scans a key.
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325
    @inline(__always)
    static func mix(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }

    /// The table's string for these bytes (whose hash is `hash`), or nil.
    func key(_ text: UnsafeBufferPointer<UInt8>, hash: UInt64) -> String? {
        var i = Int(truncatingIfNeeded: hash) & mask
        while lengths[i] != 0 {
            if hashes[i] == hash && lengths[i] == text.count {
                let offset = offsets[i]
                var same = true
                for k in 0..<text.count where bytes[offset + k] != text[k] { same = false; break }
                if same { return keys[i] }
            }
            i = (i + 1) & mask
        }
        return nil
    }
}
