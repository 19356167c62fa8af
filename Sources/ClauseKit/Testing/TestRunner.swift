/// Runs one policy test: decodes its case, decides it, and compares every expectation.
public enum TestRunner {
    /// One expectation that did not hold.
    public struct Mismatch: Sendable, Equatable {
        public var what: String
        public var expected: String
        public var actual: String
        public var line: Int
    }

    public struct Outcome: Sendable {
        public var mismatches: [Mismatch]
        /// The decision, when the case could be decided (for coverage).
        public var decision: Decision?
        public var passed: Bool { mismatches.isEmpty }
    }

    /// Runs `test` against `policy` with the case's JSON bytes.
    public static func run(_ test: PolicyTest, policy: CheckedPolicy, caseBytes: [UInt8]) -> Outcome {
        run(test, compiled: CompiledPolicy(policy), caseBytes: caseBytes)
    }

    /// Runs `test` against a lowered policy (lowered once for all of a file's tests): the
    /// decision is explained, as `clause eval` explains it, so coverage sees every criterion.
    public static func run(_ test: PolicyTest, compiled: CompiledPolicy, caseBytes: [UInt8]) -> Outcome {
        let policy = compiled.policy
        let expectedError = test.expectations.first { if case .error = $0.kind { return true } else { return false } }
        let decision: Decision
        do {
            let patientCase = try CaseDecoder.decode(bytes: caseBytes, vocabulary: policy.vocabulary)
            do {
                decision = try compiled.decide(patientCase, explain: true, paths: false)
            } catch {
                return refused("cannot decide the case: \(error.message) (policy line \(error.line))", expectedError, test)
            }
        } catch {
            let at = error.path.isEmpty ? "" : "`\(error.path)`: "
            return refused("invalid case: \(at)\(error.message)", expectedError, test)
        }
        if let expectedError, case .error(let text) = expectedError.kind {
            return Outcome(mismatches: [Mismatch(what: "error", expected: "the case is refused with \"\(text)\"",
                                                 actual: "decided: \(decision.kind.rawValue)", line: expectedError.line)],
                           decision: decision)
        }
        let mismatches = test.expectations.compactMap { check($0, decision, policy) }
        return Outcome(mismatches: mismatches, decision: decision)
    }

    static func refused(_ message: String, _ expected: Expectation?, _ test: PolicyTest) -> Outcome {
        if let expected, case .error(let text) = expected.kind {
            if message.contains(text) { return Outcome(mismatches: [], decision: nil) }
            return Outcome(mismatches: [Mismatch(what: "error", expected: "an error containing \"\(text)\"", actual: message,
                                                 line: expected.line)], decision: nil)
        }
        return Outcome(mismatches: [Mismatch(what: "case", expected: "a decision", actual: message, line: test.line)],
                       decision: nil)
    }

    static func check(_ e: Expectation, _ d: Decision, _ policy: CheckedPolicy) -> Mismatch? {
        func compare(_ what: String, _ expected: String, _ actual: String) -> Mismatch? {
            expected == actual ? nil : Mismatch(what: what, expected: expected, actual: actual, line: e.line)
        }
        switch e.kind {
        case .decision(let k): return compare("decision", k.rawValue, d.kind.rawValue)
        case .denial(let k): return compare("denial", k?.rawValue ?? "none", d.denialKind?.rawValue ?? "none")
        case .sessions(let covered, let requested):
            if let requested {
                return compare("sessions", "\(covered) of \(requested)", "\(d.coveredSessions) of \(d.requestedSessions)")
            }
            return compare("sessions covered", "\(covered)", "\(d.coveredSessions)")
        case .planPays(let m):
            return compare("plan_pays", m.dollars, d.cost.map { $0.planPays.dollars } ?? costUnknown(d))
        case .patientPays(let m):
            return compare("patient_pays", m.dollars, d.cost.map { $0.patientPays.dollars } ?? costUnknown(d))
        case .tier(let t): return compare("tier", t, d.tier ?? "none")
        case .missing(let paths):
            return compare("missing", paths.sorted().joined(separator: ", "), d.missing.sorted().joined(separator: ", "))
        case .unmet(let kinds):
            return compare("unmet", kinds.map(\.rawValue).sorted().joined(separator: ", "),
                           d.unmet.map(\.kind.rawValue).sorted().joined(separator: ", "))
        case .deciding(let refs):
            let rules = d.decidingRules.map { policy.rules[$0] }
            let matched = refs.count == rules.count && refs.allSatisfy { ref in rules.contains { matches(ref, $0) } }
            if matched { return nil }
            return Mismatch(what: "deciding rules", expected: refs.isEmpty ? "none" : refs.map(\.description).joined(separator: ", "),
                            actual: rules.isEmpty ? "none" : rules.map(describe).joined(separator: ", "), line: e.line)
        case .error:
            return nil
        }
    }

    static func costUnknown(_ d: Decision) -> String {
        d.costMissing.isEmpty ? "no cost" : "unknown (needs " + d.costMissing.joined(separator: ", ") + ")"
    }

    static func matches(_ ref: RuleReference, _ rule: Rule) -> Bool {
        switch ref {
        case .title(let t): return rule.title == t
        case .line(let n): return rule.line == n
        }
    }

    static func describe(_ rule: Rule) -> String {
        rule.title.map { "\"\($0)\" (line \(rule.line))" } ?? "\(rule.kind.rawValue) rule on line \(rule.line)"
    }
}
