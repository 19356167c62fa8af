import Testing
@testable import ClauseKit

/// Diagnostics are reported in one order (`Diagnostic.sorted`): by position in the source,
/// in the order found for the same position, whichever stage found them.
@Suite struct DiagnosticOrderTests {
    @Test func sortsByPositionStably() {
        func d(_ start: Int, _ message: String) -> Diagnostic {
            .error(.unexpectedToken, message, at: SourceSpan(start: start, end: start + 1))
        }
        let sorted = Diagnostic.sorted([d(9, "a"), d(2, "b"), d(9, "c"), d(0, "d"), d(2, "e")])
        #expect(sorted.map(\.message) == ["d", "b", "e", "a", "c"])
        #expect(Diagnostic.sorted([Diagnostic]()).isEmpty)
    }

    /// A checker error before a parse error is reported first, as `clause check` prints them.
    @Test func parserAndCheckerDiagnosticsInSourceOrder() {
        let text = """
            policy "Mixed" { payer "Test" version "1" effective 2026-01-01 }
            treatment esketamine "Spravato" { billing hcpcs J0013 }
            cover esketamine "Uses unknown" when nosuchdefine

            define broken = patient.age >= >= 18
            """
        let source = SourceFile(name: "mixed", text: text)
        let result = Checker.check(source: source)
        #expect(result.diagnostics.map(\.code) == [.undeclaredName, .unexpectedToken])
        #expect(result.diagnostics == Diagnostic.sorted(result.diagnostics))
    }
}
