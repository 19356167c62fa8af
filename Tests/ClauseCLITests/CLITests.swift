import Foundation
import Testing
import ClauseCLI

/// The repository root, found from this file, so tests can use the bundled policies.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func path(_ relative: String) -> String { repository.appendingPathComponent(relative).path }

func run(_ args: [String]) -> (code: Int32, out: String, err: String) {
    let out = StringSink(), err = StringSink()
    let code = CLI(out: out, err: err, environment: ["NO_COLOR": "1"]).run(args)
    return (code, out.text, err.text)
}

@Suite struct CLITests {
    @Test func noArgumentsIsAUsageError() {
        let r = run([])
        #expect(r.code == 2)
        #expect(r.out.contains("USAGE"))
    }

    @Test func versionAndHelp() {
        #expect(run(["--version"]).out.hasPrefix("clause "))
        #expect(run(["--help"]).code == 0)
        #expect(run(["help", "eval"]).out.contains("--format"))
    }

    @Test func unknownCommandAndOptionAreUsageErrors() {
        #expect(run(["frobnicate"]).code == 2)
        let r = run(["eval", path("Policies/acme-ppo.clause"), "x.json", "--fast"])
        #expect(r.code == 2)
        #expect(r.err.contains("unknown option `--fast`"))
        #expect(run(["eval", path("Policies/acme-ppo.clause"), "x.json", "--format", "xml"]).code == 2)
        #expect(run(["eval", path("Policies/acme-ppo.clause")]).code == 2)
    }

    @Test func checkAcceptsEveryBundledPolicy() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: path("Policies")).filter { $0.hasSuffix(".clause") }
        #expect(names.count >= 3)
        for name in names {
            let r = run(["check", path("Policies/" + name)])
            #expect(r.code == 0, "\(name): \(r.err)")
            #expect(r.out.contains(": ok ("))
            #expect(r.err.isEmpty)
        }
    }

    @Test func missingAndDirectoryFilesAreClearErrors() {
        let missing = run(["check", "/nonexistent/policy.clause"])
        #expect(missing.code == 1)
        #expect(missing.err.contains("no such file"))
        let dir = run(["eval", path("Policies/acme-ppo.clause"), path("Policies")])
        #expect(dir.code == 1)
        #expect(dir.err.contains("is a directory"))
    }

    @Test func malformedCaseNamesTheField() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("clause-cli-\(UUID().uuidString).json")
        try #"{"request": {"treatment": "esketamine", "date": "2026-02-30", "sessions": 1}}"#.write(to: tmp, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let r = run(["eval", path("Policies/acme-ppo.clause"), tmp.path])
        #expect(r.code == 1)
        #expect(r.err.contains("request.date"))
        #expect(r.err.contains("2026-02-30"))
    }

    @Test func notJSONIsAnErrorWithALocation() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("clause-cli-\(UUID().uuidString).json")
        try "{\n  \"request\": [1, 2,, 3]\n}".write(to: tmp, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let r = run(["eval", path("Policies/acme-ppo.clause"), tmp.path])
        #expect(r.code == 1)
        #expect(r.err.contains(":2:"))
    }

    @Test func evalTextLeadsWithThePlainAnswer() {
        let r = run(["eval", path("Policies/acme-ppo.clause"), path("Policies/cases/acme-ppo/covered-in-network.json")])
        #expect(r.code == 0)
        #expect(r.out.hasPrefix("Covered: 2 of 2 sessions. You pay $760.00, the plan pays $1,040.00."))
    }

    @Test func jsonOutputIsDeterministic() {
        let args = ["eval", path("Policies/valley-hmo.clause"), path("Policies/cases/valley-hmo/iv-benefit-maximum.json"), "--format", "json"]
        let first = run(args), second = run(args)
        #expect(first.code == 0)
        #expect(first.out == second.out)
    }

    @Test func policyErrorsStopEvaluation() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("clause-cli-\(UUID().uuidString).clause")
        try "policy \"x\" { effective 2026-01-01 }\ncover nothing when true\n".write(to: tmp, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let r = run(["eval", tmp.path, path("Policies/cases/acme-ppo/covered-in-network.json")])
        #expect(r.code == 1)
        #expect(r.err.contains(":2:7: error: unknown treatment `nothing`"))
    }
}
