import Foundation
import Testing
import ClauseCLI

func temporaryDirectory(_ name: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clause-\(name)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

@Suite struct ExplanationCommandTests {
    @Test func evalShowsThePathToCoverageInTextAndJSON() throws {
        let policy = path("Policies/acme-ppo.clause"), c = path("Policies/cases/acme-ppo/one-drug-class.json")
        let text = run(["eval", policy, c])
        #expect(text.code == 0)
        #expect(text.out.contains("Path to coverage\n  1. Covered if the record documents: failed antidepressants of 2 or more classes"))
        #expect(text.out.contains("tried on this case: covered"))
        let json = run(["eval", policy, c, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let paths = try #require(object["paths_to_coverage"] as? [[String: Any]])
        #expect(paths.first?["verified"] as? Bool == true)
        let change = try #require((paths.first?["changes"] as? [[String: Any]])?.first)
        #expect(change["kind"] as? String == "fact")
        #expect(change["nature"] as? String == "clinical_fact")
        #expect(paths.first?["nature"] as? String == "clinical_fact")
        #expect(change["path"] as? String == "history.trials")
        #expect(change["line"] as? Int == 28)
    }

    @Test func evalFormatCRDPrintsTheExtension() throws {
        let r = run(["eval", path("Policies/acme-ppo.clause"), path("Policies/cases/acme-ppo/prior-auth-missing.json"), "--format", "crd"])
        #expect(r.code == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(object["url"] as? String == "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information")
        let subs = try #require(object["extension"] as? [[String: Any]])
        #expect(subs.contains { $0["url"] as? String == "pa-needed" && $0["valueCode"] as? String == "auth-needed" })
    }

    @Test func appealWritesTheLetterToAFile() throws {
        let dir = try temporaryDirectory("appeal")
        let file = (dir as NSString).appendingPathComponent("letter.md")
        let r = run(["appeal", path("Policies/acme-ppo.clause"), path("Policies/cases/acme-ppo/pregnancy-excluded.json"), "-o", file])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.isEmpty)
        let letter = try String(contentsOfFile: file, encoding: .utf8)
        #expect(letter.hasPrefix("# Appeal of a coverage decision: Spravato (esketamine) nasal spray"))
        #expect(letter.contains("## Documents to attach"))
        #expect(letter.contains("## Deadlines"))
    }

    @Test func appealRefusesACoveredCaseAndBadDates() {
        let covered = run(["appeal", path("Policies/acme-ppo.clause"), path("Policies/cases/acme-ppo/covered-in-network.json")])
        #expect(covered.code == 1)
        #expect(covered.err.contains("the case is covered: there is nothing to appeal"))
        let bad = run(["appeal", path("Policies/acme-ppo.clause"), path("Policies/cases/acme-ppo/one-drug-class.json"), "--notice-date", "2026-02-30"])
        #expect(bad.code == 2)
        #expect(run(["appeal", path("Policies/acme-ppo.clause")]).code == 2)
    }

    @Test func diffWritesWitnessesThatEvalConfirms() throws {
        let dir = try temporaryDirectory("diff")
        let old = path("Policies/versions/acme-ppo-2026.1.clause"), new = path("Policies/versions/acme-ppo-2026.2.clause")
        let r = run(["diff", old, new, "--write-tests", dir])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("esketamine: history.trials in 2 entries of different drug_class with weeks 6"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        let cases = files.filter { $0.hasSuffix(".json") && !$0.hasSuffix(".expect.json") }
        #expect(cases.count >= 3)
        for name in cases {
            let casePath = (dir as NSString).appendingPathComponent(name)
            let expectPath = (dir as NSString).appendingPathComponent(String(name.dropLast(5)) + ".expect.json")
            let expect = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: expectPath))) as? [String: Any])
            let eval = run(["eval", new, casePath, "--format", "json"])
            let got = try #require(try JSONSerialization.jsonObject(with: Data(eval.out.utf8)) as? [String: Any])
            #expect(got["decision"] as? String == expect["decision"] as? String, "\(name)")
            #expect(got["denial_kind"] as? String == expect["denial_kind"] as? String, "\(name)")
            let oldEval = run(["eval", old, casePath, "--format", "json"])
            let was = try #require(try JSONSerialization.jsonObject(with: Data(oldEval.out.utf8)) as? [String: Any])
            #expect(was["decision"] as? String != got["decision"] as? String || was["denial_kind"] as? String != got["denial_kind"] as? String, "\(name)")
        }
        let json = run(["diff", old, new, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let groups = try #require(object["changes"] as? [[String: Any]])
        #expect(groups.compactMap { ($0["kinds"] as? [Any])?.count }.reduce(0, +) == cases.count)
        // The effective date's change, old line and new line, with the two kinds of case it causes.
        let effective = try #require(groups.first { ($0["new"] as? [[String: Any]])?.contains { $0["text"] as? String == "  effective 2026-07-01" } == true })
        #expect((effective["old"] as? [[String: Any]])?.contains { $0["text"] as? String == "  effective 2026-01-01" && $0["line"] as? Int == 7 } == true)
        #expect((effective["kinds"] as? [Any])?.count == 2)
        #expect(r.out.contains("(old lines 27-28, new lines 29-30) changes 2 kinds of case:"), "\(r.out)")
        #expect(r.out.contains("  + 29    distinct(history.trials.drug_class where weeks >= 8 and improvement <= 25%) >= 3"))
    }

    @Test func diffOfAPolicyWithItselfFindsNothing() {
        let p = path("Policies/valley-hmo.clause")
        let r = run(["diff", p, p])
        #expect(r.code == 0)
        #expect(r.out.hasPrefix("No decision changes between"))
    }
}
