import Foundation
import Testing
@testable import ClauseKit

/// `FixedNumber` reads exactly what `Decimal` reads, or declines; its comparisons agree with
/// `Decimal`'s wherever it gives one.
@Suite struct FixedNumberTests {
    static func decimal(_ s: String) -> Decimal? { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX")) }

    static func generated(_ count: Int, seed: UInt64) -> [String] {
        var g = SplitMix(seed: seed)
        var out: [String] = []
        for _ in 0..<count {
            var s = g.next() % 4 == 0 ? "-" : ""
            let whole = Int(g.next() % 20)
            for i in 0..<max(whole, 1) { s += String(i == 0 && whole > 1 ? 1 + g.next() % 9 : g.next() % 10) }
            if g.next() % 2 == 0 {
                s += "."
                for _ in 0..<Int(g.next() % 20) { s += String(g.next() % 10) }
            }
            out.append(s)
        }
        return out
    }

    @Test func parsesExactlyOrDeclines() {
        for s in Self.generated(5_000, seed: 11) + ["0", "-0", "-0.0", "1.", ".5", "1e3", "", "-", "007", "18.000"] {
            guard let n = FixedNumber.parse(s.utf8, allowSign: true) else { continue }
            let expected = Self.decimal(s)
            #expect(expected != nil, "\(s)")
            #expect(Decimal(sign: n.units < 0 ? .minus : .plus, exponent: -n.scale,
                            significand: Decimal(n.units.magnitude)) == expected, "\(s)")
        }
        #expect(FixedNumber.parse("-0".utf8, allowSign: true) == nil)
        #expect(FixedNumber.parse("1.".utf8, allowSign: true) == nil)
        #expect(FixedNumber.parse("1234567890123456789".utf8, allowSign: true) == nil)
        #expect(FixedNumber.parse("123456789012345678".utf8, allowSign: true) == FixedNumber(units: 123456789012345678, scale: 0))
    }

    @Test func comparesAsDecimalDoes() {
        let numbers = Self.generated(400, seed: 12) + ["0", "6", "6.0", "5.999999999999999999", "0.25", "25", "-25"]
        var compared = 0
        for a in numbers {
            guard let x = FixedNumber.parse(a.utf8, allowSign: true), let dx = Self.decimal(a) else { continue }
            for b in numbers.prefix(120) {
                guard let y = FixedNumber.parse(b.utf8, allowSign: true), let dy = Self.decimal(b),
                      let c = FixedNumber.compare(x, y) else { continue }
                #expect(c == (dx < dy ? -1 : dx == dy ? 0 : 1), "\(a) vs \(b)")
                compared += 1
            }
        }
        #expect(compared > 10_000)
    }

    @Test func readsCaseValuesAsTheGeneralPath() throws {
        let text = #"[34, 0.5, -2, "10%", "-2.5%", "25.50%", "-0%", "1e2", "ten", "2026-03-01", true, null]"#
        guard case .array(let items) = try JSONReader.parse(Array(text.utf8)) else { Issue.record("not a list"); return }
        for json in items {
            guard let n = FixedNumber.of(json) else { continue }
            guard case .number(let d)? = Value.fromJSON(json) else { Issue.record("\(json) is not a number"); continue }
            #expect(FixedNumber.compare(n, FixedNumber(d) ?? n) == 0, "\(json)")
            #expect(Decimal(sign: n.units < 0 ? .minus : .plus, exponent: -n.scale, significand: Decimal(n.units.magnitude)) == d)
        }
        #expect(FixedNumber.of(.string("10%")) == FixedNumber(units: 10, scale: 2))
        #expect(FixedNumber.of(.string("-0%")) == nil)
        #expect(FixedNumber(Decimal(string: "0.25")!) == FixedNumber(units: 25, scale: 2))
    }

    /// Coinsurance in integers rounds half to even exactly as the `Decimal` path does.
    @Test func percentagesRoundAsDecimalDoes() {
        var g = SplitMix(seed: 13)
        let rates = ["0.2", "0.1", "0.5", "0.125", "0.333", "0.0005", "1", "0", "0.07", "0.99999999999999999"]
        var compared = 0
        for r in rates {
            guard let fraction = Self.decimal(r), let rate = FixedNumber(fraction) else { Issue.record("\(r)"); continue }
            var amounts: [Int64] = [0, 1, 5, 15, 25, 35, 45, 125, 375, 90_000, 100_000_000_000]
            for _ in 0..<500 { amounts.append(Int64(g.next() % 10_000_000)) }
            for cents in amounts {
                guard let fast = CostCalculator.fixedPercentage(cents, rate) else { continue }
                #expect(fast == CostCalculator.percentage(Money(cents: cents), fraction), "\(cents) × \(r)")
                compared += 1
            }
        }
        #expect(compared > 4_000)
        #expect(CostCalculator.fixedPercentage(Int64.max, FixedNumber(units: 2, scale: 1)) == nil)
        #expect(CostCalculator.fixedPercentage(25, FixedNumber(units: 1, scale: 1)) == Money(cents: 2))
        #expect(CostCalculator.fixedPercentage(35, FixedNumber(units: 1, scale: 1)) == Money(cents: 4))
    }
}
