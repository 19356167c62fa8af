import Foundation
import Testing
import ClauseCLI
import ClauseKit

/// `clause batch` on the example cases: one line out per line in, in order, errors as objects.
@Suite struct BatchTests {
    /// Every example case of a policy, each compacted onto one line, in file-name order.
    static func exampleLines(_ policy: String) throws -> [(name: String, line: String)] {
        let dir = path("Policies/cases/\(policy)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let root = try JSONReader.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))))
            return (name, JSONWriter.write(root, pretty: false))
        }
    }

    static func write(_ lines: [String]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("clause-batch-\(UUID().uuidString).jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static func objects(_ text: String) throws -> [JSONValue] {
        try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { try JSONReader.parse(String($0)) }
    }

    @Test(arguments: ["acme-ppo", "valley-hmo", "bayou-medicaid"])
    func explainedBatchEqualsEvalOnEveryExampleCase(_ policy: String) throws {
        let cases = try BatchTests.exampleLines(policy)
        let input = try BatchTests.write(cases.map(\.line))
        defer { try? FileManager.default.removeItem(atPath: input) }
        let r = run(["batch", path("Policies/\(policy).clause"), input, "--explain", "--jobs", "2"])
        let outputs = r.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(outputs.count == cases.count)
        for (i, c) in cases.enumerated() where i < outputs.count {
            let eval = run(["eval", path("Policies/\(policy).clause"), path("Policies/cases/\(policy)/\(c.name)"), "--format", "json"])
            if eval.code == 0 {
                let expected = JSONWriter.write(try JSONReader.parse(eval.out), pretty: false)
                #expect(outputs[i] == expected, "\(c.name)")
            } else {
                // A case `eval` refuses is an error object carrying its line number.
                let o = try JSONReader.parse(outputs[i])
                #expect(o.value(at: ["line"]) == .int(i + 1), "\(c.name)")
                #expect(o.value(at: ["error"]) != nil, "\(c.name)")
            }
        }
        #expect(r.code == (cases.contains { $0.name.contains("unknown-treatment") } ? 1 : 0))
    }

    @Test func malformedLinesGiveErrorObjectsAndTheBatchGoesOn() throws {
        let good = try BatchTests.exampleLines("acme-ppo").first { $0.name == "covered-in-network.json" }!.line
        let input = try BatchTests.write([good, "{\"id\": \"broken-1\", \"patient\": ", "", "[1, 2]",
                                          "{\"id\": \"no-request\"}", good])
        defer { try? FileManager.default.removeItem(atPath: input) }
        let r = run(["batch", path("Policies/acme-ppo.clause"), input])
        #expect(r.code == 1)
        #expect(r.err.contains("3 of 5 cases could not be decided"), "the blank line is no case")
        let o = try BatchTests.objects(r.out)
        #expect(o.count == 5)
        #expect(o[0].value(at: ["decision"]) == .string("covered"))
        #expect(o[0].value(at: ["reasons"]) == nil)
        #expect(o[1].value(at: ["line"]) == .int(2))
        #expect(o[1].value(at: ["id"]) == .string("broken-1"))
        #expect(o[2].value(at: ["line"]) == .int(4), "line numbers count the blank line")
        #expect(o[3].value(at: ["id"]) == .string("no-request"))
        #expect(o[3].value(at: ["path"]) == .string("request"))
        #expect(o[4].value(at: ["id"]) == .string("covered-in-network"))
    }

    /// Many rounds on several threads: nothing lost, duplicated or reordered.
    @Test func manyLinesKeepTheirOrderWhateverTheJobs() throws {
        let cases = try BatchTests.exampleLines("valley-hmo")
        var lines: [String] = []
        for i in 0..<5_000 {
            let c = cases[i % cases.count].line
            lines.append(c.replacingOccurrences(of: "\"id\":\"", with: "\"id\":\"n\(i)-"))
        }
        let input = try BatchTests.write(lines)
        defer { try? FileManager.default.removeItem(atPath: input) }
        let one = run(["batch", path("Policies/valley-hmo.clause"), input, "--jobs", "1"])
        let three = run(["batch", path("Policies/valley-hmo.clause"), input, "--jobs", "3"])
        #expect(one.out == three.out)
        let o = try BatchTests.objects(three.out)
        #expect(o.count == lines.count)
        for (i, obj) in o.enumerated() {
            guard case .string(let id)? = obj.value(at: ["id"]) else {
                Issue.record("line \(i + 1) has no id")
                continue
            }
            #expect(id.hasPrefix("n\(i)-"))
        }
    }

    @Test func usageErrors() {
        #expect(run(["batch"]).code == 2)
        #expect(run(["batch", path("Policies/acme-ppo.clause"), "--jobs", "0"]).code == 2)
        #expect(run(["batch", path("Policies/acme-ppo.clause"), "a", "b"]).code == 2)
        #expect(run(["batch", path("Policies/acme-ppo.clause"), "/nonexistent/cases.jsonl"]).code == 1)
        #expect(run(["help", "batch"]).out.contains("--jobs"))
    }
}
