import Testing
import ClauseKit

/// One expression evaluated against a case, as the REPL does it.
@Suite struct ExpressionEvaluatorTests {
    let policyText = """
    codes major_depression = icd10 { F33.* }
    define adult = patient.age >= 18 "member is an adult"
    define ratio = patient.age / patient.divisor
    """

    func evaluate(_ text: String, extra: String = #""patient": {"age": 34, "pregnant": false, "divisor": 0}"#)
        throws -> ExpressionResult {
        let policy = try checked(policyText)
        let check = ExpressionEvaluator.check(text, in: policy)
        guard let expression = check.expression else {
            throw TestFailure(description: DiagnosticRenderer().render(check.diagnostics, in: check.input))
        }
        let c = try CaseDecoder.decode(bytes: Array(caseJSON(extra: extra).utf8), vocabulary: policy.vocabulary)
        return try ExpressionEvaluator.evaluate(expression, policy: policy, patientCase: c)
    }

    @Test func threeValuedResultWithTheValuesSeen() throws {
        let r = try evaluate("patient.age >= 18")
        #expect(r.truth == .true)
        #expect(r.values == [ValueSeen(path: "patient.age", value: "34")])
        let unknown = try evaluate("patient.height > 150")
        #expect(unknown.truth == .unknown)
        #expect(unknown.missing == ["patient.height"])
        #expect(unknown.values == [ValueSeen(path: "patient.height", value: nil)])
        // Kleene: true or unknown is true.
        #expect(try evaluate("patient.height > 150 or patient.age > 30").truth == .true)
        #expect(try evaluate("patient.height > 150 and patient.age < 30").truth == .false)
    }

    @Test func namesOfThePolicyResolve() throws {
        let r = try evaluate("adult and diagnosis in major_depression")
        #expect(r.truth == .true)
        #expect(r.values.map(\.path) == ["patient.age", "diagnoses"])
    }

    @Test func nonBooleanValues() throws {
        #expect(try evaluate("patient.age + 1").value == .number(35))
        #expect(try evaluate("patient.age + 1").truth == nil)
        #expect(try evaluate("request.billed_per_session * 2").value?.display == "$200.00")
    }

    @Test func checkErrorsAreLocatedInTheTypedText() throws {
        let policy = try checked(policyText)
        let check = ExpressionEvaluator.check("adlt or patient.age >= \"x\"", in: policy)
        #expect(check.expression == nil)
        #expect(check.diagnostics.map(\.code) == [.undeclaredName, .typeMismatch])
        #expect(check.diagnostics.first?.span == SourceSpan(start: 0, end: 4))
        #expect(check.diagnostics.first?.label == "did you mean `adult`?")
        #expect(check.input.text(check.diagnostics[1].span) == "\"x\"")
        #expect(!check.unexpectedEndOfInput)
    }

    @Test func anUnfinishedExpressionSaysSo() throws {
        let policy = try checked(policyText)
        #expect(ExpressionEvaluator.check("patient.age >=", in: policy).unexpectedEndOfInput)
        #expect(ExpressionEvaluator.check("any {\n adult", in: policy).unexpectedEndOfInput)
        #expect(!ExpressionEvaluator.check("patient.age >= )", in: policy).unexpectedEndOfInput)
    }

    @Test func evaluationErrorsQuoteTheExpressionAndTheDefine() throws {
        do {
            _ = try evaluate("patient.pregnant + 1")
            Issue.record("expected an evaluation error")
        } catch let e as EvaluationError {
            #expect(e.message.contains("`patient.pregnant` is a boolean"))
        }
        do {
            _ = try evaluate("ratio > 1")
            Issue.record("expected division by zero")
        } catch let e as EvaluationError {
            #expect(e.line == 11, "\(e)")  // the define's line in the policy, not the typed text
        }
    }
}
