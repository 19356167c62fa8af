import Foundation
import Testing
@testable import ClauseKit

/// The appeal letter argues the cover rule nearest to covering the case, decided once
/// (`AppealLetter.nearestCoverRule`) and used by every section (issue #17).
@Suite struct AppealNearestRuleTests {
    /// "Two apart" misses two criteria, "One short" one (its one criterion needs two scores): the
    /// smallest paths tie at two changes, and the first in the file is "Two apart"; the letter
    /// still argues "One short".
    static let policy = """
        cover esketamine "Two apart" when {
          history.failed_antidepressants >= 4  "four failed antidepressants"
          scores.hamd >= 17                    "HAM-D of 17 or more"
        }
        cover esketamine "One short" when {
          patient.age >= 18                                "adult"
          scores.phq9 >= 20 and scores.madrs >= 35         "severe on both PHQ-9 and MADRS"
        }
        """
    static let json = caseJSON(extra: #""patient": {"age": 40}, "history": {"failed_antidepressants": 3}, "#
        + #""scores": {"hamd": 10, "phq9": 12, "madrs": 20}"#)

    @Test func theNearestRuleHasTheFewestUnmetCriteria() throws {
        let policy = try checked(Self.policy)
        let c = try CaseDecoder.decode(bytes: Array(Self.json.utf8), vocabulary: policy.vocabulary)
        let d = try CompiledPolicy(policy).decide(c, explain: true)
        #expect(d.kind == .denied)
        #expect(AppealLetter.nearestCoverRule(policy, c, d)?.title == "One short")
        let appeal = AppealLetter(policy: policy, patientCase: c, decision: d)
        #expect(appeal.nearestCoverRule?.title == "One short")
        #expect(appeal.argued?.ruleTitle == "One short")
    }

    @Test func everySectionArguesTheSameRule() throws {
        let (_, letterText) = try letter(try checked(Self.policy), Self.json)
        // After the plan's decision, quoted as given, the letter speaks of one rule only.
        let text = letterText.components(separatedBy: "## The coverage criteria").last ?? ""
        #expect(text.contains("The policy's rule \"One short\""))
        #expect(!text.contains("Two apart"))
        #expect(!text.contains("four failed antidepressants"))
        #expect(!text.contains("HAM-D of 17"))
        // The unmet criterion of the nearest rule is a placeholder, the met one is stated.
        #expect(text.contains("**adult** (policy line"))
        #expect(text.contains("severe on both PHQ-9 and MADRS"))
    }

    @Test func aDecidingCoverRuleIsTheNearest() throws {
        let policy = try checked("""
            cover esketamine "First" when scores.phq9 >= 20 "PHQ-9 of 20 or more"
            cover esketamine "Second" when patient.age >= 18 "adult"
              requires prior_authorization
            """)
        let json = caseJSON(extra: #""patient": {"age": 40}, "scores": {"phq9": 12}"#)
            .replacingOccurrences(of: #""prior_authorization": "approved""#, with: #""prior_authorization": "none""#)
        let c = try CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: policy.vocabulary)
        let d = try CompiledPolicy(policy).decide(c, explain: true)
        #expect(d.kind == .pending)
        #expect(AppealLetter.nearestCoverRule(policy, c, d)?.title == "Second")
    }
}
