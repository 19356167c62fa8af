import Foundation
import ClauseKit

/// The state of a REPL session: the policy (a file plus declarations typed at the prompt),
/// the case (a file plus `:set`/`:unset` edits) and the last decision. Every input goes
/// through `handle`; errors are printed and the session goes on.
final class ReplSession {
    let out: TextSink
    let err: TextSink
    /// Colour in decisions (stdout) and diagnostics (stderr).
    let color: Bool
    let errColor: Bool

    /// The policy file, as loaded (for `:reset` and `:reload`), and the session's current text.
    var policyPath: String?
    var loadedPolicy = SessionPolicy()
    var sessionPolicy = SessionPolicy()
    /// Always a valid policy: the session refuses a change that does not check.
    var policy: CheckedPolicy {
        didSet { compiledPolicy = nil }
    }
    /// `policy` compiled for deciding, made when first needed.
    private var compiledPolicy: CompiledPolicy?

    var casePath: String?
    /// The case as read from its file, and the edits made since.
    var caseRoot: JSONValue?
    var edits: [(path: CasePath, value: JSONValue?)] = []
    /// The decoded case, or why it cannot be decoded against the current policy.
    var patientCase: PatientCase?
    var caseProblem: String?

    /// The last decision, with the policy that made it (the explanation cites its rules).
    var lastDecision: (Decision, CheckedPolicy)?
    /// Set when any input failed, so a script's exit code can say so.
    var failed = false
    var quitRequested = false
    /// The lines of an unfinished input so far (read on `...>`), for completion's context.
    var pendingInput = ""
    /// Where the input being run was typed, for its diagnostics: `<input>` at the prompt
    /// (lines of the input), or a script and the line it starts on.
    var typedName = "<input>"
    var typedLine = 1

    init(out: TextSink, err: TextSink, color: Bool, errColor: Bool) {
        self.out = out
        self.err = err
        self.color = color
        self.errColor = errColor
        let empty = SourceFile(name: "<session>", bytes: [])
        // An empty file always checks: it has nothing that could be wrong.
        policy = Checker.check(PolicyFile(header: nil, declarations: []), source: empty).policy!
    }

    var sourceName: String { policyPath ?? "<session>" }

    // MARK: Output

    func say(_ text: String) { out.write(text + "\n") }

    func fail(_ message: String) {
        err.write("error: \(message)\n")
        failed = true
    }

    func render(_ diagnostics: [Diagnostic], in file: SourceFile) {
        guard !diagnostics.isEmpty else { return }
        err.write(DiagnosticRenderer(useColor: errColor).render(diagnostics, in: file))
        if diagnostics.contains(where: { $0.severity == .error }) { failed = true }
    }

    // MARK: Policy

    /// Loads a policy file; on any error the session keeps its current policy.
    @discardableResult
    func loadPolicy(_ path: String, keepTyped: Bool) -> Bool {
        let bytes: [UInt8]
        do { bytes = try Files.read(path) } catch {
            fail("\(error)")
            return false
        }
        let source = SourceFile(name: path, bytes: bytes)
        let result = Checker.check(source: source)
        guard result.policy != nil, let parsed = result.file else {
            render(result.diagnostics, in: source)
            fail("\(path) has errors; the session keeps its current policy")
            return false
        }
        let fresh = SessionPolicy(fileName: path, source: source, parsed: parsed)
        var candidate = fresh
        var kept = 0
        let dropped = keepTyped ? 0 : sessionPolicy.typedCount
        if keepTyped {
            for piece in sessionPolicy.pieces where piece.fileName == nil {
                let parsed = Parser.parseDeclarations(SourceFile(name: "<input>", bytes: piece.bytes))
                _ = candidate.add(chunk: piece.bytes, parsed: parsed.file)
                kept += 1
            }
        }
        let (checked, combined, _) = check(candidate)
        guard let newPolicy = checked.policy else {
            render(checked.diagnostics, in: combined)
            fail("the declarations typed in this session do not fit \(path); the session keeps its current policy")
            return false
        }
        policyPath = path
        loadedPolicy = fresh
        sessionPolicy = candidate
        let note = install(newPolicy)
        var message = "loaded \(path): \(CLI.describe(newPolicy))"
        if kept > 0 { message += "; \(kept) typed \(Plural.word(kept, "declaration")) kept" }
        if dropped > 0 { message += "; \(dropped) typed \(Plural.word(dropped, "declaration")) dropped" }
        say(message)
        if let note { say(note) }
        return true
    }

    /// Parses and checks a candidate session policy as one source.
    func check(_ candidate: SessionPolicy) -> (CheckResult, SourceFile, [Int]) {
        let (source, offsets) = candidate.compose(name: sourceName)
        let parsed = Parser.parseDeclarations(source)
        var result = Checker.check(parsed.file, source: source)
        if parsed.diagnostics.contains(where: { $0.severity == .error }) { result.policy = nil }
        result.diagnostics = Diagnostic.sorted(parsed.diagnostics + result.diagnostics)
        return (result, source, offsets)
    }

    /// Makes a checked policy current and re-reads the case against it. Returns a note to
    /// print after the caller's own message when that changed whether the case can be decided.
    func install(_ newPolicy: CheckedPolicy) -> String? {
        let before = caseProblem
        policy = newPolicy
        refreshCase()
        guard caseRoot != nil, caseProblem != before else { return nil }
        if let problem = caseProblem { return "note: the case does not fit this policy: \(problem)" }
        return "the case \(casePath ?? "") now fits the policy and can be decided"
    }

    // MARK: Case

    @discardableResult
    func loadCase(_ path: String) -> Bool {
        let bytes: [UInt8]
        do { bytes = try Files.read(path) } catch {
            fail("\(error)")
            return false
        }
        let root: JSONValue
        do { root = try JSONReader.parse(bytes) } catch {
            fail("\(CLI.location(path, error)): \(error.message)")
            return false
        }
        casePath = path
        caseRoot = root
        edits = []
        refreshCase()
        if let problem = caseProblem {
            // Kept as read: a case may come before the policy that declares its treatment
            // and tier; it is decided once the policy fits it.
            say("loaded case \(path); it cannot be decided until the policy fits it: \(problem)")
            return true
        }
        say("loaded case \(path)" + (patientCase?.id.map { " (\($0))" } ?? ""))
        return true
    }

    /// The case with every edit applied.
    func editedRoot(with extra: [(path: CasePath, value: JSONValue?)] = []) throws(ReplError) -> JSONValue? {
        guard var root = caseRoot else { return nil }
        for edit in edits + extra { try edit.path.apply(edit.value, to: &root) }
        return root
    }

    /// Decodes a case root against the current policy.
    func decode(_ root: JSONValue) -> Result<PatientCase, ReplError> {
        do {
            return .success(try CaseDecoder.decode(root, vocabulary: policy.vocabulary))
        } catch {
            return .failure(ReplError(CLI.location(casePath ?? "the case", error) + ": " + error.message))
        }
    }

    func refreshCase() {
        patientCase = nil
        caseProblem = nil
        let root: JSONValue?
        do { root = try editedRoot() } catch {
            caseProblem = error.message
            return
        }
        guard let root else { return }
        switch decode(root) {
        case .success(let c): patientCase = c
        case .failure(let e): caseProblem = e.message
        }
    }

    /// The current case, or an error saying why there is none.
    func requireCase() -> PatientCase? {
        if let patientCase { return patientCase }
        fail(caseProblem ?? "no case loaded; load one with `:case FILE`")
        return nil
    }

    /// Decides a case with its explanation (every rule's outcome and the paths to coverage),
    /// through the same library call as `clause eval`; reports an evaluation error with its
    /// policy line.
    func decide(_ c: PatientCase) -> Decision? {
        let compiled = compiledPolicy ?? CompiledPolicy(policy)
        compiledPolicy = compiled
        do {
            return try compiled.decide(c, explain: true)
        } catch {
            fail("cannot decide the case: \(error.message)\n  --> \(sourceName):\(error.line)")
            return nil
        }
    }
}
