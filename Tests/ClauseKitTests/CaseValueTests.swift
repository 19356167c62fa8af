import Foundation
import Testing
@testable import ClauseKit

/// Document names compare as `DecisionEngine.normalized` says, without building copies.
@Test func documentNamesCompareAsNormalised() {
    let names = ["PHQ-9 or MADRS score", "  phq-9   OR madrs\tscore ", "PHQ-9 or MADRS score.", "PHQ-9", "", " ",
                 "phq-9 or madrs score", "PHQ-9 or MADRS  score", "Lettre de nécessité", "LETTRE DE NÉCESSITÉ",
                 "treatment plan", "treatment\t\tplan", "treatmentplan", "x", "X "]
    for a in names {
        for b in names {
            let wanted = Array(DecisionEngine.normalized(b).utf8)
            #expect(CompiledRequirements.normalizedEquals(a, wanted) == (DecisionEngine.normalized(a) == DecisionEngine.normalized(b)),
                    "\(a) vs \(b)")
        }
    }
}

/// The same on many generated names: long ones (compared eight bytes at a time), names of
/// the wanted length or near it, letters next to `A`-`Z` (`@`, `[`, `` ` ``, `{`), blanks, non-ASCII.
@Test func generatedDocumentNamesCompareAsNormalised() {
    let pieces = ["A", "Z", "a", "z", "@", "[", "`", "{", "m", "M", "0", "-", " ", "  ", "\t", "é", "É", "\u{301}"]
    var state: UInt64 = 0x5EED
    func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(n))
    }
    var names: [String] = []
    for _ in 0..<400 {
        var name = ""
        for _ in 0..<next(30) { name += pieces[next(pieces.count)] }
        names.append(name)
        // Variants: upper-cased, lower-cased, spaces as tabs, one piece changed.
        names.append(name.uppercased())
        names.append(name.lowercased())
        names.append(String(name.map { $0 == " " ? "\t" : $0 }))
        if !name.isEmpty { names.append(String(name.dropLast()) + pieces[next(pieces.count)]) }
    }
    for (k, a) in names.enumerated() {
        for b in [names[k], names[(k * 7 + 3) % names.count], names[(k ^ 1) % names.count], names[(k ^ 2) % names.count]] {
            let wanted = Array(DecisionEngine.normalized(b).utf8)
            #expect(CompiledRequirements.normalizedEquals(a, wanted) == (DecisionEngine.normalized(a) == DecisionEngine.normalized(b)),
                    "\(a.debugDescription) vs \(b.debugDescription)")
        }
    }
}
