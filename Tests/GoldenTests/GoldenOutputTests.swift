import Foundation
import Testing

/// Golden files: the text and JSON explanations of every conformance case, and the
/// diagnostics of policies written to fail. `UPDATE_GOLDEN=1 swift test` rewrites them.

@Test(arguments: ConformanceCase.all)
func textExplanation(_ c: ConformanceCase) throws {
    let policy = Fixtures.path("conformance", "policies", c.policy + ".clause")
    let casePath = Fixtures.path("conformance", "cases", c.policy, c.name + ".json")
    let (code, out, err) = Fixtures.run(["eval", policy, casePath])
    let actual = Fixtures.normalize("exit \(code)\n--- stdout\n\(out)--- stderr\n\(err)")
    try FileManager.default.createDirectory(atPath: Fixtures.path("text", c.policy), withIntermediateDirectories: true)
    let diff = Fixtures.compareGolden(actual, expectedPath: Fixtures.path("text", c.policy, c.name + ".txt"))
    #expect(diff == nil, "\(diff ?? "")")
}

@Test(arguments: ConformanceCase.all)
func jsonExplanation(_ c: ConformanceCase) throws {
    let policy = Fixtures.path("conformance", "policies", c.policy + ".clause")
    let casePath = Fixtures.path("conformance", "cases", c.policy, c.name + ".json")
    let (code, out, err) = Fixtures.run(["eval", policy, casePath, "--format", "json"])
    let actual = Fixtures.normalize("exit \(code)\n--- stdout\n\(out)--- stderr\n\(err)")
    try FileManager.default.createDirectory(atPath: Fixtures.path("json", c.policy), withIntermediateDirectories: true)
    let diff = Fixtures.compareGolden(actual, expectedPath: Fixtures.path("json", c.policy, c.name + ".json.txt"))
    #expect(diff == nil, "\(diff ?? "")")
}

struct DiagnosticCase: CustomStringConvertible, Sendable {
    var name: String
    var description: String { name }
    static var all: [DiagnosticCase] {
        Fixtures.files(in: "diagnostics", suffix: ".clause").map { DiagnosticCase(name: String($0.dropLast(7))) }
    }
}

@Test func diagnosticFixturesArePresent() {
    #expect(DiagnosticCase.all.count >= 5)
}

@Test(arguments: DiagnosticCase.all)
func diagnostics(_ c: DiagnosticCase) {
    let (code, out, err) = Fixtures.run(["check", Fixtures.path("diagnostics", c.name + ".clause")])
    let actual = Fixtures.normalize("exit \(code)\n--- stdout\n\(out)--- stderr\n\(err)")
    let diff = Fixtures.compareGolden(actual, expectedPath: Fixtures.path("diagnostics", c.name + ".expected"))
    #expect(diff == nil, "\(diff ?? "")")
}
