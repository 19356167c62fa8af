import Testing
@testable import ClauseCLI

/// The REPL takes a `fields { … }` block as a declaration, as a policy file does.
@Suite struct ReplFieldsTests {
    func repl(_ args: [String], _ script: String) -> (code: Int32, out: String, err: String) {
        let out = StringSink(), err = StringSink()
        let code = CLI(out: out, err: err, environment: ["NO_COLOR": "1"]).runRepl(args, input: ScriptInput(text: script))
        return (code, out.text, err.text)
    }

    @Test func fieldsIsADeclarationKeyword() {
        #expect(ReplSession.isDeclaration("fields {"))
        #expect(ReplSession.isDeclaration("fields { patient.age: number }"))
        #expect(ReplSession.isDeclaration("  fields"))
        #expect(!ReplSession.isDeclaration("fields.count >= 2"))
        #expect(!ReplSession.isDeclaration("fields == 3"))
        #expect(!ReplSession.isDeclaration("fields and true"))
    }

    @Test func aTypedFieldsBlockDeclaresTheSchema() {
        let r = repl([], """
        policy "S" { payer "T" effective 2026-01-01 }
        fields {
          patient.age: number
        }
        treatment t "T" { billing hcpcs J0013 }
        cover t "Adults" when patient.age >= 18
        cover t "Typo" when patient.agee >= 18
        :show policy
        """)
        #expect(r.out.contains("added fields block (session line 2)"))
        #expect(r.out.contains("added cover rule \"Adults\""))
        #expect(r.err.contains("case field `patient.agee` is not declared in `fields`"))
        #expect(r.err.contains("did you mean `patient.age`?"))
        #expect(r.out.contains("|   patient.age: number"))
        #expect(r.code == 1)
    }

    @Test func aFieldsBlockSpreadOverLinesWaitsForItsBrace() {
        let r = repl([], "fields {\n  patient.age: number\n  scores.phq9: number\n}\n:show policy\n")
        #expect(r.err.isEmpty, "\(r.err)")
        #expect(r.out.contains("added fields block (session line 1)"))
        #expect(r.out.contains("|   scores.phq9: number"))
        #expect(r.code == 0)
    }
}
