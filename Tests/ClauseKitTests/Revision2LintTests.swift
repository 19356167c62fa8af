import Testing
@testable import ClauseKit

/// Lints about revision 2: review kinds without a cover rule, a rule's authorization outlasting
/// its limit block, dose lines that never bind; and silence where the policy is fine.
@Suite struct Revision2LintTests {
    func lints(_ body: String) -> [DiagnosticCode] {
        lintDiagnostics(body).map(\.code)
    }

    @Test func aReviewKindWithoutACoverRule() {
        #expect(lints("cover t for continuation when x.a") == [.reviewKindWithoutCover])
        #expect(lints("cover t for initial when x.a\ncover t for initial when x.b") == [.reviewKindWithoutCover])
        #expect(lints("cover t for initial when x.a\ncover t for continuation when x.b").isEmpty)
        #expect(lints("cover t for continuation when x.a\ncover t when x.b").isEmpty)
        #expect(lints("cover t when x.a").isEmpty)
        let message = Linter.lint(source: SourceFile(name: "l", text: """
            policy "L" { }
            treatment t "T" { }
            cover t "C" for continuation when x.a
            """)).first?.message
        #expect(message == "initial requests for `t` can never be covered")
    }

    @Test func aRuleAuthorizationOutlastingItsBlock() {
        #expect(lints("cover t when x.a requires prior_authorization lasting 7 months\nlimit t { authorization lasts 6 months }")
                == [.authorizationOutlastsLimit])
        // Only the kinds the rule applies to are compared, and a kind's own line wins.
        #expect(lints("""
            cover t for continuation when x.a requires prior_authorization lasting 6 months
            cover t for initial when x.a requires prior_authorization lasting 4 weeks
            limit t { initial authorization lasts 4 weeks  authorization lasts 6 months }
            """).isEmpty)
        #expect(lints("""
            cover t for initial when x.a requires prior_authorization lasting 2 months
            cover t for continuation when x.a
            limit t { initial authorization lasts 4 weeks  authorization lasts 6 months }
            """) == [.authorizationOutlastsLimit])
        // Months are 28-31 days: only certain comparisons fire.
        #expect(lints("cover t when x.a requires prior_authorization lasting 1 month\nlimit t { authorization lasts 30 days }").isEmpty)
        // Without a block length there is nothing to outlast.
        #expect(lints("cover t when x.a requires prior_authorization lasting 1 year\nlimit t { 4 sessions per 28 days }").isEmpty)
    }

    @Test func doseLinesThatNeverBind() {
        #expect(lints("cover t when x.a\nlimit t { 84 mg per 7 days  168 mg per 7 days during weeks 1-4 }") == [.shadowedLimit])
        #expect(lints("cover t when x.a\nlimit t { 84 mg per 7 days from week 5  168 mg per 7 days during weeks 1-4 }").isEmpty)
        // A dose limit on a treatment whose rules never read request.dose_mg is fine.
        #expect(lints("cover t when x.a\nlimit t { 84 mg per 7 days }").isEmpty)
    }

    @Test func theRevision2PolicyIsLintFree() {
        let source = SourceFile(name: "r2.clause", text: revision2Policy)
        #expect(Linter.lint(source: source).map(\.message) == [])
    }

    @Test func rulesForDifferentReviewKindsAreNotDuplicates() {
        #expect(lints("cover t for initial when x.a\ncover t for continuation when x.a").isEmpty)
        #expect(lints("cover t when x.a requires prior_authorization lasting 4 weeks\ncover t when x.a requires prior_authorization")
                .isEmpty)
        #expect(lints("cover t for initial when x.a\ncover t for initial when x.a\ncover t when x.b") == [.duplicateRule])
    }
}
