import Foundation
import Testing

/// The language's acceptance cases (copied from the spec into Fixtures/conformance),
/// checked as `../shared/spec/conformance.py` checks them, each reported on its own.
struct ConformanceCase: CustomStringConvertible, Sendable {
    var policy: String
    var name: String
    var description: String { "\(policy)/\(name)" }

    static var all: [ConformanceCase] {
        let policies = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.path("conformance", "cases"))) ?? []
        return policies.sorted().flatMap { policy in
            Fixtures.files(in: "conformance/cases/\(policy)", suffix: ".json")
                .filter { !$0.hasSuffix(".expect.json") }
                .map { ConformanceCase(policy: policy, name: String($0.dropLast(5))) }
        }
    }
}

@Test func conformanceCasesArePresent() {
    #expect(ConformanceCase.all.count >= 22)
}

@Test(arguments: ConformanceCase.all)
func conformance(_ c: ConformanceCase) throws {
    let policy = Fixtures.path("conformance", "policies", c.policy + ".clause")
    let casePath = Fixtures.path("conformance", "cases", c.policy, c.name + ".json")
    let expectData = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("conformance", "cases", c.policy, c.name + ".expect.json")))
    let expect = try #require(try JSONSerialization.jsonObject(with: expectData) as? [String: Any])
    let (code, out, err) = Fixtures.run(["eval", policy, casePath, "--format", "json"])

    if expect["error"] as? Bool == true {
        #expect(code != 0, "expected a refusal")
        if let mention = expect["error_mentions"] as? String {
            #expect((out + err).contains(mention), "error should mention \(mention): \(err)")
        }
        return
    }
    #expect(code == 0, "exit \(code): \(err)")
    let result = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    for key in ["decision", "treatment", "denial_kind"] {
        if let want = expect[key] as? String {
            #expect(result[key] as? String == want, "\(key)")
        }
    }
    if let want = expect["sessions"] as? [String: Int] {
        let got = result["sessions"] as? [String: Any] ?? [:]
        for (k, v) in want { #expect(got[k] as? Int == v, "sessions.\(k)") }
    }
    if let want = expect["cost"] as? [String: String] {
        let got = result["cost"] as? [String: Any] ?? [:]
        for (k, v) in want {
            if k == "tier" {
                #expect(got[k] as? String == v, "cost.tier")
            } else {
                #expect(Decimal(string: got[k] as? String ?? "x") == Decimal(string: v), "cost.\(k): \(String(describing: got[k]))")
            }
        }
    }
    let unmet = result["unmet"] as? [String] ?? []
    if let n = expect["unmet_count"] as? Int { #expect(unmet.count == n, "unmet: \(unmet)") }
    if let mention = expect["unmet_mentions"] as? String {
        #expect(unmet.joined(separator: " ").lowercased().contains(mention.lowercased()), "unmet: \(unmet)")
    }
    if let paths = expect["missing_includes"] as? [String] {
        let missing = result["missing"] as? [String] ?? []
        for p in paths { #expect(missing.contains(p), "missing \(p) in \(missing)") }
    }
}
