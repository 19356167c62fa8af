import Testing
@testable import ClauseKit

/// Lints: each fires where it should and stays silent where the policy is fine.
private func lints(_ body: String) -> [DiagnosticCode] {
    let text = """
    policy "L" { effective 2026-01-01 }
    codes mdd = icd10 { F33.* }
    treatment t "T" { billing hcpcs J0013  fda approved for mdd }
    \(body)
    """
    let source = SourceFile(name: "l.clause", text: text)
    let checked = Checker.check(source: source)
    #expect(!checked.hasErrors, "\(checked.diagnostics.map(\.message))")
    return Linter.lint(source: source).map(\.code)
}

@Test func boundsThatOverlapAreFine() {
    #expect(lints("cover t when { patient.age >= 18  patient.age <= 18  diagnosis in mdd }").isEmpty)
    #expect(lints("cover t when { patient.age > 18  patient.age < 18.5 }").isEmpty)
    // Different kinds of constant are not compared.
    #expect(lints("cover t when { x.v >= $10  x.v < 5 }").isEmpty)
    // Alternatives are not conjuncts.
    #expect(lints("cover t when any { patient.age < 16  patient.age >= 18 }").isEmpty)
}

@Test func contradictionsThroughDefinesAndEquality() {
    #expect(lints("define adult = patient.age >= 18\ncover t when { adult  patient.age == 16 }") == [.contradictoryBounds])
    #expect(lints("cover t when 18 > patient.age and patient.age > 18") == [.contradictoryBounds])
    #expect(lints("cover t when { patient.age >= 18  patient.age <= 18  patient.age != 18 }") == [.contradictoryBounds])
    #expect(lints("cover t when { x.d >= 2026-03-01  x.d < 2026-02-01 }") == [.contradictoryBounds])
}

@Test func denyWithUnlessOrNarrowerBoundIsFine() {
    #expect(lints("cover t when { patient.age >= 18 }\ndeny t when patient.age >= 18 unless x.trial").isEmpty)
    #expect(lints("cover t when { patient.age >= 18 }\ndeny t when patient.age >= 65").isEmpty)
    #expect(lints("cover t when { patient.age >= 18 }\ndeny t when patient.age > 17") == [.denyCoversRule])
}

@Test func rulesDifferingInRequirementsAreNotDuplicates() {
    #expect(lints("cover t when x.a\ncover t when x.a requires referral").isEmpty)
    #expect(lints("cover t when x.a\ncover t \"Other title\" when x.a") == [.duplicateRule])
}

@Test func codePatternsThatDoNotOverlap() {
    #expect(lints("codes c = icd10 { F33.0-F33.3, F33.40-F33.42, F3, F32.A }\ncover t when diagnosis in c").isEmpty)
    #expect(lints("codes c = icd10 { F10.2*, F10.20 }\ncover t when diagnosis in c") == [.overlappingCodes])
    #expect(lints("codes c = icd10 { F22, F22.0 }\ncover t when diagnosis in c") == [.overlappingCodes])
}

@Test func limitsThatAreNotCertainlyShadowed() {
    // 30 days against a month: a month may be 28 days, so neither certainly contains the other.
    #expect(lints("cover t when x.a\nlimit t { 4 sessions per 1 month  4 sessions per 30 days }").isEmpty)
    // A looser cap in a wider phase is not shadowed by a phase-limited one.
    #expect(lints("cover t when x.a\nlimit t { 4 sessions per 28 days during weeks 1-4  6 sessions per 28 days }").isEmpty)
    #expect(lints("cover t when x.a\nlimit t { 4 sessions per 28 days  6 sessions per 28 days during weeks 1-4 }") == [.shadowedLimit])
    #expect(lints("cover t when x.a\nlimit t { 4 sessions per 28 days  4 sessions per 28 days }") == [.shadowedLimit])
}

@Test func tiersReachableByAnyRuleAreFine() {
    let network = "network { tier a copay $1  tier b copay $2 }"
    #expect(lints("cover t when provider.network == \"a\"\ncover t when x.b\n\(network)").isEmpty)
    #expect(lints("cover t when provider.network != \"b\"\n\(network)") == [.unreachableTier])
}
