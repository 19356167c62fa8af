import Foundation
import Testing
import ClauseKit

/// Golden lint output: each policy in Fixtures/lints is written to trigger one lint.
struct LintCase: CustomStringConvertible, Sendable {
    var name: String
    var description: String { name }
    static var all: [LintCase] {
        Fixtures.files(in: "lints", suffix: ".clause").map { LintCase(name: String($0.dropLast(7))) }
    }
}

@Test func everyLintHasAFixture() throws {
    var fired = Set<DiagnosticCode>()
    for c in LintCase.all {
        let path = Fixtures.path("lints", c.name + ".clause")
        let source = SourceFile(name: path, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        for d in Linter.lint(source: source) {
            // An acknowledged lint is a note (Fixtures/lints/acknowledgements.clause).
            #expect(d.severity == .warning || d.severity == .note)
            #expect(d.help != nil, "every lint has a help note: \(d.message)")
            fired.insert(d.code)
        }
    }
    let expected: Set<DiagnosticCode> = [.contradictoryBounds, .denyCoversRule, .duplicateRule, .unusedDefine, .unusedCodeSet,
                                          .treatmentWithoutCoverRule, .overlappingCodes, .shadowedLimit, .unreachableTier,
                                          .reviewKindWithoutCover, .authorizationOutlastsLimit, .likelyMisspelledPath,
                                          .invalidAcknowledgement, .unusedAcknowledgement]
    #expect(fired == expected)
}

@Test(arguments: LintCase.all)
func lintOutput(_ c: LintCase) {
    let (code, out, err) = Fixtures.run(["check", Fixtures.path("lints", c.name + ".clause")])
    #expect(code == 0, "lints are warnings")
    let actual = Fixtures.normalize("exit \(code)\n--- stdout\n\(out)--- stderr\n\(err)")
    let diff = Fixtures.compareGolden(actual, expectedPath: Fixtures.path("lints", c.name + ".expected"))
    #expect(diff == nil, "\(diff ?? "")")
}

@Test(arguments: LintCase.all)
func strictMakesLintsErrors(_ c: LintCase) {
    let (code, out, err) = Fixtures.run(["check", "--strict", Fixtures.path("lints", c.name + ".clause")])
    #expect(code == 1)
    #expect(out.isEmpty)
    #expect(err.contains(": error: "))
    #expect(!err.contains(": warning: "))
}

@Test func lintsAreSilentOnTheExamplePolicies() throws {
    let policies = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Policies")
    let names = try FileManager.default.contentsOfDirectory(atPath: policies.path).filter { $0.hasSuffix(".clause") }
    #expect(names.count >= 3)
    for name in names {
        let url = policies.appendingPathComponent(name)
        let source = SourceFile(name: name, bytes: Array(try Data(contentsOf: url)))
        #expect(Linter.lint(source: source).isEmpty, "\(name)")
        let (code, _, err) = Fixtures.run(["check", "--strict", url.path])
        #expect(code == 0, "\(err)")
    }
}
