import Testing
@testable import ClauseKit

/// The typo lint (`likelyMisspelledPath`) and the closeness rule it shares with the case-key
/// warning (`isLikelyMisspelling`, `editDistance`).
@Suite struct TypoLintTests {
    func lints(_ body: String) -> [Diagnostic] {
        lintDiagnostics(body).filter { $0.code == .likelyMisspelledPath }
    }

    func spanText(_ d: Diagnostic, _ body: String) -> String {
        lintSource(body).text(d.span)
    }

    @Test func aPathOneEditFromAPathReadMoreOften() {
        let body = "cover t when { patient.age >= 18  patient.age < 65  patient.agee > 20 }"
        let found = lints(body)
        #expect(found.count == 1)
        #expect(found.first?.message == "case path `patient.agee` is 1 edit from `patient.age`, a path the policy reads more often")
        #expect(found.first?.label == "did you mean `patient.age`?")
        #expect(found.first.map { spanText($0, body) } == "patient.agee")
    }

    @Test func aPathCloseToAReservedField() {
        let found = lints("cover t when provider.netwrok == \"in\"")
        #expect(found.map(\.message) == ["case path `provider.netwrok` is 1 edit from `provider.network`, a field of the standard case model"])
    }

    @Test func twoEditsInALongWordAndListsCounted() {
        let found = lints("cover t when count(history.antidepressant_trials) >= 2 and count(history.antidepresant_trial) >= 1")
        // Each is read once: neither spelling is known to be right, and the warning says so.
        #expect(found.map(\.label) == ["`history.antidepresant_trial` or `history.antidepressant_trials`?"])
        #expect(found.first?.message.contains("2 edits") == true)
        #expect(found.first?.message.contains("one of the two is likely misspelt") == true)
    }

    @Test func quietWithAFieldsBlock() {
        // The checker rejects undeclared paths there; the lint adds nothing.
        #expect(lints("fields { patient.age: number  patient.agee: number }\ncover t when patient.age > 1 and patient.agee > 2").isEmpty)
    }

    @Test func quietOnDistinctNames() {
        #expect(lints("cover t when x.a and x.b").isEmpty, "one-letter names are not typos of each other")
        #expect(lints("cover t when history.phq8 > 1 and history.phq9 > 2").isEmpty, "digits differ")
        #expect(lints("cover t when patient.age > 1 and patient.sex == \"f\"").isEmpty)
        #expect(lints("cover t when count(sessions where date > 2026-01-01) > 1 and patient.dates > 1").isEmpty,
                "element fields in `where` are not case paths")
    }

    @Test func strictCheckFailsOnIt() {
        let source = SourceFile(name: "l.clause", text: """
        policy "L" { effective 2026-01-01 }
        treatment t "T" { billing hcpcs J0013 }
        cover t when patient.age >= 18 and patient.age < 65 and patient.agee > 1
        """)
        #expect(Linter.lint(source: source).contains { $0.code == .likelyMisspelledPath && $0.severity == .warning })
    }

    @Test func editDistanceCountsASwapAsOneEdit() {
        #expect(editDistance("netwrok", "network") == 1)
        #expect(editDistance("pregant", "pregnant") == 1)
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("", "abc") == 3)
        #expect(isLikelyMisspelling("agee", of: "age"))
        #expect(isLikelyMisspelling("pregant", of: "pregnant"))
        #expect(!isLikelyMisspelling("age", of: "sex"))
        #expect(!isLikelyMisspelling("ab", of: "ac"))
        #expect(!isLikelyMisspelling("trial1", of: "trial2"))
        #expect(!isLikelyMisspelling("same", of: "same"))
    }
}
