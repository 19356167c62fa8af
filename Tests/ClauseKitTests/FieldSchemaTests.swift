import Testing
@testable import ClauseKit

/// Case schemas: `fields { … }` in the grammar, the checker and the case decoder.
private let schemaPolicy = """
policy "Schema" { effective 2026-01-01 }
fields {
  patient.age: number
  patient.pregnant: boolean
  history.trials: list
  scores.phq9: number
  prescriber.name: string
  history.last_episode: date
}
codes mdd = icd10 { F33.* }
treatment esketamine "Spravato" { billing hcpcs J0013 }
cover esketamine "Adults" when {
  patient.age >= 18
  count(history.trials where weeks >= 6) >= 2
  known scores
  diagnosis in mdd
}
"""

private func check(_ text: String) -> CheckResult { Checker.check(source: SourceFile(name: "p.clause", text: text)) }

@Test func fieldsBlockParsesAndChecks() {
    let parsed = Parser.parse(SourceFile(name: "p", text: schemaPolicy))
    #expect(parsed.diagnostics.isEmpty)
    let fields = parsed.file.declarations.compactMap { d -> FieldsDecl? in
        if case .fields(let f) = d { return f } else { return nil }
    }
    #expect(fields.first?.fields.map(\.dottedPath) == ["patient.age", "patient.pregnant", "history.trials", "scores.phq9",
                                                       "prescriber.name", "history.last_episode"])
    #expect(fields.first?.fields.map(\.type) == [.number, .boolean, .list, .number, .string, .date])
    let result = check(schemaPolicy)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
    #expect(result.policy?.vocabulary.fields.count == 6)
}

@Test func undeclaredPathIsAnErrorWithASuggestion() {
    let text = schemaPolicy.replacingOccurrences(of: "patient.age >= 18", with: "patient.agee >= 18")
    let result = check(text)
    let d = result.diagnostics.first { $0.code == .undeclaredField }
    #expect(d?.message == "case field `patient.agee` is not declared in `fields`")
    #expect(d?.label == "did you mean `patient.age`?")
    let source = SourceFile(name: "p", text: text)
    #expect(d.map { source.text($0.span) } == "patient.agee")
    #expect(result.policy == nil)
}

@Test func withoutFieldsBlockAnyPathIsAllowed() {
    let withoutBlock = """
    policy "S" { effective 2026-01-01 }
    treatment t "T" { billing hcpcs J0013 }
    cover t when patient.agee >= 18
    """
    #expect(check(withoutBlock).diagnostics.isEmpty)
}

@Test func declaredTypesAreStatic() {
    let text = schemaPolicy.replacingOccurrences(of: "patient.age >= 18", with: "patient.age >= \"adult\"")
    let result = check(text)
    #expect(result.diagnostics.contains { $0.code == .typeMismatch })
    let listMisuse = schemaPolicy.replacingOccurrences(of: "count(history.trials", with: "count(scores.phq9")
    #expect(check(listMisuse).diagnostics.contains { $0.code == .typeMismatch && $0.message.contains("read a list") })
}

@Test func reservedOrDuplicateFieldDeclarationsAreErrors() {
    let reserved = schemaPolicy.replacingOccurrences(of: "  scores.phq9: number", with: "  scores.phq9: number\n  request.date: date\n  scores.phq9: number")
    let codes = check(reserved).diagnostics.map(\.code)
    #expect(codes.filter { $0 == .duplicateName }.count == 2)
}

@Test func unknownFieldTypeIsASyntaxError() {
    let result = Parser.parse(SourceFile(name: "p", text: "policy \"T\" { }\nfields { patient.age: numbr }"))
    #expect(result.diagnostics.first?.message == "unknown field type `numbr`")
    #expect(result.diagnostics.first?.label == "did you mean `number`?")
}

@Test func caseValuesAreCheckedAgainstDeclaredTypes() throws {
    guard let policy = check(schemaPolicy).policy else {
        Issue.record("schema policy did not check")
        return
    }
    func decode(_ extra: String) throws(CaseError) -> PatientCase {
        try CaseDecoder.decode(bytes: Array("""
        { "request": { "treatment": "esketamine", "date": "2026-03-01", "sessions": 1 }, \(extra) }
        """.utf8), vocabulary: policy.vocabulary)
    }
    _ = try decode(#""patient": { "age": 34, "pregnant": false }, "scores": { "phq9": "20%" }"#)
    _ = try decode(#""patient": { "age": null }"#)
    do {
        _ = try decode(#""patient": { "age": "34" }"#)
        Issue.record("a string age was accepted")
    } catch {
        #expect(error.path == "patient.age")
        #expect(error.message.contains("expected a number"))
        #expect(error.message.contains("line 3"))
    }
    do {
        _ = try decode(#""history": { "last_episode": "last spring" }"#)
        Issue.record("a bad date was accepted")
    } catch {
        #expect(error.path == "history.last_episode")
    }
}
