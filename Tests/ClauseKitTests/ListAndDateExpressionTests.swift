import Foundation
import Testing
@testable import ClauseKit

/// `sum`, `min` and `max` of a list's field, `X within D of Y` and `days since X` (issue #16):
/// values, unknowns, type errors, formatting; each decision asked of both speeds.
@Suite struct ListAndDateExpressionTests {
    static func decideBoth(_ policy: CheckedPolicy, _ json: String) throws -> Decision {
        try RevisionTwoTests.decideBoth(policy, json)
    }

    static func caseWith(_ extra: String, date: String = "2026-03-02") -> String {
        RevisionTwoTests.caseText(date: date, extra: extra)
    }

    static let trials = #""history": {"trials": [{"weeks": 8, "improvement": "10%", "end": "2026-01-15"}, {"weeks": 6, "improvement": 0.4, "end": "2025-11-01"}, {"weeks": 5, "improvement": 0.2, "end": "2025-06-01"}]}"#

    @Test func sumMinAndMaxTakeTheFieldOfTheMatchingElements() throws {
        func outcome(_ criterion: String) throws -> DecisionKind {
            try Self.decideBoth(try checked("cover esketamine when \(criterion)"), Self.caseWith(Self.trials)).kind
        }
        #expect(try outcome("sum(history.trials.weeks) == 19") == .covered)
        #expect(try outcome("sum(history.trials.weeks where improvement <= 25%) == 13") == .covered)
        #expect(try outcome("min(history.trials.weeks) == 5") == .covered)
        #expect(try outcome("max(history.trials.weeks where improvement > 25%) == 6") == .covered)
        #expect(try outcome("max(history.trials.end) == 2026-01-15") == .covered)
        #expect(try outcome("min(history.trials.end) > 2025-07-01") == .denied)
        // No element matches: a sum of nothing is 0; a minimum of nothing is not known.
        #expect(try outcome("sum(history.trials.weeks where weeks > 50) == 0") == .covered)
        let none = try Self.decideBoth(try checked("cover esketamine when min(history.trials.weeks where weeks > 50) >= 1"),
                                       Self.caseWith(Self.trials))
        #expect(none.kind == .needsInformation && none.missing == ["history.trials"])
    }

    @Test func anUnknownFieldIsNamedByItsElement() throws {
        let json = Self.caseWith(#""history": {"trials": [{"weeks": 8}, {"drug": "sertraline"}]}"#)
        let d = try Self.decideBoth(try checked("cover esketamine when sum(history.trials.weeks) >= 12"), json)
        #expect(d.kind == .needsInformation && d.missing == ["history.trials[1].weeks"])
    }

    @Test func valuesThatCannotBeAddedRefuseTheCase() throws {
        let policy = try checked("cover esketamine when sum(history.trials.drug) >= 1")
        let json = Self.caseWith(#""history": {"trials": [{"drug": "sertraline"}]}"#)
        let c = try CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: policy.vocabulary)
        #expect(throws: EvaluationError.self) { _ = try CompiledPolicy(policy).decide(c) }
        #expect(throws: EvaluationError.self) { _ = try CompiledPolicy(policy).decide(c, explain: true) }
    }

    @Test func withinIsBothWaysAndInclusive() throws {
        let policy = try checked(#"cover esketamine when scores.phq9_date within 30 days of request.date "a PHQ-9 from the last 30 days""#)
        for (day, kind) in [("2026-01-31", DecisionKind.covered), ("2026-01-30", .denied), ("2026-04-01", .covered), ("2026-04-02", .denied)] {
            let d = try Self.decideBoth(policy, Self.caseWith(#""scores": {"phq9_date": "\#(day)"}"#))
            #expect(d.kind == kind, "\(day)")
        }
        let missing = try Self.decideBoth(policy, Self.caseWith(#""scores": {}"#))
        #expect(missing.missing == ["scores.phq9_date"])
    }

    @Test func daysSinceCountsToTheRequestDate() throws {
        let policy = try checked("cover esketamine when days since history.last_trial_end <= 90")
        #expect(try Self.decideBoth(policy, Self.caseWith(#""history": {"last_trial_end": "2025-12-02"}"#)).kind == .covered)
        #expect(try Self.decideBoth(policy, Self.caseWith(#""history": {"last_trial_end": "2025-12-01"}"#)).kind == .denied)
        let d = try Self.decideBoth(policy, Self.caseWith(#""history": {"last_trial_end": "2025-12-02"}"#))
        #expect(d.reasons.first?.when.values.contains { $0.path == "request.date" } == true)
    }

    @Test func typesAreCheckedWhereTheyAreKnown() {
        #expect(diagnostics("cover esketamine when request.date within 3 of request.date").contains {
            $0.message.contains("`within` takes a duration")
        })
        #expect(diagnostics("cover esketamine when 5 within 3 days of request.date").contains {
            $0.message.contains("compares dates")
        })
        #expect(diagnostics("cover esketamine when days since 5 > 3").contains { $0.message.contains("`days since` takes a date") })
        #expect(diagnostics("cover esketamine when sum(history) > 3").contains { $0.message.contains("needs a list and a field") })
    }

    @Test func formattingKeepsTheForms() throws {
        let text = header + """
            cover esketamine when {
              sum(history.trials.weeks where improvement <= 25%) >= 12
              scores.phq9_date within 30 days of request.date
              days since max(history.trials.end) <= 90
            }
            """
        let source = SourceFile(name: "t.clause", text: text)
        guard case .success(let formatted) = Formatter.format(source) else {
            Issue.record("the policy did not format")
            return
        }
        #expect(formatted.contains("sum(history.trials.weeks where improvement <= 25%) >= 12"))
        #expect(formatted.contains("scores.phq9_date within 30 days of request.date"))
        #expect(formatted.contains("days since max(history.trials.end) <= 90"))
        if case .success(let again) = Formatter.format(SourceFile(name: "t.clause", text: formatted)) {
            #expect(again == formatted)
        } else {
            Issue.record("the formatted policy did not format again")
        }
        // `sum`, `min`, `max`, `within` and `since` stay names where they are not these forms.
        _ = try checked("cover esketamine when patient.sum > 1 and history.min.max == 2 and scores.within")
    }
}

/// `documented X` (issue #16): what the case does not give counts as not met.
@Suite struct DocumentedTests {
    static let policy = """
        cover esketamine "TRD" when {
          documented scores.phq9 >= 15        "a documented PHQ-9 of 15 or more"
          patient.age >= 18                   "adult"
        }
        """

    @Test func anUndocumentedFactIsNotMetAndADocumentedOneDecides() throws {
        let policy = try checked(Self.policy)
        let absent = try RevisionTwoTests.decideBoth(policy, RevisionTwoTests.caseText(date: "2026-03-02", extra: #""patient": {"age": 40}"#))
        #expect(absent.denialKind == .criteriaNotMet)
        let low = try RevisionTwoTests.decideBoth(policy, RevisionTwoTests.caseText(date: "2026-03-02", extra: #""patient": {"age": 40}, "scores": {"phq9": 10}"#))
        #expect(low.denialKind == .criteriaNotMet)
        let met = try RevisionTwoTests.decideBoth(policy, RevisionTwoTests.caseText(date: "2026-03-02", extra: #""patient": {"age": 40}, "scores": {"phq9": 20}"#))
        #expect(met.kind == .covered)
        // Without `documented`, the same absent score is missing information.
        let plain = try checked(Self.policy.replacingOccurrences(of: "documented ", with: ""))
        let unknown = try RevisionTwoTests.decideBoth(plain, RevisionTwoTests.caseText(date: "2026-03-02", extra: #""patient": {"age": 40}"#))
        #expect(unknown.kind == .needsInformation && unknown.missing == ["scores.phq9"])
    }

    @Test func thePathNamesTheFactToDocument() throws {
        let policy = try checked(Self.policy)
        let c = try CaseDecoder.decode(bytes: Array(RevisionTwoTests.caseText(date: "2026-03-02", extra: #""patient": {"age": 40}"#).utf8),
                                       vocabulary: policy.vocabulary)
        let d = try CompiledPolicy(policy).decide(c, explain: true)
        let path = try #require(d.pathsToCoverage?.first)
        #expect(path.changes.map(\.text) == ["scores.phq9 at least 15 (not given)"])
        #expect(path.verified == true)
    }

    @Test func itCoversAComparisonButNotAnd() {
        #expect(diagnostics("cover esketamine when documented patient.age >= 18 and documented patient.flag").isEmpty)
        // `documented` alone is a name (a define may be called so).
        #expect(diagnostics("define documented = patient.flag\ncover esketamine when documented and patient.x").isEmpty)
        #expect(!diagnostics("cover esketamine when documented 5 + 1").isEmpty)
    }
}
