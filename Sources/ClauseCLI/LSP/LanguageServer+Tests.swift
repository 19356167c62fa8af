import Foundation
import ClauseKit

/// The code lens "Decide the cases of this policy's .tests file" and its command: the tests
/// run as `clause test` runs them (the open, unsaved text of the policy and test file counts).
struct TestOutcome: Equatable {
    var name: String
    var line: Int
    var passed: Bool
    /// Why it failed, in one line (empty when it passed).
    var reason: String

    var json: JSONValue {
        .obj([("name", .string(name)), ("line", .int(line)), ("passed", .bool(passed)), ("reason", .string(reason))])
    }
}

extension LanguageServer {
    func codeLenses(_ params: JSONValue?) -> JSONValue {
        guard let uri = params?["textDocument"]?["uri"]?.string, let document = documents[uri] else { return .array([]) }
        func lens(_ line: Int, _ title: String, _ arguments: [JSONValue]) -> JSONValue {
            let at = LSPPosition(line: max(0, line), character: 0).json
            return .obj([("range", .obj([("start", at), ("end", at)])),
                         ("command", .obj([("title", .string(title)), ("command", .string(LanguageServer.runTestsCommand)),
                                           ("arguments", .array(arguments))]))])
        }
        if document.isTestFile {
            guard let file = try? TestFileParser.parse(document.source) else { return .array([]) }
            let results = testResults[Files.normalize(document.path)] ?? [:]
            var lenses = [lens(0, "▶ Decide the cases of this file (\(Plural.count(file.tests.count, "test")))", [.string(uri)])]
            for test in file.tests {
                let title: String
                switch results[test.name] {
                case let r? where r.passed: title = "✓ passed"
                case let r?: title = "✗ failed: \(r.reason)"
                case nil: title = "▶ Decide this case"
                }
                lenses.append(lens(test.line - 1, title, [.string(uri), .string(test.name)]))
            }
            return .array(lenses)
        }
        guard document.isPolicy, let testsPath = testFile(forPolicy: document.path) else { return .array([]) }
        let results = testResults[testsPath].map { Array($0.values) } ?? []
        let failed = results.filter { !$0.passed }.count
        let title = results.isEmpty ? "▶ Decide the cases of this policy's .tests file"
            : failed == 0 ? "✓ \(Plural.count(results.count, "test")) passed: run again"
            : "✗ \(failed) of \(Plural.count(results.count, "test")) failed: run again"
        return .array([lens(0, title, [.string(LSPDocument.uri(of: testsPath))])])
    }

    /// `clause.runTests URI [NAME]`: decides the cases of a `.tests` file (the one beside a
    /// policy URI) and answers with pass/fail per test; a summary is shown as a message.
    func executeCommand(_ params: JSONValue?) -> Result<JSONValue, Failure> {
        guard params?["command"]?.string == LanguageServer.runTestsCommand else {
            return .failure(Failure(code: .invalidParams, message: "unknown command `\(params?["command"]?.string ?? "")`"))
        }
        guard case .array(let arguments)? = params?["arguments"], let uri = arguments.first?.string else {
            return .failure(Failure(code: .invalidParams, message: "`\(LanguageServer.runTestsCommand)` takes the URI of a policy or test file"))
        }
        let path = LSPDocument.path(of: uri)
        guard let testsPath = path.hasSuffix(".tests") ? Files.normalize(path) : testFile(forPolicy: path) else {
            return .failure(Failure(code: .invalidParams, message: "no .tests file found for \(path)"))
        }
        let only = arguments.count > 1 ? arguments[1].string : nil
        switch runTests(testsPath, only: only) {
        case .failure(let message):
            send(JSONRPC.notification("window/showMessage", .obj([("type", .int(1)), ("message", .string(message))])))
            return .failure(Failure(code: .invalidParams, message: message))
        case .success(let outcomes):
            var known = testResults[testsPath] ?? [:]
            for o in outcomes { known[o.name] = o }
            testResults[testsPath] = known
            let failed = outcomes.filter { !$0.passed }
            var message = "\(Plural.count(outcomes.count, "test")): \(outcomes.count - failed.count) passed, \(failed.count) failed"
            for f in failed.prefix(5) { message += "\n✗ \(f.name) (line \(f.line)): \(f.reason)" }
            send(JSONRPC.notification("window/showMessage", .obj([("type", .int(failed.isEmpty ? 3 : 1)), ("message", .string(message))])))
            return .success(.obj([("passed", .int(outcomes.count - failed.count)), ("failed", .int(failed.count)),
                                  ("tests", .array(outcomes.map(\.json)))]))
        }
    }

    /// The text of a file: the editor's, when it is open, else the disk's.
    func text(ofPath path: String) -> [UInt8]? {
        let normalized = Files.normalize(path)
        if let open = documents.values.first(where: { Files.normalize($0.path) == normalized }) { return open.source.bytes }
        return try? Files.read(path)
    }

    enum TestRunResult {
        case success([TestOutcome])
        case failure(String)
    }

    func runTests(_ testsPath: String, only: String?) -> TestRunResult {
        guard let bytes = text(ofPath: testsPath) else { return .failure("cannot read \(testsPath)") }
        let file: PolicyTestFile
        do { file = try TestFileParser.parse(SourceFile(name: testsPath, bytes: bytes)) } catch {
            return .failure("\(testsPath):\(error.line):\(error.column): \(error.message)")
        }
        let policyPath = CLI.policyPath(of: file, at: testsPath)
        guard let policyBytes = text(ofPath: policyPath) else { return .failure("cannot read the policy \(policyPath)") }
        let checked = Checker.check(source: SourceFile(name: policyPath, bytes: policyBytes))
        guard let policy = checked.policy else {
            return .failure("the policy \(policyPath) has errors; its \(Plural.count(file.tests.count, "test")) \(Plural.word(file.tests.count, "was", "were")) not run")
        }
        let compiled = CompiledPolicy(policy)
        var outcomes: [TestOutcome] = []
        for test in file.tests where only == nil || test.name == only {
            let caseBytes: [UInt8]
            switch test.caseSource {
            case .inline(let text): caseBytes = Array(text.utf8)
            case .file(let relative):
                guard let read = text(ofPath: CLI.resolve(relative, besideTestFile: testsPath)) else {
                    outcomes.append(TestOutcome(name: test.name, line: test.line, passed: false, reason: "cannot read the case \(relative)"))
                    continue
                }
                caseBytes = read
            }
            let outcome = TestRunner.run(test, compiled: compiled, caseBytes: caseBytes)
            let reason = outcome.mismatches.map { "\($0.what): expected \($0.expected), got \($0.actual)" }.joined(separator: "; ")
            outcomes.append(TestOutcome(name: test.name, line: test.line, passed: outcome.passed, reason: reason))
        }
        return .success(outcomes)
    }

    /// The `.tests` file of a policy: `NAME.tests` beside it or in a folder beside it, whose
    /// policy (`CLI.policyPath`, as `clause test` finds it) is this one.
    func testFile(forPolicy path: String) -> String? {
        let policy = Files.normalize(path)
        let directory = (policy as NSString).deletingLastPathComponent
        let name = ((policy as NSString).lastPathComponent as NSString).deletingPathExtension + ".tests"
        var candidates = [(directory as NSString).appendingPathComponent(name)]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        for entry in entries.sorted() where !entry.hasPrefix(".") {
            candidates.append(((directory as NSString).appendingPathComponent(entry) as NSString).appendingPathComponent(name))
        }
        for candidate in candidates {
            guard let bytes = text(ofPath: candidate), let file = try? TestFileParser.parse(SourceFile(name: candidate, bytes: bytes)),
                  CLI.policyPath(of: file, at: candidate) == policy else { continue }
            return Files.normalize(candidate)
        }
        return nil
    }
}
