import Foundation
import Testing
@testable import ClauseKit

/// `table NAME { key: value … }` (issue #16): step therapy reads the policy's own table of drugs
/// and classes instead of a free-text class in the case.
@Suite struct TableTests {
    static let policy = """
        table antidepressant_class "antidepressant classes" {
          sertraline: SSRI
          fluoxetine: SSRI
          venlafaxine: SNRI
          "st john's wort": herbal
        }
        define adequate_trial of history.trials = weeks >= 6 and improvement <= 25%
        cover esketamine when {
          distinct(antidepressant_class(history.trials.drug) where adequate_trial) >= 2 "two classes failed"
          count(history.trials where drug in antidepressant_class) >= 2
        }
        """

    static func trials(_ items: [(String, String)]) -> String {
        let list = items.map { #"{"drug": "\#($0.0)", "weeks": 8, "improvement": "10%", "drug_class": "\#($0.1)"}"# }
        return #""history": {"trials": ["# + list.joined(separator: ", ") + "]}"
    }

    static func decide(_ items: [(String, String)]) throws -> Decision {
        try RevisionTwoTests.decideBoth(try checked(Self.policy), RevisionTwoTests.caseText(date: "2026-03-02", extra: Self.trials(items)))
    }

    @Test func classesComeFromTheTableNotTheCase() throws {
        // The case calls both SSRIs different classes; the table knows better.
        #expect(try Self.decide([("sertraline", "SSRI"), ("Fluoxetine", "SNRI")]).denialKind == .criteriaNotMet)
        #expect(try Self.decide([("Sertraline", "x"), ("venlafaxine", "x")]).kind == .covered)
        // An unlisted drug has no class: it counts for nothing.
        #expect(try Self.decide([("sertraline", "SSRI"), ("melatonin", "hormone")]).denialKind == .criteriaNotMet)
        #expect(try Self.decide([("sertraline", "SSRI"), ("St John's Wort", "x")]).kind == .covered)
    }

    @Test func theExplanationShowsTheLookup() throws {
        let d = try Self.decide([("sertraline", "SSRI"), ("melatonin", "hormone")])
        let shown = d.reasons.flatMap { $0.when.children.flatMap(\.values) }.map(\.value)
        #expect(shown.contains { $0?.contains("(antidepressant_class: SSRI)") == true })
        #expect(shown.contains { $0?.contains("(not in table antidepressant_class)") == true })
    }

    @Test func tablesAreChecked() {
        #expect(diagnostics("table t { a: x  A: y }\ncover esketamine when true").contains { $0.message.contains("listed twice") })
        #expect(diagnostics("cover esketamine when distinct(classes(history.trials.drug)) > 1").contains {
            $0.message.contains("unknown table `classes`")
        })
        #expect(diagnostics("table t { a: x }\ncover esketamine when 5 in t").contains { $0.message.contains("only a string") })
        #expect(diagnostics("table adult { a: x }\ndefine adult = true\ncover esketamine when adult").contains {
            $0.message.contains("names a table and a define")
        })
    }

    @Test func theFormatterKeepsTables() throws {
        let text = header + Self.policy
        guard case .success(let formatted) = Formatter.format(SourceFile(name: "t.clause", text: text)) else {
            Issue.record("did not format")
            return
        }
        #expect(formatted.contains("table antidepressant_class \"antidepressant classes\" {\n  sertraline: SSRI"))
        #expect(formatted.contains("\"st john's wort\": herbal"))
        #expect(formatted.contains("distinct(antidepressant_class(history.trials.drug) where adequate_trial) >= 2"))
        guard case .success(let again) = Formatter.format(SourceFile(name: "t.clause", text: formatted)) else {
            Issue.record("did not format again")
            return
        }
        #expect(again == formatted)
    }
}
