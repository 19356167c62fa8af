import Foundation
import Testing
@testable import ClauseKit

/// The fast readers of case fields give what the general readers give, on generated text.
@Suite struct CaseTextTests {
    /// Text made of the bytes that matter to dates and amounts, of every length up to 14.
    static func samples(_ alphabet: String, count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix(seed: seed)
        let characters = Array(alphabet)
        return (0..<count).map { _ in
            String((0..<Int(generator.next() % 15)).map { _ in characters[Int(generator.next() % UInt64(characters.count))] })
        }
    }

    @Test func datesAgreeWithDayISO() {
        var texts = Self.samples("0123456789-", count: 20_000, seed: 1)
        var generator = SplitMix(seed: 2)
        for _ in 0..<20_000 {
            let y = Int(generator.next() % 10_000), m = Int(generator.next() % 14), d = Int(generator.next() % 33)
            texts.append(String(format: "%04d-%02d-%02d", y, m, d))
        }
        texts += ["2024-02-29", "2023-02-29", "2026-13-01", "2026-00-10", "0000-01-01", "9999-12-31",
                  "2026-1-01", "2026/01/01", "２０２６-01-01", "2026-01-0١", " 2026-01-01", "2026-01-01 "]
        for text in texts { #expect(CaseText.day(text) == Day(iso: text), "\(text)") }
        // Not a native string: the general reader's answer.
        #expect(CaseText.day(String(Substring("x2026-03-02").dropFirst())) == Day(iso: "2026-03-02"))
    }

    @Test func amountsAgreeWithMoneyText() {
        var texts = Self.samples("0123456789.,$-", count: 40_000, seed: 3)
        texts += ["900", "900.5", "900.00", "0.2", ".5", "5.", ".", "", "1,500.00", "$900", "-3.10", "900.005",
                  "999999999999999", "9999999999999999", "99999999999999999999", "92233720368547758.07",
                  "0000000000000000000001", "1..2", "١٢", "900.0a"]
        for text in texts { #expect(CaseText.money(text) == Money(text: text), "\(text)") }
    }

    @Test func upperCasingAgrees() {
        var texts = Self.samples("aZf3.3-é ßx", count: 5_000, seed: 4)
        texts += ["F33.2", "f33.2", "F33.2é", "ß", "ǆ", "", "ABC", "abc"]
        for text in texts { #expect(CaseText.uppercased(text) == text.uppercased(), "\(text)") }
    }

    @Test func priorAuthorizationStatusesAgree() {
        var texts = Self.samples("adenpvorAN", count: 5_000, seed: 5)
        texts += PriorAuthorizationStatus.allCases.map(\.rawValue) + ["Approved", "approved ", "nonE", "", "denied\u{0}"]
        for text in texts {
            #expect(CaseText.priorAuthorization(text) == PriorAuthorizationStatus(rawValue: text), "\(text)")
        }
    }

    /// The key table: every key it holds comes back equal from the reader, shorter and longer
    /// neighbours do not match it, and an object's lookups agree whichever way keys were read.
    @Test func frequentKeysReadAsThemselves() throws {
        let keys = ["billed_per_session", "prior_authorization", "out_of_pocket_remaining", "deductible_remaining",
                    "aneurysmal_vascular_disease", "id", "plan", "request", "sessions", "drug_class", "phq9"]
        for key in keys {
            for variant in [key, key + "x", String(key.dropLast()), "x" + key, key.uppercased()] {
                let value = try JSONReader.parse(Array("{\"\(variant)\": 1, \"z\": 2}".utf8))
                guard case .object(let o) = value else { Issue.record("not an object"); continue }
                #expect(o.keys == [variant, "z"])
                #expect(o[variant] == .int(1))
                #expect(o[variant + "?"] == nil)
            }
        }
    }
}
