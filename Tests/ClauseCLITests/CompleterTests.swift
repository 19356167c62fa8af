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
        #expect(completer.complete(":s").candidates == [":show", ":set"])
        #expect(completer.complete(":wh").candidates == [":why", ":whatif"])
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

@Suite struct CasePathTests {
    func parse(_ s: String) -> CasePath? {
        if case .success(let p) = CasePath.parse(s) { return p }
        return nil
    }

    @Test func parsesKeysAndIndices() {
        #expect(parse("patient.age")?.steps == [.key("patient"), .key("age")])
        #expect(parse("history.trials[1].weeks")?.steps == [.key("history"), .key("trials"), .index(1), .key("weeks")])
        #expect(parse("history.trials[1].weeks")?.description == "history.trials[1].weeks")
        #expect(parse("patient.") == nil)
        #expect(parse("a b") == nil)
        #expect(parse("trials[x]") == nil)
        #expect(parse("") == nil)
    }

    @Test func setsCreatesAndRemoves() throws {
        var root = try JSONReader.parse(#"{"patient": {"age": 34}, "trials": [{"weeks": 8}]}"#)
        try parse("patient.age")?.apply(.int(17), to: &root)
        try parse("scores.phq9")?.apply(.int(22), to: &root)
        try parse("trials[1]")?.apply(.obj([("weeks", .int(2))]), to: &root)
        try parse("trials[0].weeks")?.apply(nil, to: &root)
        #expect(JSONWriter.write(root, pretty: false)
                == #"{"patient":{"age":17},"trials":[{},{"weeks":2}],"scores":{"phq9":22}}"#)
        #expect(throws: ReplError.self) { try parse("patient.age.x")?.apply(.int(1), to: &root) }
        #expect(throws: ReplError.self) { try parse("trials[5]")?.apply(.int(1), to: &root) }
        // Removing what is not there changes nothing.
        try parse("nothing.here")?.apply(nil, to: &root)
        #expect(parse("nothing")?.value(in: root) == nil)
    }

    @Test func typedValuesAreJSONOrBareWords() throws {
        #expect(try TypedValue.parse("34").get() == .number(34, text: "34"))
        #expect(try TypedValue.parse(" \"F33.2\" ").get() == .string("F33.2"))
        #expect(try TypedValue.parse("2026-03-01").get() == .string("2026-03-01"))
        #expect(try TypedValue.parse("approved").get() == .string("approved"))
        #expect(try TypedValue.parse("[1, 2]").get() == .array([.number(1, text: "1"), .number(2, text: "2")]))
        #expect(throws: ReplError.self) { try TypedValue.parse("[1, ").get() }
        #expect(throws: ReplError.self) { try TypedValue.parse("").get() }
    }

    @Test func declarationsAreToldFromExpressions() {
        #expect(ReplSession.isDeclaration("define x = 1"))
        #expect(ReplSession.isDeclaration("  cover esketamine when adult"))
        #expect(ReplSession.isDeclaration("network {"))
        #expect(ReplSession.isDeclaration("limit"))
        #expect(!ReplSession.isDeclaration("patient.age >= 18"))
        #expect(!ReplSession.isDeclaration("network.tier == 1"))
        #expect(!ReplSession.isDeclaration("limit == 3"))
        #expect(!ReplSession.isDeclaration("definitely"))
    }

    @Test func splitsWhatifChangesAtTopLevelCommas() {
        #expect(ReplSession.splitTopLevel(#"a = 1, b = [1, 2], c = "x, y""#, on: ",")
                == ["a = 1", #" b = [1, 2]"#, #" c = "x, y""#])
    }
}
