import Testing
import ClauseKit
@testable import ClauseCLI

/// Case paths, typed values and the other small parsers of REPL input.
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
