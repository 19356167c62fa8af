import Foundation
import Testing
@testable import ClauseKit

/// The changes of paths to coverage in plain words (`CoverageWords`): the policy's names, never
/// case paths or operators, and what the record shows (issue #17).
@Suite struct CoverageWordsTests {
    @Test func subjectsInThePolicysWords() {
        #expect(CoverageWords.subject("patient.age") == "age")
        #expect(CoverageWords.subject("scores.phq9", label: "PHQ-9 of 15 or more") == "PHQ-9 score")
        #expect(CoverageWords.subject("scores.phq9") == "phq9 score")
        #expect(CoverageWords.subject("patient.rems_enrolled", label: "member enrolled in the Spravato REMS") == "REMS enrolled")
        #expect(CoverageWords.subject("prescriber.specialty") == "prescriber's specialty")
        #expect(CoverageWords.subject("request.dose_mg") == "dose in mg")
        #expect(CoverageWords.subject("sessions[2].dose_mg") == "dose in mg of past session 3")
    }

    @Test func valuesAsTheRecordShowsThem() {
        #expect(CoverageWords.shows(.number(70)) == " (the record shows 70)")
        #expect(CoverageWords.shows(nil) == " (not given)")
        #expect(CoverageWords.shows(.bool(true)) == " (the record shows yes)")
        #expect(CoverageWords.shows(.string("family medicine")) == " (the record shows family medicine)")
        #expect(CoverageWords.value(.number(Decimal(string: "0.263158") ?? 0), percent: true) == "26.3%")
        #expect(CoverageWords.untick("required for the `out_of_network` tier") == "required for the out of network tier")
    }

    @Test func aComparisonInWords() throws {
        let policy = try checked("""
            cover esketamine "By age" when patient.age <= 64 "working age"
            cover esketamine "By score" when scores.phq9 >= 15 "PHQ-9 of 15 or more"
            """)
        let c = try CaseDecoder.decode(bytes: Array(caseJSON(extra: #""patient": {"age": 70}"#).utf8), vocabulary: policy.vocabulary)
        let d = try CompiledPolicy(policy).decide(c, explain: true)
        let words = (d.pathsToCoverage ?? []).flatMap(\.changes).map(\.words)
        #expect(words.contains("age of at most 64 (the record shows 70)"))
        #expect(words.contains("PHQ-9 score of at least 15 (not given)"))
        // The author's form keeps the path.
        #expect((d.pathsToCoverage ?? []).flatMap(\.changes).contains { $0.text == "patient.age at most 64 (now 70)" })
    }

    /// Every change of every path of every example case, as text, the JSON sentence, the
    /// report and appeal letters show it: no case path, operator or backticked name.
    @Test func noCasePathOrOperatorInTheWordsOfAnyExamplePath() throws {
        let roots = ["patient.", "scores.", "history.", "request.", "prescriber.", "provider.", "authorization.", "sessions["]
        let operators = [">=", "<=", "==", "!=", " where ", "`", "_"]
        var seen = 0
        var bad: [String] = []
        for (policy, name, checked, json) in try PathActionabilityTests.corpus() {
            guard let c = try? CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: checked.vocabulary) else { continue }
            let d = try CompiledPolicy(checked).decide(c, explain: true)
            for p in d.pathsToCoverage ?? [] {
                for text in p.changes.map(d.describe) + [d.sentence(of: p)] {
                    seen += 1
                    if let hit = (roots + operators).first(where: { text.contains($0) }) {
                        bad.append("\(policy)/\(name): `\(hit)` in \(text)")
                    }
                }
            }
        }
        #expect(seen > 50)
        #expect(bad.isEmpty, "\(bad.joined(separator: "\n"))")
    }
}

extension CoverageWordsTests {
    /// The JSON path summary and change say what the text says: after a denied authorization,
    /// the denial reversed, not an authorization merely obtained.
    @Test func theJSONWordsAChangeAsTheTextDoes() throws {
        let c = try CaseDecoder.decode(bytes: Array(try specCase("bayou-medicaid", "authorization-denied").utf8),
                                       vocabulary: try specPolicy("bayou-medicaid").vocabulary)
        let d = try CompiledPolicy(try specPolicy("bayou-medicaid")).decide(c, explain: true)
        let json = JSONWriter.write(d.json)
        #expect(json.contains("Covered if: the plan's denial of the prior authorization reversed on appeal"), "\(json)")
        #expect(!json.contains("\"change\":\"prior authorization approved"))
    }
}
