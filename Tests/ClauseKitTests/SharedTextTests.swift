import Foundation
import Testing
@testable import ClauseKit

/// The tables that share repeated texts (issue #5: parsing large policies) give back exactly
/// the text asked for, whatever was met before, and a policy checks the same through them.
@Suite struct SharedTextTests {
    /// Texts of every length around the inline limit, repeated, colliding and near-equal: the
    /// cache always answers the bytes asked for.
    @Test func textCacheGivesTheBytesAskedFor() {
        var cache = TextCache()
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghij_ klmno".utf8)
        var texts: [String] = []
        for i in 0..<4_000 {
            let length = 1 + i % 40
            texts.append(String(decoding: (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] },
                                as: UTF8.self))
        }
        // Near twins: the same length, one byte apart at the start, the middle or the end.
        let base = "enough adequate trials, at least 6 weeks"
        for position in [0, 8, 16, 24, base.utf8.count - 1] {
            var bytes = Array(base.utf8)
            bytes[position] = UInt8(ascii: "#")
            texts.append(String(decoding: bytes, as: UTF8.self))
        }
        texts.append(base)
        for round in 0..<3 {
            for text in texts.shuffled(using: &generator) {
                let bytes = Array(("\"" + text + "\"").utf8)
                let got = cache.text(bytes, 1..<(bytes.count - 1))
                #expect(got == text, "round \(round): \(text)")
            }
        }
        #expect(cache.text(Array("x".utf8), 0..<0) == "")
    }

    /// Paths of one to four segments, met in any order: each answer is the path's texts.
    @Test func pathTableGivesEachPathItsTexts() {
        var table = PathTable()
        var generator = SystemRandomNumberGenerator()
        let words = ["patient", "age", "history", "trials", "scores", "phq9", "a", "ab", "b", "long_segment_name_over_15"]
        var paths: [[String]] = []
        for i in 0..<2_000 {
            let count = 1 + i % 4
            paths.append((0..<count).map { _ in words[Int.random(in: 0..<words.count, using: &generator)] })
        }
        // Splitting the same letters differently makes different paths.
        paths += [["ab"], ["a", "b"], ["a", "b", ""], ["", "ab"]]
        for round in 0..<2 {
            for path in paths.shuffled(using: &generator) {
                let names = path.map { Name($0, .empty) }
                #expect(table.path(names) == path, "round \(round): \(path)")
            }
        }
    }

    /// `NameIndex.insert` adds a key once and reports the value already there, as a dictionary
    /// used the same way would.
    @Test func nameIndexInsertKeepsTheFirstValue() {
        var index = NameIndex()
        var reference: [String: Int] = [:]
        let names = (0..<3_000).map { "define_\($0 % 1_100)" + String(repeating: "y", count: $0 % 19) }
        for (i, name) in names.enumerated() {
            let expected = reference[name]
            if expected == nil { reference[name] = i }
            #expect(index.insert(name, i) == expected, "\(name)")
        }
        #expect(index.count == reference.count)
        for name in names + ["", "define_1"] { #expect(index[name] == reference[name], "\(name)") }
    }

    /// `Parser.capitals` is `uppercased()`, including on lower case, mixed, digits, symbols and
    /// letters outside ASCII (`ß` becomes `SS`).
    @Test func capitalsAreUppercased() {
        let texts = ["F32.1", "f32.1", "F32.*", "f10.2*", "J0000", "j1234", "K0001", "Z99.8", "", "ABC-def",
                     "é", "straße", "F3é", "ÉCOLE", "z", "Z", "a.b.c", "@[`{"]
        for text in texts { #expect(Parser.capitals(text) == text.uppercased(), "\(text)") }
    }

    /// A policy whose labels, names and paths repeat checks to the same rules, criteria and
    /// paths as the same policy with every repeated text made unique and then renamed back.
    @Test func repeatedTextsCheckAsWritten() throws {
        var text = "policy \"Repeats\" { payer \"Test\" effective 2026-01-01 }\n"
        text += "codes depression_codes_long_name = icd10 { F32.*, F33.* }\n"
        for k in 0..<60 {
            text += """
            treatment treatment_number_\(k) "Treatment with a long display name" { billing hcpcs Q\(String(format: "%04d", k)) }
            define adult_member_with_long_name_\(k % 3) = patient.age >= 18 "member is an adult of 18 or more"
            cover treatment_number_\(k) "A title that is repeated in every rule" when {
              adult_member_with_long_name_\(k % 3)
              diagnosis in depression_codes_long_name "diagnosis in the depression codes"
              history.trials.long_segment_name_over_15 >= \(k % 4) "enough adequate trials"
            }
            limit treatment_number_\(k) { 4 sessions per 28 days }

            """
        }
        // Defines repeat every third block only once: drop the duplicates the loop wrote.
        var seen = Set<String>()
        text = text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            guard line.hasPrefix("define ") else { return true }
            return seen.insert(String(line)).inserted
        }.joined(separator: "\n")
        let result = Checker.check(source: SourceFile(name: "repeats.clause", text: text))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        let policy = try #require(result.policy)
        #expect(policy.rules.count == 60)
        #expect(policy.treatments.map(\.displayName).allSatisfy { $0 == "Treatment with a long display name" })
        for (k, rule) in policy.rules.enumerated() {
            #expect(rule.title == "A title that is repeated in every rule")
            #expect(policy.treatments[rule.treatments[0]].name == "treatment_number_\(k)")
            guard case .block(_, let criteria) = rule.when.expr.kind else {
                Issue.record("rule \(k) has no block")
                continue
            }
            #expect(criteria.map(\.label) == [nil, "diagnosis in the depression codes", "enough adequate trials"])
            guard case .define(let d) = criteria[0].expr.kind else {
                Issue.record("rule \(k) does not start with a define")
                continue
            }
            #expect(policy.defines[d].name == "adult_member_with_long_name_\(k % 3)")
            guard case .binary(_, let lhs, _) = criteria[2].expr.kind, case .casePath(let path) = lhs.kind else {
                Issue.record("rule \(k): no case path")
                continue
            }
            #expect(path == ["history", "trials", "long_segment_name_over_15"])
        }
        #expect(policy.limits.allSatisfy { $0.sessions.map(\.text) == ["4 sessions per 28 days"] })
    }
}
