import Foundation
import Testing
@testable import ClauseKit

/// The compiled evaluator's percentage fast path reads the same numbers as `Value.percentage`.
@Test func fastPercentagesEqualTheSlowPath() {
    var texts = ["10%", "0%", "-0%", "25%", "0.2%", "100%", "-2.5%", "12.345%", "007%", "1.%", ".5%", "%", "-%",
                 "1e2%", "1,5%", " 5%", "5 %", "5%%", "--5%", "5.5.5%", "999999999999999999%", "12345678901234567890%",
                 "+5%", "٣%", "10", "abc%"]
    var state: UInt64 = 7
    for _ in 0..<2_000 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let whole = Int(state >> 40) % 1000
        let frac = Int(state >> 20) % 1000
        let sign = state & 1 == 0 ? "" : "-"
        texts.append("\(sign)\(whole).\(frac)%")
        texts.append("\(sign)\(whole)%")
    }
    for t in texts {
        let slow = Value.fromJSON(.string(t))
        let fast = CaseValue.from(.string(t))
        #expect(fast == slow, "\(t)")
        if let fast, let slow {
            if case .number = slow { #expect(Arithmetic.compare(fast, slow) == 0, "\(t)") }
            #expect(fast.display == slow.display, "\(t)")
        }
    }
}

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
