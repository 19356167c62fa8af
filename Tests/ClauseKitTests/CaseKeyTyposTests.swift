import Testing
@testable import ClauseKit

/// Case keys no rule reads that are close to one that is (`pregant` for `pregnant`).
@Suite struct CaseKeyTyposTests {
    func typos(_ policyBody: String, _ caseJSON: String) throws -> [CaseKeyTypos.Typo] {
        let source = SourceFile(name: "p.clause", text: """
        policy "P" { effective 2026-01-01 }
        treatment t "T" { billing hcpcs J0013 }
        \(policyBody)
        """)
        let policy = try #require(Checker.check(source: source).policy)
        let root = try JSONReader.parse(Array(caseJSON.utf8))
        return CaseKeyTypos(policy.vocabulary).typos(in: root)
    }

    @Test func misspelledKeysAreFoundWithTheirPaths() throws {
        let found = try typos("cover t when { patient.age >= 18  not patient.pregnant }",
                              #"{"patient": {"agee": 3, "pregant": false}, "request": {"treatment": "t"}}"#)
        #expect(found.map(\.path) == ["patient.agee", "patient.pregant"])
        #expect(found.map(\.suggestedPath) == ["patient.age", "patient.pregnant"])
    }

    @Test func keysReadOrFarFromEveryReadKeyAreQuiet() throws {
        #expect(try typos("cover t when patient.age >= 18",
                          #"{"patient": {"age": 30, "name": "Ann", "favourite_colour": "red"}}"#).isEmpty)
    }

    @Test func keysInListElementsAndReservedKeysCount() throws {
        // `dat` is one edit from the sessions' reserved `date`; `history.trails` lies in a list.
        let found = try typos("cover t when count(history.trials where weeks >= 6) >= 2",
                              #"{"history": {"trials": [{"weeks": 8}, {"weekss": 8}]}, "sessions": [{"dat": "2026-01-01"}]}"#)
        #expect(found.map(\.path) == ["history.trials.weekss", "sessions.dat"])
        #expect(found.map(\.suggestion) == ["weeks", "date"])
    }

    @Test func aTallyCountsCasesPerDistinctKey() {
        var tally = CaseKeyTypos.Tally()
        let a = CaseKeyTypos.Typo(path: "patient.agee", key: "agee", suggestion: "age")
        let b = CaseKeyTypos.Typo(path: "patient.pregant", key: "pregant", suggestion: "pregnant")
        tally.add([a])
        var later = CaseKeyTypos.Tally()
        later.add([a, b])
        later.add([a])
        tally.merge(later)
        #expect(tally.entries.map(\.typo.key) == ["agee", "pregant"])
        #expect(tally.entries.map(\.cases) == [3, 1])
    }

    @Test func readKeysAreRecognisedByTheirMemberHashesHoweverTheCaseWasRead() throws {
        let source = SourceFile(name: "p.clause", text: """
        policy "P" { effective 2026-01-01 }
        treatment t "T" { billing hcpcs J0013 }
        cover t when patient.age >= 18 and patient.a_rather_long_key_name_past_sixteen_bytes > 1
        """)
        let policy = try #require(Checker.check(source: source).policy)
        let typos = CaseKeyTypos(policy.vocabulary)
        let text = #"{"patient": {"\u0061ge": 3, "a_rather_long_key_name_past_sixteen_bytes": 1, "other": 1}}"#
        for root in [try JSONReader.parse(Array(text.utf8)), try JSONReader.parse(Array(text.utf8), keys: policy.vocabulary.keys)] {
            guard case .object(let top) = root, case .object(let patient)? = top["patient"] else {
                Issue.record("not an object")
                continue
            }
            top.withEntries { entries in #expect(entries.allSatisfy { typos.isRead($0.key, hash: $0.hash) }) }
            patient.withEntries { entries in
                #expect(entries.map { typos.isRead($0.key, hash: $0.hash) } == [true, true, false], "an escaped key too")
            }
        }
    }
}
