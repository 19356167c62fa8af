import Testing
@testable import ClauseKit

@Suite struct ThreeValuedLogicTests {
    @Test func falseAndUnknownIsFalse() throws {
        let d = try decide("cover esketamine when patient.age >= 18 and patient.unknown_thing", caseJSON(extra: #""patient": {"age": 12}"#))
        #expect(d.kind == .denied)
        #expect(d.denialKind == .criteriaNotMet)
    }

    @Test func trueOrUnknownIsTrue() throws {
        let d = try decide("cover esketamine when patient.age >= 18 or patient.unknown_thing", caseJSON(extra: #""patient": {"age": 30}"#))
        #expect(d.kind == .covered)
    }

    @Test func notUnknownIsUnknownAndNamesThePath() throws {
        let d = try decide("cover esketamine when not patient.pregnant", caseJSON(extra: #""patient": {"age": 30}"#))
        #expect(d.kind == .needsInformation)
        #expect(d.missing == ["patient.pregnant"])
    }

    @Test func comparisonEvaluatesEveryOperandForMissing() throws {
        let d = try decide("cover esketamine when scores.a + scores.b >= 10", caseJSON())
        #expect(d.kind == .needsInformation)
        #expect(d.missing == ["scores.a", "scores.b"])
    }

    @Test func unknownDenyWithFalseCoversIsCriteriaNotMet() throws {
        let d = try decide("""
            deny esketamine when patient.pregnant
            cover esketamine when patient.age >= 18
            """, caseJSON(extra: #""patient": {"age": 12}"#))
        #expect(d.denialKind == .criteriaNotMet)
    }

    @Test func unknownDenyIsNeverCovered() throws {
        let d = try decide("""
            deny esketamine when patient.pregnant
            cover esketamine when patient.age >= 18
            """, caseJSON(extra: #""patient": {"age": 30}"#))
        #expect(d.kind == .needsInformation)
        #expect(d.missing == ["patient.pregnant"])
    }

    @Test func unknownCoverWithUncoveredTierIsTierNotCovered() throws {
        let d = try decide("cover esketamine when patient.age >= 18", caseJSON(network: "excluded_tier"))
        #expect(d.denialKind == .tierNotCovered)
    }

    @Test func unknownUnlessLeavesDenyUnknown() throws {
        let d = try decide("""
            deny esketamine when patient.age < 100 unless request.clinical_trial
            cover esketamine when true
            """, caseJSON(extra: #""patient": {"age": 30}"#))
        #expect(d.kind == .needsInformation)
        #expect(d.missing == ["request.clinical_trial"])
    }

    @Test func trueUnlessLiftsTheDeny() throws {
        let d = try decide("""
            deny esketamine when patient.age < 100 unless request.clinical_trial
            cover esketamine when true
            """, caseJSON(extra: #""patient": {"age": 30}"#).replacingOccurrences(
                of: #""sessions": 1,"#, with: #""sessions": 1, "clinical_trial": true,"#))
        #expect(d.kind == .covered)
    }

    @Test func atLeastCountsTrueFalseAndUnknown() throws {
        let policy = try checked("""
            cover esketamine when at least 2 of {
              history.a  "a"
              history.b  "b"
              history.c  "c"
            }
            """)
        #expect(try decide(policy, caseJSON(extra: #""history": {"a": true, "b": true}"#)).kind == .covered)
        #expect(try decide(policy, caseJSON(extra: #""history": {"a": false, "b": false}"#)).denialKind == .criteriaNotMet)
        let unknown = try decide(policy, caseJSON(extra: #""history": {"a": true, "b": false}"#))
        #expect(unknown.kind == .needsInformation)
        #expect(unknown.missing == ["history.c"])
    }

    @Test func denyOverridesCover() throws {
        let d = try decide("""
            cover esketamine "Adults" when patient.age >= 18
            deny esketamine "Pregnancy" when patient.pregnant "pregnancy"
            """, caseJSON(extra: #""patient": {"age": 30, "pregnant": true}"#))
        #expect(d.denialKind == .excluded)
        #expect(d.summary == "Denied: excluded by 'Pregnancy' (line 10): pregnancy. If you go ahead, you pay $100.00; the plan pays nothing.")
    }

    @Test func noCoverRuleIsNoCoverageRule() throws {
        let d = try decide("deny esketamine when false", caseJSON())
        #expect(d.denialKind == .noCoverageRule)
    }
}

@Suite struct ExpressionTests {
    @Test func percentStringsAndNumbers() throws {
        let policy = try checked("""
            cover esketamine when distinct(history.trials.drug_class where weeks >= 6 and improvement <= 25%) >= 2
            """)
        let ok = try decide(policy, caseJSON(extra: #""history": {"trials": [{"drug_class": "SSRI", "weeks": 8, "improvement": "10%"}, {"drug_class": "SNRI", "weeks": 6, "improvement": 0.25}, {"drug_class": "SSRI", "weeks": 9, "improvement": 0}]}"#))
        #expect(ok.kind == .covered)
        let one = try decide(policy, caseJSON(extra: #""history": {"trials": [{"drug_class": "SSRI", "weeks": 8, "improvement": "10%"}, {"drug_class": "SSRI", "weeks": 6, "improvement": 0.2}, {"drug_class": "SNRI", "weeks": 4, "improvement": 0}]}"#))
        #expect(one.denialKind == .criteriaNotMet)
    }

    @Test func countWithUnknownElementFieldIsUnknown() throws {
        let d = try decide("cover esketamine when count(history.trials where weeks >= 6) >= 1",
                           caseJSON(extra: #""history": {"trials": [{"weeks": 2}, {"drug": "x"}]}"#))
        #expect(d.kind == .needsInformation)
        #expect(d.missing == ["history.trials[1].weeks"])
    }

    @Test func arithmeticWithPercent() throws {
        let policy = try checked("cover esketamine when (scores.base - scores.now) / scores.base >= 50%")
        #expect(try decide(policy, caseJSON(extra: #""scores": {"base": 30, "now": 15}"#)).kind == .covered)
        #expect(try decide(policy, caseJSON(extra: #""scores": {"base": 30, "now": 16}"#)).denialKind == .criteriaNotMet)
    }

    @Test func divisionByZeroRefusesTheCase() throws {
        let policy = try checked("cover esketamine when scores.a / scores.b >= 1")
        #expect(throws: EvaluationError.self) {
            try decide(policy, caseJSON(extra: #""scores": {"a": 3, "b": 0}"#))
        }
    }

    @Test func wrongTypeNamesThePathAndLine() throws {
        let policy = try checked("cover esketamine when patient.age >= 18")
        do {
            _ = try decide(policy, caseJSON(extra: #""patient": {"age": "34"}"#))
            Issue.record("expected an evaluation error")
        } catch let error as EvaluationError {
            #expect(error.message.contains("patient.age"))
            #expect(error.line == 9)
        }
    }

    @Test func listMembershipAndKnown() throws {
        let policy = try checked("""
            cover esketamine when { prescriber.specialty in ["psychiatry", "neurology"]  known scores.phq9 }
            """)
        #expect(try decide(policy, caseJSON(extra: #""prescriber": {"specialty": "psychiatry"}, "scores": {"phq9": 3}"#)).kind == .covered)
        #expect(try decide(policy, caseJSON(extra: #""prescriber": {"specialty": "psychiatry"}"#)).denialKind == .criteriaNotMet)
    }

    @Test func dateArithmetic() throws {
        let policy = try checked("cover esketamine when request.date - authorization.approved_on <= 30 days")
        #expect(try decide(policy, caseJSON(date: "2026-03-03")).kind == .covered)     // 30 days after 2026-02-01
        #expect(try decide(policy, caseJSON(date: "2026-03-04")).denialKind == .criteriaNotMet)
    }

    @Test func fdaStatusFollowsIndicationAndSinceDate() throws {
        let policy = try checked("""
            codes dep = icd10 { F33.* }
            codes ptsd = icd10 { F43.1* }
            treatment iv "IV" { billing hcpcs J3490  fda approved for dep since 2026-03-01  fda investigational for ptsd }
            cover iv when fda approved
            deny iv when fda investigational
            """)
        #expect(try decide(policy, caseJSON(treatment: "iv", date: "2026-03-01")).kind == .covered)
        #expect(try decide(policy, caseJSON(treatment: "iv", date: "2026-02-28")).denialKind == .criteriaNotMet)
        let ptsd = caseJSON(treatment: "iv").replacingOccurrences(of: #"["F33.2"]"#, with: #"["F43.10"]"#)
        #expect(try decide(policy, ptsd).denialKind == .excluded)
    }
}

@Suite struct CodePatternTests {
    func matches(_ pattern: CodePattern.Kind, _ code: String) -> Bool {
        CodePattern(pattern, .empty).matches(code)
    }

    @Test func prefixes() {
        #expect(matches(.prefix("F33."), "F33.2"))
        #expect(!matches(.prefix("F33."), "F330"))
        #expect(matches(.prefix("F10.2"), "F10.20"))
        #expect(matches(.prefix("F10.2"), "F10.2"))
        #expect(!matches(.prefix("F10.2"), "F10.1"))
    }

    @Test func categoriesCoverTheirSubcodes() {
        #expect(matches(.code("F22"), "F22"))
        #expect(matches(.code("F22"), "F22.0"))
        #expect(!matches(.code("F22"), "F220"))
        #expect(matches(.code("F43.1"), "F43.10"))
        #expect(!matches(.code("F32.A"), "F32.9"))
    }

    @Test func ranges() {
        let r = CodePattern.Kind.range(low: "F32.0", high: "F32.5")
        #expect(matches(r, "F32.0"))
        #expect(matches(r, "F32.4"))
        #expect(matches(r, "F32.51"))
        #expect(!matches(r, "F32.9"))
        #expect(!matches(r, "F32"))
        #expect(!matches(r, "F32.A"))
    }
}

@Suite struct CalendarTests {
    @Test func validatesDates() {
        #expect(Day(iso: "2026-02-30") == nil)
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2026-13-01") == nil)
        #expect(Day(iso: "0000-01-01")?.description == "0000-01-01")
        #expect(Day(iso: "9999-12-31")?.description == "9999-12-31")
    }

    @Test func monthsClampToMonthEnd() throws {
        let jan31 = try #require(Day(iso: "2026-01-31"))
        #expect(Duration(1, .months).after(jan31)?.description == "2026-02-28")
        #expect(Duration(1, .years).after(try #require(Day(iso: "2024-02-29")))?.description == "2025-02-28")
        #expect(Duration(28, .days).before(try #require(Day(iso: "2026-03-02")))?.description == "2026-02-02")
        #expect(Duration(1, .days).after(Day.maximum) == nil)
    }
}
