import Foundation
import ClauseKit
import ClauseCLI

// clause-bench: measures parsing and checking, decisions, scaling and `clause batch`.
//   swift run -c release clause-bench [--quick] [--repeats N] [--out FILE] [--root DIR] [--skip-batch]
//                                     [--only parse,decide,rules,history,batch,lsp]
// Prints a table and writes JSON (default Benchmarks/results/latest.json).

let args = Array(CommandLine.arguments.dropFirst())
if args.first == "--batch-child" { exit(BatchRun.child(Array(args.dropFirst()))) }

func option(_ name: String) -> String? {
    let args = Array(CommandLine.arguments.dropFirst())
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

let quick = args.contains("--quick")
/// `--only parse,decide,rules,history,batch` runs those groups alone.
let only = Set((option("--only") ?? "parse,decide,rules,history,batch,lsp").split(separator: ",").map(String.init))
let root = option("--root") ?? FileManager.default.currentDirectoryPath
let outPath = option("--out") ?? root + "/Benchmarks/results/latest.json"
let report = Report(repeats: Int(option("--repeats") ?? "") ?? (quick ? 1 : 3), minSeconds: quick ? 0.2 : 1.0)

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("clause-bench: \(message)\n".utf8))
    exit(1)
}

func check(_ text: String, name: String) -> CheckedPolicy {
    let result = Checker.check(source: SourceFile(name: name, bytes: Array(text.utf8)))
    guard let policy = result.policy else {
        fail("\(name) does not check: \(result.diagnostics.prefix(3).map(\.message).joined(separator: "; "))")
    }
    return policy
}

/// The example cases of a policy, compact, one per line (those the policy refuses left out).
func exampleCases(_ name: String, _ policy: CheckedPolicy) -> (lines: [String], cases: [PatientCase]) {
    let dir = root + "/Policies/cases/" + name
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    var lines: [String] = [], cases: [PatientCase] = []
    for f in files {
        // Decoded as `clause eval` and `clause batch` decode them: with the policy's JSON keys.
        guard let data = FileManager.default.contents(atPath: dir + "/" + f),
              let json = try? JSONReader.parse([UInt8](data)),
              let c = try? CaseDecoder.decode(bytes: [UInt8](data), vocabulary: policy.vocabulary),
              (try? CompiledPolicy(policy).decide(c)) != nil else { continue }
        lines.append(JSONWriter.write(json, pretty: false))
        cases.append(c)
    }
    if cases.isEmpty { fail("no cases in \(dir); run from the repository root or pass --root") }
    return (lines, cases)
}

/// `--profile decide|explain|paths|decode|line|each SECONDS`: loops one workload on the acme-ppo cases for a profiler
/// (`perf record -g .build/release/clause-bench --profile decide 5`), printing nothing else.
if let what = option("--profile") {
    // `N` seconds, or `Nx`: exactly N rounds over the cases (for `perf stat -e instructions`).
    let last = CommandLine.arguments.last ?? ""
    let rounds = last.hasSuffix("x") ? Int(last.dropLast()) : nil
    let seconds = Double(last) ?? 5
    guard let text = try? String(contentsOfFile: root + "/Policies/acme-ppo.clause", encoding: .utf8) else { fail("no acme-ppo") }
    let policy = check(text, name: "acme-ppo")
    let compiled = CompiledPolicy(policy)
    let (lines, cases) = exampleCases("acme-ppo", policy)
    let bytes = lines.map { Array($0.utf8) }
    let decider = BatchDecider(policy: compiled, explain: false)
    if what == "each" {
        // Each case alone (or only `--case ID`), `SECONDS` split between them: where the time
        // of a decision goes.
        let only = option("--case")
        for (i, c) in cases.enumerated() where only == nil || c.id == only {
            let start = clock()
            var n = 0, sink = 0
            // `Nx`: exactly N × 1,000 decisions of the case (for `valgrind --tool=callgrind`).
            while rounds.map({ n < $0 * 1000 }) ?? (Double(clock() - start) / Double(CLOCKS_PER_SEC) < seconds / Double(cases.count)) {
                for _ in 0..<1000 { if let d = try? compiled.decide(c) { sink &+= d.coveredSessions } }
                n += 1000
            }
            let ns = Double(clock() - start) / Double(CLOCKS_PER_SEC) / Double(n) * 1e9
            let d = try? compiled.decide(c)
            print("\(c.id ?? "case \(i)"): \(Int(ns)) ns per CPU (\(d?.kind.rawValue ?? "error")\(d?.denialKind.map { ", " + $0.rawValue } ?? "")) (\(sink % 7))")
        }
        exit(0)
    }
    let start = Date(), cpuStart = clock()
    var n = 0, sink = 0
    var out: [UInt8] = []
    while rounds.map({ n < $0 * cases.count }) ?? (Date().timeIntervalSince(start) < seconds) {
        for _ in 0..<(rounds == nil ? 1000 : 1) {
            switch what {
            case "line":
                out.removeAll(keepingCapacity: true)
                for b in bytes { decider.decide(line: b[...], number: 1, into: &out) }
                sink &+= out.count
            case "decode":
                for b in bytes { if let c = try? CaseDecoder.decode(bytes: b, vocabulary: policy.vocabulary) { sink &+= c.request.sessions } }
            case "explain":
                for c in cases { if let d = try? compiled.decide(c, explain: true, paths: false) { sink &+= d.reasons.count } }
            case "paths":
                for c in cases { if let d = try? compiled.decide(c, explain: true) { sink &+= d.pathsToCoverage?.count ?? 0 } }
            default:
                for c in cases { if let d = try? compiled.decide(c) { sink &+= d.coveredSessions } }
            }
            n += cases.count
        }
    }
    let cpu = Double(clock() - cpuStart) / Double(CLOCKS_PER_SEC)
    print("\(what): \(Int(Double(n) / Date().timeIntervalSince(start))) per second, \(Int(Double(n) / cpu)) per CPU-second (\(sink % 7))")
    exit(0)
}

print("clause-bench: \(quick ? "quick run, " : "")\(Plural.count(report.repeats, "repeat")) of ≥\(report.minSeconds) s each; median (min–max)")
print(String(repeating: "-", count: 110))
let base = (try? Generators.basePolicy(root)) ?? { fail("cannot read Policies/acme-ppo.clause under \(root)") }()

// 1. Lex + parse + check.
for mb in !only.contains("parse") ? [] : quick ? [1] : [1, 10] {
    let text = Generators.policy(bytes: mb * 1_000_000, base: base)
    let bytes = Array(text.utf8)
    var rules = 0
    let times = report.seconds {
        let r = Checker.check(source: SourceFile(name: "generated.clause", bytes: bytes))
        rules = r.policy?.rules.count ?? -1
    }
    if rules < 0 { fail("the generated \(mb) MB policy does not check") }
    report.add("parse+check", "\(mb) MB generated policy (\(Plural.count(rules, "rule")))", times.map { Double(bytes.count) / 1e6 / $0 }, "MB/s")
}

// 1b. `clause lsp`: a keystroke in a ~2,000-line policy to its diagnostics (parse, check, lints).
if only.contains("lsp") {
    var text = base
    var k = 0
    while text.split(separator: "\n", omittingEmptySubsequences: false).count < 2_000 {
        text += Generators.extraBlock(k)
        k += 1
    }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    // The label of a define near the middle of the policy: typing there keeps the policy valid.
    let target = lines.indices.first { $0 >= lines.count / 2 && lines[$0].hasPrefix("define ") && lines[$0].hasSuffix("\"") } ?? 0
    let samples = (0..<report.repeats).flatMap { _ in LSPBenchmark.keystrokes(text: text, line: target, count: quick ? 40 : 200) }
    let sorted = samples.sorted()
    let p95 = sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.95))]
    report.add("lsp", "keystroke → publishDiagnostics, \(lines.count)-line policy (\(samples.count) keystrokes)", [Report.median(samples)], "ms",
               note: String(format: "p95 %.2f ms", p95))
    let completions = (0..<report.repeats).flatMap { _ in
        LSPBenchmark.keystrokes(text: text, line: target, count: quick ? 40 : 200, completing: true)
    }.sorted()
    let cp95 = completions.isEmpty ? 0 : completions[min(completions.count - 1, Int(Double(completions.count) * 0.95))]
    report.add("lsp", "keystroke → completion answered, same policy (\(completions.count) keystrokes)", [Report.median(completions)], "ms",
               note: String(format: "p95 %.2f ms", cp95))
}

// 2. Decisions on the example policies' cases, one thread.
var acmeLines: [String] = []
for name in ["acme-ppo", "valley-hmo", "bayou-medicaid"] where only.contains("decide") || name == "acme-ppo" {
    guard let text = try? String(contentsOfFile: root + "/Policies/\(name).clause", encoding: .utf8) else { continue }
    let policy = check(text, name: name)
    let compiled = CompiledPolicy(policy)
    let (lines, cases) = exampleCases(name, policy)
    if name == "acme-ppo" { acmeLines = lines }
    guard only.contains("decide") else { continue }
    let fast = report.rate {
        for c in cases { if let d = try? compiled.decide(c) { report.sink &+= d.coveredSessions } }
        return cases.count
    }
    report.add("decide", "\(name): compiled, no explanation (\(Plural.count(cases.count, "case")))", fast, "decisions/s")
    let explained = report.rate {
        for c in cases { if let d = try? compiled.decide(c, explain: true, paths: false) { report.sink &+= d.reasons.count } }
        return cases.count
    }
    report.add("decide", "\(name): with explanation (same lowering, recorder attached)", explained, "decisions/s")
    let withPaths = report.rate {
        for c in cases { if let d = try? compiled.decide(c, explain: true) { report.sink &+= d.pathsToCoverage?.count ?? 0 } }
        return cases.count
    }
    report.add("decide", "\(name): with explanation and paths to coverage", withPaths, "decisions/s")
    let bytes = lines.map { Array($0.utf8) }
    let decode = report.rate {
        for b in bytes { if let c = try? CaseDecoder.decode(bytes: b, vocabulary: policy.vocabulary) { report.sink &+= c.request.sessions } }
        return bytes.count
    }
    let avg = bytes.map(\.count).reduce(0, +) / max(bytes.count, 1)
    report.add("decode", "\(name): JSON case → PatientCase (≈\(avg) B each)", decode, "cases/s")
    let decider = BatchDecider(policy: compiled, explain: false)
    let line = report.rate {
        var out: [UInt8] = []
        for b in bytes { decider.decide(line: b[...], number: 1, into: &out) }
        report.sink &+= out.count
        return bytes.count
    }
    report.add("batch line", "\(name): read + decide + write JSON, one thread", line, "cases/s")
}

// 3. Scaling with the rule count (the extra rules are for other treatments).
let acme = check(base, name: "acme-ppo")
let (_, acmeCases) = exampleCases("acme-ppo", acme)
for rules in !only.contains("rules") ? [] : quick ? [10, 1_000] : [10, 1_000, 16_000] {
    let text = Generators.policy(rules: rules, base: base)
    var policy: CheckedPolicy?
    let checkTimes = report.seconds { policy = check(text, name: "rules-\(rules)") }
    guard let policy else { continue }
    let compiled = CompiledPolicy(policy)
    let cases = acmeCases.compactMap { try? CaseDecoder.decode(bytes: Array(JSONWriter.write(caseJSON($0), pretty: false).utf8), vocabulary: policy.vocabulary) }
    let r = report.rate {
        for c in cases { if let d = try? compiled.decide(c) { report.sink &+= d.coveredSessions } }
        return cases.count
    }
    report.add("rules", "\(Plural.count(policy.rules.count, "rule")): compiled decisions (acme cases)", r, "decisions/s",
               note: "check \(String(format: "%.3f", Report.median(checkTimes))) s")
    let e = report.rate {
        for c in cases { if let d = try? compiled.decide(c, explain: true, paths: false) { report.sink &+= d.reasons.count } }
        return cases.count
    }
    report.add("rules", "\(Plural.count(policy.rules.count, "rule")): with explanation", e, "decisions/s")
}

/// A decoded case's JSON document (the scaling runs decode against each policy's vocabulary).
func caseJSON(_ c: PatientCase) -> JSONValue { c.root }

// 4. Scaling with the session history of a case.
let coveredLine = acmeLines.first { $0.contains("\"id\":\"covered-in-network\"") } ?? acmeLines[0]
for history in !only.contains("history") ? [] : quick ? [10, 1_000] : [10, 100, 1_000, 10_000] {
    let line = Generators.caseWithHistory(history, base: coveredLine)
    let bytes = Array(line.utf8)
    let compiled = CompiledPolicy(acme)
    guard let c = try? CaseDecoder.decode(bytes: bytes, vocabulary: acme.vocabulary) else { fail("history case does not decode") }
    let d = report.rate {
        if let d = try? compiled.decide(c) { report.sink &+= d.coveredSessions }
        return 1
    }
    report.add("history", "\(history) past sessions: compiled decision", d, "decisions/s")
    let e = report.rate {
        if let c = try? CaseDecoder.decode(bytes: bytes, vocabulary: acme.vocabulary), let d = try? compiled.decide(c) {
            report.sink &+= d.coveredSessions
        }
        return 1
    }
    report.add("history", "\(history) past sessions: decode + decide (\(bytes.count / 1000) kB)", e, "cases/s")
}

// 5. `clause batch` end to end, in a child process.
if only.contains("batch") && !args.contains("--skip-batch") {
    let dir = NSTemporaryDirectory() + "clause-bench-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let policyPath = root + "/Policies/acme-ppo.clause"
    let n = quick ? 20_000 : 200_000
    let input = dir + "/cases.jsonl"
    do { try BatchRun.writeCases(acmeLines, count: n, to: input) } catch { fail("cannot write \(input)") }
    for jobs in [1, 2] {
        var peak = 0.0
        var perCPU: [Double] = []
        let rates = (0..<report.repeats).map { _ -> Double in
            let r = BatchRun.spawn(policy: policyPath, input: input, jobs: jobs)
            if r.status != 0 { fail("clause batch exited with status \(r.status)") }
            peak = max(peak, r.peakMB)
            perCPU.append(Double(n) / r.cpuSeconds)
            return Double(n) / r.seconds
        }
        report.add("batch", "\(n) acme cases, --jobs \(jobs), end to end (wall)", rates, "cases/s",
                   note: String(format: "peak %.1f MB", peak))
        report.add("batch", "\(n) acme cases, --jobs \(jobs), per CPU-second (user+sys)", perCPU, "cases/CPU-s")
    }
    let big = quick ? 100_000 : 1_000_000
    do { try BatchRun.writeCases(acmeLines, count: big, to: input) } catch { fail("cannot write \(input)") }
    let r = BatchRun.spawn(policy: policyPath, input: input, jobs: 2)
    if r.status != 0 { fail("clause batch exited with status \(r.status)") }
    report.add("batch", "\(big) acme cases, --jobs 2: peak memory (VmHWM)", [r.peakMB], "MB",
               note: String(format: "%.0f cases/s", Double(big) / r.seconds))
}

report.add("memory", "clause-bench process peak (maxrss)", [Report.peakMemoryMB()], "MB")
print(String(repeating: "-", count: 110))
let json = report.json(machine: Report.machine(), arguments: Array(CommandLine.arguments.dropFirst()))
try? FileManager.default.createDirectory(atPath: (outPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
do {
    try json.write(toFile: outPath, atomically: true, encoding: .utf8)
    print("wrote \(outPath) (checksum \(report.sink & 0xffff))")
} catch {
    fail("cannot write \(outPath): \(error)")
}
