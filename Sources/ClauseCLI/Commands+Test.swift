import Foundation
import ClauseKit

extension CLI {
    // clause test [--coverage] [--threshold P] [PATH...]
    func runTest(_ args: [String]) -> Int32 {
        let options: Options
        do { options = try Options(args, valued: ["--threshold", "--color", "--run"], switches: ["--coverage"]) } catch {
            return usageError(error.message, command: "test")
        }
        var threshold: Double?
        if let text = options.values["--threshold"] {
            let number = text.hasSuffix("%") ? String(text.dropLast()) : text
            guard let p = Double(number), p >= 0, p <= 100 else {
                return usageError("`--threshold` needs a percentage from 0 to 100, got `\(text)`", command: "test")
            }
            threshold = p
        }
        let color = colorFor(err, flag: options.values["--color"])
        let paths = Files.expand(options.positional.isEmpty ? ["."] : options.positional, suffix: ".tests")
        guard !paths.isEmpty else {
            err.write("error: no test files (*.tests) found in \(options.positional.isEmpty ? "." : options.positional.joined(separator: ", "))\n")
            return 1
        }
        var run = TestRun()
        run.only = options.values["--run"]?.lowercased()
        for path in paths { runTestFile(path, &run, color: color) }

        let wantsCoverage = options.flags.contains("--coverage") || threshold != nil
        var belowThreshold: [String] = []
        if wantsCoverage {
            for key in run.coverageOrder {
                guard let report = run.coverage[key]?.report else { continue }
                if options.flags.contains("--coverage") { out.write(CLI.render(report)) }
                if let threshold, report.percent < threshold { belowThreshold.append("\(report.policy) (\(CLI.percent(report.percent)))") }
            }
        }
        let failed = run.failed + run.errors
        out.write("\n\(Plural.count(run.passed + run.failed, "test")): \(run.passed) passed, \(run.failed) failed"
                  + (run.errors > 0 ? ", \(Plural.count(run.errors, "file error"))" : "") + "\n")
        if let threshold, !belowThreshold.isEmpty {
            err.write("error: coverage below \(CLI.percent(threshold)): \(belowThreshold.joined(separator: ", "))\n")
            return 1
        }
        return failed > 0 ? 1 : 0
    }

    struct TestRun {
        var passed = 0
        var failed = 0
        var errors = 0
        var coverage: [String: CoverageCollector] = [:]
        var coverageOrder: [String] = []
        /// `--run TEXT`: only the tests whose name contains TEXT (any case).
        var only: String?
    }

    func runTestFile(_ path: String, _ run: inout TestRun, color: Bool) {
        let bytes: [UInt8]
        do { bytes = try Files.read(path) } catch {
            err.write("error: \(error)\n")
            run.errors += 1
            return
        }
        let file: PolicyTestFile
        do { file = try TestFileParser.parse(SourceFile(name: path, bytes: bytes)) } catch {
            err.write("\(path):\(error.line):\(error.column): error: \(error.message)\n")
            run.errors += 1
            return
        }
        let resolve = { CLI.resolve($0, besideTestFile: path) }
        let policyPath = CLI.policyPath(of: file, at: path)
        guard let loaded = loadPolicy(policyPath) else {
            run.errors += 1
            return
        }
        guard let policy = loaded.result.policy else {
            report(loaded.result.diagnostics, in: loaded.source, color: color)
            err.write("error: \(path): the policy \(policyPath) has errors; its \(Plural.count(file.tests.count, "test")) \(Plural.word(file.tests.count, "was", "were")) not run\n")
            run.errors += 1
            return
        }
        if run.coverage[policyPath] == nil {
            run.coverage[policyPath] = CoverageCollector(policy: policy)
            run.coverageOrder.append(policyPath)
        }
        // Lowered once for the file's tests; each is decided as `clause eval` decides it.
        let compiled = CompiledPolicy(policy)
        for test in file.tests {
            if let only = run.only, !test.name.lowercased().contains(only) { continue }
            let caseBytes: [UInt8]
            switch test.caseSource {
            case .inline(let text): caseBytes = Array(text.utf8)
            case .file(let relative):
                do { caseBytes = try Files.read(resolve(relative)) } catch {
                    out.write("FAIL  \(path):\(test.line)  \(test.name)\n      case: \(error)\n")
                    run.failed += 1
                    continue
                }
            }
            let outcome = TestRunner.run(test, compiled: compiled, caseBytes: caseBytes)
            if let decision = outcome.decision { run.coverage[policyPath]?.record(decision) }
            if outcome.passed {
                out.write("ok    \(path):\(test.line)  \(test.name)\n")
                run.passed += 1
                continue
            }
            run.failed += 1
            out.write("FAIL  \(path):\(test.line)  \(test.name)\n")
            for m in outcome.mismatches {
                out.write("      \(m.what) (line \(m.line))\n        expected: \(m.expected)\n        actual:   \(m.actual)\n")
            }
        }
    }

    /// A path written in a test file, relative to the test file's folder.
    static func resolve(_ relative: String, besideTestFile path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return relative.hasPrefix("/") ? relative : (directory.isEmpty ? relative : directory + "/" + relative)
    }

    /// The policy a test file tests: its `policy` line, else the `.clause` of the same name
    /// beside it or one folder up.
    static func policyPath(of file: PolicyTestFile, at path: String) -> String {
        if let written = file.policy { return Files.normalize(resolve(written, besideTestFile: path)) }
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension + ".clause"
        let candidates = [resolve(stem, besideTestFile: path), resolve("../" + stem, besideTestFile: path)].map(Files.normalize)
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
    }

    static func percent(_ p: Double) -> String {
        let tenths = Int((p * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    static func render(_ report: CoverageReport) -> String {
        func marks(_ item: CoverageReport.Item) -> String {
            [Truth.true, .false, .unknown].map { item.seen.contains($0) ? "   ✓    " : "   ·    " }.joined()
        }
        func row(_ item: CoverageReport.Item, extra: String = "") -> String {
            var text = item.text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
            if text.count > 56 { text = String(text.prefix(55)) + "…" }
            let lineText = "line \(item.line)"
            var line = "  " + lineText.padding(toLength: 10, withPad: " ", startingAt: 0)
                + text.padding(toLength: 57, withPad: " ", startingAt: 0) + marks(item) + extra
            while line.last == " " { line.removeLast() }
            return line + "\n"
        }
        var out = "\nCoverage of \(report.policy): \(percent(report.percent)) (\(report.covered) of \(Plural.count(report.total, "outcome")) seen)\n"
        out += "  rules".padding(toLength: 69, withPad: " ", startingAt: 0) + "  true   false  unknown  decided\n"
        for rule in report.rules { out += row(rule, extra: "   \(rule.decided)") }
        out += "  criteria\n"
        for criterion in report.criteria { out += row(criterion) }
        let never = report.rulesNeverDeciding
        if !never.isEmpty {
            out += "  never determined a decision: " + never.map { "\($0.text) (line \($0.line))" }.joined(separator: "; ") + "\n"
        }
        return out
    }

    static let testHelp = """
    USAGE: clause test [--coverage] [--threshold P] [--run TEXT] [PATH...]

    Runs policy tests: every *.tests file named, or found under each folder (default: the
    current folder). A test file names its policy and, per test, a case (a JSON file or an
    inline JSON object) and the expected decision, denial kind, sessions, cost, tier, missing
    facts, unmet requirements and deciding rules. See README.md, "Policy tests".

      --coverage      per policy: which rules and criteria were seen true, false and unknown,
                      and which rules never determined a decision
      --threshold P   exit 1 when a policy's coverage is below P percent
      --run TEXT      run only the tests whose name contains TEXT (any case)

    Exits 1 when a test fails, a file cannot be read or parsed, or coverage is below the threshold.

    """
}
