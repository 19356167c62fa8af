import Foundation
import Testing
@testable import ClauseKit

/// Conditions on one element of a list (issue #16): `define NAME of LIST = …` used in a `where`
/// over that list, and dotted paths inside `where` that read fields nested in the element.
@Suite struct ElementExpressionTests {
    static let trials = #""history": {"trials": [{"drug_class": "SSRI", "weeks": 8, "improvement": "10%", "end": "2026-01-15", "augmentation": {"drug_class": "atypical"}}, {"drug_class": "SNRI", "weeks": 6, "improvement": 0.2, "end": "2024-11-01", "augmentation": {"drug_class": "lithium"}}]}"#

    static func decide(_ policy: String, _ extra: String = trials) throws -> Decision {
        try RevisionTwoTests.decideBoth(try checked(policy), RevisionTwoTests.caseText(date: "2026-03-02", extra: extra))
    }

    @Test func anElementDefineIsWrittenOnceAndUsedInSeveralWheres() throws {
        let policy = """
            define adequate_trial of history.trials = weeks >= 6 and improvement <= 25% "an adequate trial"
            define recent of history.trials = request.date - end <= 365 days
            cover esketamine when {
              distinct(history.trials.drug_class where adequate_trial) >= 2
              count(history.trials where adequate_trial and recent) == 1
            }
            """
        #expect(try Self.decide(policy).kind == .covered)
        // One trial too short: one class left, so the first criterion fails.
        let short = Self.trials.replacingOccurrences(of: #""weeks": 6"#, with: #""weeks": 4"#)
        #expect(try Self.decide(policy, short).denialKind == .criteriaNotMet)
    }

    @Test func anElementDefineOutsideItsListIsACheckError() {
        let outside = diagnostics("define a of history.trials = weeks >= 6\ncover esketamine when a")
        #expect(outside.contains { $0.message.contains("describes an element of `history.trials`") })
        let otherList = diagnostics("define a of history.trials = weeks >= 6\ncover esketamine when count(history.scores where a) > 0")
        #expect(otherList.contains { $0.message.contains("describes an element of `history.trials`") })
        // A plain define with element fields gets help that names the element form.
        let plain = diagnostics("define a = weeks >= 6\ncover esketamine when a")
        #expect(plain.contains { $0.help?.contains("define NAME of LIST") == true })
    }

    @Test func aDottedPathInWhereReadsTheElementUnlessItStartsAtTheCase() throws {
        // `augmentation` is not a root the policy reads elsewhere: the element's field.
        let nested = try Self.decide(#"cover esketamine when count(history.trials where augmentation.drug_class == "atypical") == 1"#)
        #expect(nested.kind == .covered)
        // `request` is a root of the case: `request.date` is the case's.
        #expect(try Self.decide("cover esketamine when count(history.trials where request.date - end <= 365 days) == 1").kind == .covered)
        // A root the policy reads outside `where` is the case's, inside it too.
        let root = try Self.decide(#"cover esketamine when patient.flag and count(history.trials where patient.flag) == 2"#,
                                   Self.trials + #", "patient": {"flag": true}"#)
        #expect(root.kind == .covered)
        // A missing nested field is named by its element.
        let missing = try Self.decide(#"cover esketamine when count(history.trials where augmentation.drug_class == "x") >= 1"#,
                                      #""history": {"trials": [{"weeks": 8}]}"#)
        #expect(missing.missing == ["history.trials[0].augmentation.drug_class"])
    }

    @Test func theFormatterKeepsTheElementForm() throws {
        let text = header + "define adequate_trial of history.trials = weeks >= 6\ncover esketamine when count(history.trials where adequate_trial) > 0\n"
        guard case .success(let formatted) = Formatter.format(SourceFile(name: "t.clause", text: text)) else {
            Issue.record("did not format")
            return
        }
        #expect(formatted.contains("define adequate_trial of history.trials = weeks >= 6"))
    }
}
