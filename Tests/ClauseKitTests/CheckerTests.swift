import Testing
@testable import ClauseKit

@Suite struct CheckerTests {
    /// The source text a diagnostic's span covers.
    func spanned(_ d: Diagnostic, _ text: String) -> String {
        SourceFile(name: "t", text: header + text).text(d.span)
    }

    @Test func typeErrorPointsAtTheOffendingOperand() throws {
        let text = "cover esketamine when patient.age >= \"x\""
        let d = try #require(diagnostics(text).first)
        #expect(d.code == .typeMismatch)
        #expect(spanned(d, text) == "\"x\"")
    }

    @Test func moneyPlusPercentIsAnError() throws {
        let text = "define fee = $40 + 20%\ncover esketamine when fee > $1"
        let d = try #require(diagnostics(text).first)
        #expect(d.code == .typeMismatch)
        #expect(spanned(d, text) == "20%")
    }

    @Test func reservedFieldsAreTyped() throws {
        let text = "cover esketamine when request.date > 5"
        let d = try #require(diagnostics(text).first)
        #expect(spanned(d, text) == "5")
    }

    @Test func unknownNamesSuggestTheClosest() throws {
        let text = "define adult = patient.age >= 18\ncover esketamine when adlut"
        let d = try #require(diagnostics(text).first)
        #expect(d.code == .undeclaredName)
        #expect(d.label == "did you mean `adult`?")
        #expect(spanned(d, text) == "adlut")
    }

    @Test func ruleForUndeclaredTreatment() throws {
        let d = try #require(diagnostics("cover ketamine when true").first)
        #expect(d.code == .undeclaredTreatment)
    }

    @Test func expiresMustFollowEffective() throws {
        let ds = diagnostics("""
            policy "x" { effective 2026-02-01 expires 2026-01-01 }
            """, withHeader: false)
        #expect(ds.contains { $0.code == .invalidDateOrder })
    }

    @Test func emptyOrUnevenCodeRanges() throws {
        let ds = diagnostics("codes a = icd10 { F33.5-F33.1, F32.0-F32.10 }\ncover esketamine when diagnosis in a")
        #expect(ds.filter { $0.code == .invalidCodeRange }.count == 2)
    }

    @Test func duplicateBillingCodeAcrossTreatments() throws {
        let ds = diagnostics("treatment other \"Other\" { billing hcpcs J0013 }\ncover esketamine when true")
        #expect(ds.contains { $0.code == .duplicateBillingCode })
    }

    @Test func everyErrorOfAFileInOneRun() throws {
        let ds = diagnostics("""
            cover nothing when true
            cover esketamine when unknown_name
            limit nowhere { 1 sessions per 1 days }
            """)
        #expect(ds.count == 3)
    }

    @Test func cyclicDefinesNameTheCycle() throws {
        let ds = diagnostics("define a = b\ndefine b = c\ndefine c = a\ncover esketamine when a")
        let d = try #require(ds.first { $0.code == .cyclicDefine })
        #expect(d.message.contains("`a` → `b` → `c` → `a`"))
    }

    @Test func specPoliciesCheckClean() throws {
        for text in [SpecPolicies.acmePPO, SpecPolicies.valleyHMO] {
            let result = Checker.check(source: SourceFile(name: "spec", text: text))
            #expect(result.diagnostics.isEmpty)
            #expect(result.policy != nil)
        }
    }
}
