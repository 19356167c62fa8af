import Testing
@testable import ClauseKit

/// `# clause: allow LINT "reason"` and the E&I exception of `treatment-without-cover-rule`.
@Suite struct LintAcknowledgementTests {
    static func lints(_ body: String) -> [Diagnostic] {
        Linter.lint(source: SourceFile(name: "l", text: """
            policy "P" { payer "T" }
            treatment esketamine "Spravato" { billing hcpcs J0013 }
            cover esketamine when patient.age >= 18

            """ + body))
    }

    @Test func anExperimentalDenyWithoutUnlessIsAnEIBulletin() {
        #expect(LintAcknowledgementTests.lints("""
            treatment k "K" { billing hcpcs J3490 }
            deny k "E&I" as experimental when fda off_label
            """).isEmpty)
        #expect(LintAcknowledgementTests.lints("""
            treatment k "K" { billing hcpcs J3490 }
            deny k "never" when { true }
            """).isEmpty)
        // An exception (`unless`) that no cover rule covers, or a conditional plain deny: the lint fires.
        #expect(LintAcknowledgementTests.lints("""
            treatment k "K" { billing hcpcs J3490 }
            deny k "E&I" as experimental when true unless request.clinical_trial
            """).map(\.code) == [.treatmentWithoutCoverRule])
        #expect(LintAcknowledgementTests.lints("""
            treatment k "K" { billing hcpcs J3490 }
            deny k "E&I" when patient.age < 18
            """).map(\.code) == [.treatmentWithoutCoverRule])
    }

    @Test func anAcknowledgedLintIsANoteWithTheReason() throws {
        let ds = LintAcknowledgementTests.lints("""
            # E&I, see the bulletin
            # clause: allow treatment-without-cover-rule "E&I bulletin: trials are paid separately"
            treatment k "K" { billing hcpcs J3490 }
            """)
        let d = try #require(ds.first)
        #expect(ds.count == 1)
        #expect(d.code == .treatmentWithoutCoverRule && d.severity == .note)
        #expect(d.help == "acknowledged on line 5: E&I bulletin: trials are paid separately")
    }

    @Test func badAcknowledgementsAreWarnings() {
        func codes(_ body: String) -> [DiagnosticCode] { LintAcknowledgementTests.lints(body).map(\.code) }
        // Unknown lint, with a suggestion.
        let unknown = LintAcknowledgementTests.lints("# clause: allow unused-defin \"x\"\ndefine a = true\n")
        #expect(unknown.map(\.code) == [.invalidAcknowledgement, .unusedDefine])
        #expect(unknown.first?.label == "did you mean `unused-define`?")
        // Nothing to acknowledge on the declaration.
        #expect(codes("# clause: allow unused-define \"x\"\ntreatment k \"K\" { billing hcpcs J3490 }\ncover k when true\n")
                == [.unusedAcknowledgement])
        // A blank line between: not directly before a declaration.
        #expect(codes("# clause: allow unused-define \"x\"\n\ndefine a = true\n") == [.invalidAcknowledgement, .unusedDefine])
        // No reason, or no quotes.
        #expect(codes("# clause: allow unused-define\ndefine a = true\n") == [.invalidAcknowledgement, .unusedDefine])
        #expect(codes("# clause: allow unused-define \"\"\ndefine a = true\n") == [.invalidAcknowledgement, .unusedDefine])
        #expect(codes("# clause: permit unused-define \"x\"\ndefine a = true\n") == [.invalidAcknowledgement, .unusedDefine])
        // Ordinary comments mentioning clause are left alone.
        #expect(codes("# the clause: allow nothing\ncover esketamine when true\n").isEmpty)
    }

    @Test func lintNamesAreKebabCase() {
        #expect(Linter.lintName(.treatmentWithoutCoverRule) == "treatment-without-cover-rule")
        #expect(Set(Linter.lintCodes.map(Linter.lintName)).count == Linter.lintCodes.count)
    }
}
