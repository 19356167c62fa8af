import Testing
import ClauseCLI

/// `clause repl` as a script: arguments, exit codes, and no prompts or escape codes.
@Suite struct ReplCommandTests {
    func repl(_ args: [String], _ script: String, environment: [String: String] = [:]) -> (code: Int32, out: String, err: String) {
        let out = StringSink(isTerminal: true), err = StringSink(isTerminal: true)
        let code = CLI(out: out, err: err, environment: environment).runRepl(args, input: ScriptInput(text: script))
        return (code, out.text, err.text)
    }

    let policy = path("Policies/acme-ppo.clause")
    let covered = path("Policies/cases/acme-ppo/covered-in-network.json")

    @Test func aScriptPrintsOnlyResults() {
        let r = repl([policy, "--case", covered], "patient.age >= 18\r\n\n# a comment\nadult\n")
        #expect(r.code == 0)
        #expect(r.out.hasSuffix("true   (patient.age = 34)\ntrue   (patient.age = 34)\n"))
        #expect(!r.out.contains("clause>"))
        #expect(!r.out.contains("\u{1B}"), "no escape codes even when stdout is a terminal")
        #expect(r.err.isEmpty)
    }

    @Test func colourOnlyWhenAskedForInAScript() {
        let r = repl([policy, "--case", covered, "--color", "always"], ":eval\n")
        #expect(r.out.contains("\u{1B}["))
    }

    @Test func errorsDoNotEndTheSessionButSetTheExitCode() {
        let r = repl([policy, "--case", covered], ":nope\nnot_a_name\n:case missing.json\npatient.age\n")
        #expect(r.code == 1)
        #expect(r.out.hasSuffix("34   (patient.age = 34)\n"))
        #expect(r.err.contains("unknown command `:nope`"))
        #expect(r.err.contains("unknown name `not_a_name`"))
        #expect(r.err.contains("missing.json: no such file"))
    }

    @Test func quitStopsReading() {
        let r = repl([policy, "--case", covered], ":quit\n:nope\n")
        #expect(r.code == 0)
        #expect(r.err.isEmpty)
    }

    @Test func anUnfinishedInputAtTheEndIsReported() {
        let r = repl([policy], "define x = any {\n  patient.age > 1\n")
        #expect(r.code == 1)
        #expect(r.err.contains("unexpected end of input"))
    }

    @Test func usageErrors() {
        #expect(repl([policy, policy], "").code == 2)
        let r = repl(["--fast"], "")
        #expect(r.code == 2)
        #expect(r.err.contains("unknown option `--fast`"))
        #expect(run(["help", "repl"]).out.contains("clause repl [POLICY] [--case CASE]"))
        #expect(run(["--help"]).out.contains("clause repl"))
    }

    @Test func aMistypedPathOnTheCommandLineFailsInsteadOfOpeningAnEmptySession() {
        let r = repl([path("Policies/no-such.clause")], "define adult = patient.age >= 18\n:show defines\n")
        #expect(r.code == 1)
        #expect(r.err.contains("no-such.clause: no such file"))
        #expect(!r.out.contains("added define"))
        let c = repl([path("Policies/acme-ppo.clause"), "--case", path("Policies/cases/no-such.json"), "--echo"], "1 + 1\n")
        #expect(c.code == 1)
        #expect(c.err.contains("no-such.json: no such file"))
        #expect(!c.out.contains("clause> 1 + 1"))
    }
}
