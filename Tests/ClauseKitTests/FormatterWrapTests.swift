import Testing
@testable import ClauseKit

/// `clause fmt` wraps criteria wider than 100 columns after `and`, `or` and `where`.
@Suite struct FormatterWrapTests {
    static let policies = [
        """
        policy "Long" { payer "T" }
        treatment esketamine "Spravato" { billing hcpcs J0013 }
        cover esketamine "TRD" when {
          distinct(history.trials.drug_class
                   where weeks >= 6 and improvement <= 25% and adherence >= 80%
                     and dose_mg >= 10 and episode == "current") >= 2
                                               "two classes failed"
          patient.age >= 18 and patient.age <= 65 and known patient.weight and scores.phq9 >= 20 and scores.madrs >= 28 or patient.override
          any {
            count(history.trials where weeks >= 6 and improvement <= 25% and note == "a where b and c or d" and dose_mg >= 56) >= 2 # why
            patient.age >= 18
          }
        }
        deny esketamine "Long deny" when patient.pregnant == true and patient.breastfeeding == true and patient.age < 18 and known scores.phq9
        """,
    ]

    @Test func longCriteriaWrapKeepingMeaning() throws {
        for text in FormatterWrapTests.policies {
            let source = SourceFile(name: "t", text: text)
            let parsed = Parser.parse(source, collectingComments: true)
            #expect(parsed.diagnostics.isEmpty)
            let once = try #require(formatted(text))
            let reparsed = Parser.parse(SourceFile(name: "t", text: once), collectingComments: true)
            #expect(reparsed.diagnostics.isEmpty, "\(reparsed.diagnostics.map(\.message))")
            #expect(structure(reparsed.file) == structure(parsed.file))
            #expect(formatted(once) == once, "not idempotent:\n\(once)")
            for line in once.split(separator: "\n") where !line.contains("#") {
                #expect(line.count <= LayoutPrinter.maxWidth, "too wide: \(line)")
            }
            #expect(once.contains("where weeks >= 6 and improvement <= 25% and\n      adherence"), "\(once)")
            #expect(once.contains("\"a where b and c or d\""))
        }
    }

    @Test func wrapBreaksOutsideStringsAndPrefersShallowPoints() {
        #expect(LayoutPrinter.wrap("a and b", first: 100, rest: 96) == ["a and b"])
        #expect(LayoutPrinter.wrap("(aaaa and bbbb) or cccc", first: 20, rest: 20) == ["(aaaa and bbbb) or", "cccc"])
        #expect(LayoutPrinter.wrap("\"x and y and z\" == q", first: 5, rest: 5) == ["\"x and y and z\" == q"])
    }
}
