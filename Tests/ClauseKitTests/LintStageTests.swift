import Testing
@testable import ClauseKit

/// Lints are a stage after checking: they take the parsed file and the checked policy.
@Suite struct LintStageTests {
    static let text = """
    policy "L" { effective 2026-01-01 }
    codes mdd = icd10 { F33.* }
    codes unused = icd10 { F32.* }
    treatment t "T" { billing hcpcs J0013  fda approved for mdd }
    treatment u "U" { billing hcpcs J0014 }
    define adult = patient.age >= 18
    cover t when { adult  patient.age < 16 }

    """

    @Test func theStageLintsTheCheckedFileWithoutParsingAgain() throws {
        let source = SourceFile(name: "l.clause", text: Self.text)
        let checked = Checker.check(source: source)
        let policy = try #require(checked.policy)
        let file = try #require(checked.file, "the check result carries the parsed file")
        let staged = Linter.lint(file, policy: policy, source: source)
        #expect(staged.map(\.code) == [.unusedCodeSet, .treatmentWithoutCoverRule, .contradictoryBounds])
        #expect(Linter.lint(checked, source: source).map(\.message) == staged.map(\.message))
        #expect(Linter.lint(source: source).map(\.message) == staged.map(\.message))
    }

    @Test func noLintsForAPolicyThatDoesNotCheck() {
        let source = SourceFile(name: "l.clause", text: Self.text + "cover t when undefined_name\n")
        let checked = Checker.check(source: source)
        #expect(checked.policy == nil)
        #expect(Linter.lint(checked, source: source).isEmpty)
        #expect(Linter.lint(source: source).isEmpty)
    }
}
