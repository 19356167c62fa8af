import Foundation
import Testing
import ClauseCLI

/// `clause fmt`, `clause test`, `clause check --strict` and case schemas from the command line.
@Suite struct AuthoringCLITests {
    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clause-authoring-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func fmtCheckPassesOnTheExamplePolicies() {
        let r = run(["fmt", "--check", path("Policies")])
        #expect(r.code == 0, "\(r.out)\(r.err)")
        #expect(r.out.isEmpty)
    }

    @Test func fmtCheckNamesFilesThatWouldChangeAndFmtRewritesThem() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let messy = dir.appendingPathComponent("messy.clause")
        let tidy = dir.appendingPathComponent("tidy.clause")
        try "policy \"T\" {effective 2026-01-01}  # c\n".write(to: messy, atomically: true, encoding: .utf8)
        try "policy \"T\" {\n  effective 2026-01-01\n}\n".write(to: tidy, atomically: true, encoding: .utf8)
        let check = run(["fmt", "--check", dir.path])
        #expect(check.code == 1)
        #expect(check.out == "\(messy.path): would be reformatted\n")
        #expect(check.err.contains("1 file would be reformatted"))
        #expect(try String(contentsOf: messy, encoding: .utf8).hasPrefix("policy \"T\" {effective"))
        let format = run(["fmt", messy.path, tidy.path])
        #expect(format.code == 0)
        #expect(format.out == "\(messy.path): formatted\n")
        #expect(try String(contentsOf: messy, encoding: .utf8) == "policy \"T\" {  # c\n  effective 2026-01-01\n}\n")
        #expect(run(["fmt", "--check", dir.path]).code == 0)
    }

    @Test func fmtDiffShowsWhatWouldChange() {
        let spec = path("Tests/GoldenTests/Fixtures/conformance/policies/acme-ppo.clause")
        let r = run(["fmt", "--diff", spec])
        #expect(r.code == 1)
        #expect(r.out.contains("@@ line 14 @@\n \n treatment esketamine"))
        #expect(r.out.contains("-  billing hcpcs J0013, G2082, G2083     # J0013 replaced S0013 on 2026-01-01\n+  billing hcpcs J0013, G2082, G2083  # J0013"))
        #expect(run(["fmt", "--diff", path("Policies/acme-ppo.clause")]).out.isEmpty)
    }

    @Test func fmtRefusesAFileWithSyntaxErrors() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.clause")
        try "policy \"T\" { effective }\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = run(["fmt", bad.path])
        #expect(r.code == 1)
        #expect(r.err.contains("error: expected a date"))
        #expect(try String(contentsOf: bad, encoding: .utf8) == "policy \"T\" { effective }\n")
    }

    @Test func testCommandPassesOnTheExamplePoliciesWithCoverage() {
        let r = run(["test", "--coverage", "--threshold", "50", path("Policies")])
        #expect(r.code == 0, "\(r.out)\(r.err)")
        #expect(r.out.contains("Coverage of "))
        #expect(r.out.contains("acme-ppo.clause"))
        #expect(r.out.contains("failed") && r.out.contains(" 0 failed"))
        #expect(!r.out.contains("FAIL"))
    }

    @Test func aWrongExpectationFailsWithExpectedAndActual() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tests = dir.appendingPathComponent("acme.tests")
        try """
        policy "\(path("Policies/acme-ppo.clause"))"
        test "deliberately wrong"
          case "\(path("Policies/cases/acme-ppo/covered-in-network.json"))"
          decision denied
          patient_pays $760.00
        """.write(to: tests, atomically: true, encoding: .utf8)
        let r = run(["test", tests.path])
        #expect(r.code == 1)
        #expect(r.out.contains("FAIL  \(tests.path):2  deliberately wrong"))
        #expect(r.out.contains("decision (line 4)\n        expected: denied\n        actual:   covered"))
        #expect(!r.out.contains("patient_pays (line"))
        #expect(r.out.contains("1 test: 0 passed, 1 failed"))
    }

    @Test func thresholdFailsBelowIt() {
        let r = run(["test", "--threshold", "99.5", path("Policies/tests/acme-ppo.tests")])
        #expect(r.code == 1)
        #expect(r.err.contains("coverage below 99.5%"))
        #expect(run(["test", "--threshold", "abc", path("Policies")]).code == 2)
    }

    @Test func testFileSyntaxErrorIsLocated() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tests = dir.appendingPathComponent("bad.tests")
        try "test \"x\"\n  case \"a.json\"\n  decision maybe\n".write(to: tests, atomically: true, encoding: .utf8)
        let r = run(["test", tests.path])
        #expect(r.code == 1)
        #expect(r.err.contains("\(tests.path):3:3: error: unknown decision `maybe`"))
    }

    @Test func strictCheckAndSchemaViolations() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let policy = dir.appendingPathComponent("p.clause")
        try """
        policy "P" { effective 2026-01-01 }
        fields { patient.age: number }
        treatment t "T" { billing hcpcs J0013 }
        define unused = true
        cover t "Adults" when patient.age >= 18
        """.write(to: policy, atomically: true, encoding: .utf8)
        let lenient = run(["check", policy.path])
        #expect(lenient.code == 0)
        #expect(lenient.err.contains("warning: define `unused` is never used"))
        let strict = run(["check", "--strict", policy.path])
        #expect(strict.code == 1)
        #expect(strict.err.contains("error: define `unused` is never used"))
        let badCase = dir.appendingPathComponent("c.json")
        try #"{ "patient": { "age": "forty" }, "request": { "treatment": "t", "date": "2026-02-01", "sessions": 1 } }"#
            .write(to: badCase, atomically: true, encoding: .utf8)
        let eval = run(["eval", policy.path, badCase.path])
        #expect(eval.code == 1)
        #expect(eval.err.contains("`patient.age`: expected a number (the policy declares `patient.age: number` on line 2)"))
    }

    @Test func runSelectsTestsByName() {
        let r = run(["test", "--run", "EXCLUDED", path("Policies/tests/acme-ppo.tests")])
        #expect(r.code == 0)
        #expect(r.out.contains("pregnancy excluded"))
        #expect(!r.out.contains("covered in network"))
        #expect(r.out.contains("4 tests: 4 passed, 0 failed"))
    }

    @Test func helpForTheNewCommands() {
        #expect(run(["help", "fmt"]).out.contains("--check"))
        #expect(run(["help", "test"]).out.contains("--threshold"))
        #expect(run(["help", "check"]).out.contains("--strict"))
    }
}
