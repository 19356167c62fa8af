import Foundation
import ClauseKit

/// A policy loaded from disk: its source and the result of checking it.
struct LoadedPolicy {
    var source: SourceFile
    var result: CheckResult
}

extension CLI {
    func loadPolicy(_ path: String) -> LoadedPolicy? {
        let bytes: [UInt8]
        do {
            bytes = try Files.read(path)
        } catch {
            err.write("error: \(error)\n")
            return nil
        }
        let source = SourceFile(name: path, bytes: bytes)
        return LoadedPolicy(source: source, result: Checker.check(source: source))
    }

    func report(_ diagnostics: [Diagnostic], in source: SourceFile, color: Bool) {
        guard !diagnostics.isEmpty else { return }
        let renderer = DiagnosticRenderer(useColor: color)
        err.write(renderer.render(diagnostics, in: source))
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        var parts: [String] = []
        if errors > 0 { parts.append(Plural.count(errors, "error")) }
        if warnings > 0 { parts.append(Plural.count(warnings, "warning")) }
        err.write("\n\(source.name): \(parts.joined(separator: ", "))\n")
    }

    // clause check POLICY...
    func runCheck(_ args: [String]) -> Int32 {
        let options: Options
        do { options = try Options(args, valued: ["--color"], switches: ["--strict"]) } catch { return usageError(error.message, command: "check") }
        guard !options.positional.isEmpty else { return usageError("`check` needs at least one policy file", command: "check") }
        guard options.positional.filter({ $0 == "-" }).count <= 1 else {
            return usageError("standard input (`-`) can be checked only once", command: "check")
        }
        let color = colorFor(err, flag: options.values["--color"])
        var failed = false
        for folder in options.positional where Files.isDirectory(folder) && Files.expand([folder], suffix: ".clause").isEmpty {
            err.write("error: \(folder): no *.clause file in this folder\n")
            failed = true
        }
        // A folder stands for the *.clause files under it, sorted; `-` is standard input.
        for path in Files.expand(options.positional, suffix: ".clause") {
            let loadedPolicy: LoadedPolicy?
            if path == "-" {
                let source = SourceFile(name: "<stdin>", bytes: readStandardInput())
                loadedPolicy = LoadedPolicy(source: source, result: Checker.check(source: source))
            } else {
                loadedPolicy = loadPolicy(path)
            }
            guard let loaded = loadedPolicy else {
                failed = true
                continue
            }
            let lints = lintDiagnostics(loaded, strict: options.flags.contains("--strict"))
            report(Diagnostic.sorted(loaded.result.diagnostics + lints), in: loaded.source, color: color)
            if let policy = loaded.result.policy, !lints.contains(where: { $0.severity == .error }) {
                out.write("\(loaded.source.name): ok (\(CLI.describe(policy)))\n")
            } else {
                failed = true
            }
        }
        return failed ? 1 : 0
    }

    static func describe(_ p: CheckedPolicy) -> String {
        func n(_ count: Int, _ word: String) -> String { Plural.count(count, word) }
        let covers = p.rules.filter { $0.kind == .cover }.count
        return [n(p.treatments.count, "treatment"), n(covers, "cover rule"), n(p.rules.count - covers, "deny rule"),
                n(p.codeSets.count, "code set"), n(p.defines.count, "define"), n(p.tiers.count, "tier")]
            .joined(separator: ", ")
    }

    // clause eval POLICY CASE [--format text|json]
    func runEval(_ args: [String]) -> Int32 {
        let options: Options
        do { options = try Options(args, valued: ["--format", "--color"]) } catch { return usageError(error.message, command: "eval") }
        guard options.positional.count == 2 else {
            return usageError("`eval` needs a policy file and a case file", command: "eval")
        }
        let format = options.values["--format"] ?? "text"
        guard ["text", "json", "crd"].contains(format) else {
            return usageError("unknown format `\(format)`; expected `text`, `json` or `crd`", command: "eval")
        }
        let color = colorFor(out, flag: options.values["--color"])
        let errColor = colorFor(err, flag: options.values["--color"])
        let request = DecisionRequest(policyPath: options.positional[0], casePath: options.positional[1], color: errColor)
        guard let decided = request.decide(self) else { return 1 }
        let (policy, decision) = (decided.policy, decided.decision)
        if format == "crd" {
            out.write(JSONWriter.write(CRDMapper.extensionJSON(decision: decision, policy: policy, patientCase: decided.patientCase)) + "\n")
        } else if format == "json" {
            out.write(JSONWriter.write(decision.json) + "\n")
        } else {
            out.write(TextRenderer(policy: policy, color: color).render(decision))
        }
        return 0
    }

    static func location(_ path: String, _ error: CaseError) -> String {
        var s = path
        if let line = error.line, let column = error.column { s += ":\(line):\(column)" }
        if !error.path.isEmpty { s += ": `\(error.path)`" }
        return s
    }
}

func readStandardInput() -> [UInt8] {
    [UInt8](FileHandle.standardInput.readDataToEndOfFile())
}
