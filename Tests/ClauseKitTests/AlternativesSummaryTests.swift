import Testing
@testable import ClauseKit

/// A denial lists the alternatives of a failed `any` / `at least N of` group as alternatives.
@Suite struct AlternativesSummaryTests {
    @Test func anyGroupSaysOneOf() throws {
        let d = try decide("""
            cover esketamine "TRD" when {
              patient.age >= 18 "adult"
              any {
                patient.trials >= 2 "two failed trials"
                patient.ect "failed ECT"
                patient.suicidal "acute suicidal ideation"
              }
            }
            """, caseJSON(extra: "\"patient\": {\"age\": 16, \"trials\": 1, \"ect\": false, \"suicidal\": false}"))
        #expect(d.summary.contains("(line 9): adult; one of: two failed trials, failed ECT or acute suicidal ideation"), "\(d.summary)")
    }

    @Test func atLeastGroupSaysHowManyMore() throws {
        let policy = """
            cover esketamine "TRD" when at least 2 of {
              patient.a "A"
              patient.b "B"
              patient.c "C"
            }
            """
        let none = try decide(policy, caseJSON(extra: "\"patient\": {\"a\": false, \"b\": false, \"c\": false}"))
        #expect(none.summary.contains("at least 2 of: A, B or C"), "\(none.summary)")
        let one = try decide(policy, caseJSON(extra: "\"patient\": {\"a\": true, \"b\": false, \"c\": false}"))
        #expect(one.summary.contains("at least 1 more of: B or C"), "\(one.summary)")
    }

    @Test func aNestedGroupIsNamedByWhatItLacked() throws {
        let d = try decide("""
            cover esketamine "TRD" when any {
              { patient.a "A"  patient.b "B" }
              patient.c "C"
            }
            """, caseJSON(extra: "\"patient\": {\"a\": false, \"b\": false, \"c\": false}"))
        #expect(d.summary.contains("one of: A and B or C"), "\(d.summary)")
    }
}
