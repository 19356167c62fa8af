import Testing
@testable import ClauseKit

/// The checker records names only when asked, and then every declaration and resolved use.
@Suite struct SymbolIndexTests {
    let text = """
    policy "S" {}
    codes mdd = icd10 { F33.* }
    table classes { sertraline: SSRI }
    treatment t "T" { billing cpt 90000  fda approved for mdd }
    define adult = patient.age >= 18 "adult"
    define trials = count(history.trials where drug in classes) >= 1
    cover t when { adult  diagnosis in mdd  trials  request.date > 2026-01-01 }
    limit t { 4 sessions per 28 days }
    network { tier in_network coinsurance 20% }
    """

    @Test func nothingIsRecordedUnlessAsked() {
        #expect(Checker.check(source: SourceFile(name: "s", text: text)).symbols == nil)
    }

    @Test func declarationsAndUses() throws {
        let result = Checker.check(source: SourceFile(name: "s", text: text), recordingSymbols: true)
        #expect(result.policy != nil)
        let symbols = try #require(result.symbols)
        #expect(symbols.definitions.map(\.name) == ["mdd", "classes", "t", "adult", "trials", "in_network"])
        #expect(symbols.definition(.define, "adult")?.label == "adult")
        func uses(_ kind: SymbolIndex.Kind, _ name: String) -> [String] {
            symbols.references(to: kind, name).map { String(text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: $0.span.start)...].prefix(name.utf8.count)) ?? "" }
        }
        #expect(uses(.codeSet, "mdd") == ["mdd", "mdd"])       // fda approved for, diagnosis in
        #expect(uses(.treatment, "t") == ["t", "t"])           // the rule, the limit
        #expect(uses(.define, "adult") == ["adult"])
        #expect(uses(.table, "classes") == ["classes"])
        let date = try #require(symbols.paths.first { $0.path == "request.date" })
        #expect(date.type == .date && date.reserved && date.phrase == "a date")
        let age = try #require(symbols.paths.first { $0.path == "patient.age" })
        #expect(age.type == .any && !age.reserved)
        // The symbol under an offset: a use of `adult` in the rule.
        let offset = try #require(text.range(of: "{ adult")).upperBound.utf16Offset(in: text) - 2
        #expect(symbols.symbol(at: offset).map { "\($0.kind.rawValue) \($0.name)" } == "define adult")
    }
}
