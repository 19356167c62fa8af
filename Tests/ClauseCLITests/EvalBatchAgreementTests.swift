import Foundation
import Testing
import ClauseCLI
import ClauseKit

/// `clause eval POLICY CASE --format json` and `clause batch` agree on generated policies and
/// cases: each batch line with `--explain` is the eval output in compact form, each line without
/// it is that output less the explanation (`reasons`, `paths_to_coverage` and the `summary`
/// quoting them), and a case eval refuses is an error object in batch with the same message.
@Suite struct EvalBatchAgreementTests {
    @Test func evalAndBatchWriteTheSameDecisionsOnGeneratedPolicies() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clause-evalbatch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var pairs = 0, decided = 0
        var mismatches: [String] = []
        for i in 0..<75 {
            let seed: UInt64 = 7_000 &+ UInt64(i)
            var source = SplitMix64(seed: seed)
            let (text, checked) = PolicyGenerator.generate(using: &source)
            guard let checked else { continue }
            let policyPath = dir.appendingPathComponent("p\(i).clause").path
            try text.write(toFile: policyPath, atomically: true, encoding: .utf8)
            let generator = CaseGenerator(policy: checked)
            var lines: [String] = []
            var casePaths: [String] = []
            for k in 0..<4 {
                // One line per case: the generator's JSON, compact.
                let value = generator.caseValue(using: &source)
                let line = JSONWriter.write(value, pretty: false)
                let casePath = dir.appendingPathComponent("p\(i)-c\(k).json").path
                try JSONWriter.write(value).write(toFile: casePath, atomically: true, encoding: .utf8)
                lines.append(line)
                casePaths.append(casePath)
            }
            let input = dir.appendingPathComponent("p\(i).jsonl").path
            try (lines.joined(separator: "\n") + "\n").write(toFile: input, atomically: true, encoding: .utf8)
            let explained = run(["batch", policyPath, input, "--explain", "--jobs", "2", "--no-progress"]).out
                .split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            let fast = run(["batch", policyPath, input, "--jobs", "1", "--no-progress"]).out
                .split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            guard explained.count == lines.count, fast.count == lines.count else {
                mismatches.append("seed \(seed): batch wrote \(explained.count) and \(fast.count) lines for \(lines.count) cases")
                continue
            }
            for k in lines.indices {
                pairs += 1
                let eval = run(["eval", policyPath, casePaths[k], "--format", "json"])
                var problem: String?
                if eval.code == 0 {
                    decided += 1
                    let value = try JSONReader.parse(eval.out)
                    let compact = JSONWriter.write(value, pretty: false)
                    var stripped = value
                    if case .object(var o) = value {
                        o["reasons"] = nil
                        o["paths_to_coverage"] = nil
                        o["summary"] = nil
                        stripped = .object(o)
                    }
                    if explained[k] != compact {
                        problem = "batch --explain: \(explained[k])\neval:            \(compact)"
                    } else if fast[k] != JSONWriter.write(stripped, pretty: false) {
                        problem = "batch:                  \(fast[k])\neval less explanation: \(JSONWriter.write(stripped, pretty: false))"
                    }
                } else {
                    // Refused: an error object in both batch modes, with eval's message.
                    for out in [explained[k], fast[k]] {
                        guard let o = try? JSONReader.parse(out), case .string(var message)? = o.value(at: ["error"]) else {
                            problem = "eval refused the case (\(eval.err)), batch wrote \(out)"
                            break
                        }
                        if message.hasPrefix("cannot decide the case: ") { message.removeFirst("cannot decide the case: ".count) }
                        if !eval.err.contains(message) { problem = "eval: \(eval.err)batch: \(out)" }
                    }
                }
                if let problem {
                    mismatches.append("policy seed \(seed) (PolicyGenerator with SplitMix64), case \(k):\n\(problem)\n--- policy\n\(text)--- case\n\(lines[k])")
                }
            }
        }
        #expect(pairs >= 250)
        #expect(decided * 100 >= pairs * 50)
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(pairs) pairs disagree; the first:\n\(mismatches.prefix(3).joined(separator: "\n\n"))")
    }
}
