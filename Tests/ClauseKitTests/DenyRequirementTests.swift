import Testing
@testable import ClauseKit

/// `requires` on a deny rule: one error, from the parser, whoever asks.
@Suite struct DenyRequirementTests {
    static let text = """
    policy "R" { effective 2026-01-01 }
    treatment t "T" { billing hcpcs J0013 }
    cover t "Covered" when true
    deny t "No" when false requires prior_authorization requires referral

    """

    @Test func reportedOnceByTheParser() {
        let source = SourceFile(name: "r.clause", text: Self.text)
        let parsed = Parser.parse(source)
        let fromParser = parsed.diagnostics.filter { $0.message.contains("requires") || $0.message.contains("requirements") }
        #expect(fromParser.count == 1)
        #expect(fromParser.first?.message == "`requires` is allowed only in `cover` rules")
        #expect(fromParser.first?.help != nil)
        // The checker does not report it again, on the parsed file or from the source.
        #expect(Checker.check(parsed.file, source: source).diagnostics.isEmpty)
        let checked = Checker.check(source: source)
        #expect(checked.policy == nil)
        #expect(checked.diagnostics.count == 1, "\(checked.diagnostics.map(\.message))")
        let line = source.line(of: checked.diagnostics[0].span)
        #expect(line == 4)
    }

    @Test func coverRequirementsAreFine() {
        let source = SourceFile(name: "r.clause", text: Self.text.replacingOccurrences(of: "deny t \"No\" when false ", with: "cover t \"Yes\" when false "))
        #expect(Checker.check(source: source).diagnostics.isEmpty)
    }
}
