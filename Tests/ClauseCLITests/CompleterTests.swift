import Testing
import ClauseKit
@testable import ClauseCLI

@Suite struct CompleterTests {
    var completer: Completer {
        var c = Completer()
        c.treatments = ["esketamine", "iv_ketamine"]
        c.defines = ["adult", "adequate_trials"]
        c.codeSets = ["major_depression", "psychosis"]
        c.casePaths = ["patient", "patient.age", "patient.pregnant", "provider", "provider.network", "history", "history.trials"]
        c.listFiles = { dir in dir == "" ? ["Policies/", "README.md"] : dir == "Policies/" ? ["acme-ppo.clause", "cases/"] : [] }
        return c
    }

    @Test func commands() {
        #expect(completer.complete(":s").candidates == [":show", ":set", ":save"])
        #expect(completer.complete(":save Pol").candidates == ["Policies/"])
        #expect(completer.complete(":show policy --p").candidates == ["--plain"])
        #expect(completer.complete(":wh").candidates == [":why", ":whynot", ":whatif"])
        #expect(completer.complete(":").candidates.count == ReplSession.commands.count)
    }

    @Test func commandArguments() {
        let show = completer.complete(":show co")
        #expect(show.start == 6)
        #expect(show.candidates == ["codes"])
        #expect(completer.complete(":show codes p").candidates == ["psychosis"])
        #expect(completer.complete(":eval iv").candidates == ["iv_ketamine"])
        #expect(completer.complete(":set pat").candidates == ["patient."])
        #expect(completer.complete(":set patient.a").candidates == ["patient.age"])
        #expect(completer.complete(":set patient.age = 1").candidates == [])
        #expect(completer.complete(":whatif patient.age = 1, pro").candidates == ["provider."])
        #expect(completer.complete(":unset patient.").candidates == ["patient.age", "patient.pregnant"])
    }

    @Test func files() {
        #expect(completer.complete(":load Po").candidates == ["Policies/"])
        #expect(completer.complete(":load Policies/").candidates == ["Policies/acme-ppo.clause", "Policies/cases/"])
        #expect(completer.complete(":case Policies/c").candidates == ["Policies/cases/"])
    }

    @Test func clauseNamesAndPaths() {
        let r = completer.complete("adult and diagnosis in major")
        #expect(r.start == 23)
        #expect(r.candidates == ["major_depression"])
        #expect(completer.complete("ad").candidates == ["adult", "adequate_trials"])
        #expect(completer.complete("count(hist").candidates == ["history."])
        #expect(completer.complete("not patient.p").candidates == ["patient.pregnant"])
        #expect(completer.complete("es").candidates == ["esketamine"])
        #expect(completer.complete("sess").candidates == ["sessions"])
    }

    @Test func casePathsOfAJSONCase() throws {
        let root = try JSONReader.parse(#"{"patient": {"age": 3}, "history": {"trials": [{"weeks": 1}]}}"#)
        #expect(CasePath.all(in: root) == ["patient", "patient.age", "history", "history.trials"])
    }
}
