import Foundation
import Testing
@testable import ClauseKit

/// Differential testing of the evaluator on random valid policies (`PolicyGenerator`) and random
/// cases (`CaseGenerator`), the way Cedar and OPA test theirs: for every (policy, case) pair the
/// fast decision (`decide(c)`) and the explained one (`decide(c, explain: true)`) must agree on
/// everything but the explanation (`DecisionAgreement`), or both refuse the case with the same
/// error; and `clause batch` must write what `clause eval --format json` prints.
///
/// Seeded and deterministic. A mismatch prints the seed, the policy text and the case, and
/// `CLAUSE_DIFF_SEED=S` runs that policy seed alone (with `CLAUSE_DIFF_POLICIES=N` policies
/// from it).
@Suite struct GeneratedPolicyDifferentialTests {
    static let baseSeed: UInt64 = ProcessInfo.processInfo.environment["CLAUSE_DIFF_SEED"].flatMap { UInt64($0) } ?? 20_261_204
    static let policies = ProcessInfo.processInfo.environment["CLAUSE_DIFF_POLICIES"].flatMap { Int($0) } ?? 300
    static let casesPerPolicy = 12

    /// One generated policy from its seed (the first text that checks, from the same stream).
    static func policy(seed: UInt64) -> (text: String, policy: CheckedPolicy?, source: SplitMix64) {
        var source = SplitMix64(seed: seed)
        let (text, policy) = PolicyGenerator.generate(using: &source)
        return (text, policy, source)
    }

    @Test func generatedPoliciesCheckCleanly() {
        var valid = 0, firstTry = 0
        var failures: [String] = []
        let n = 300
        for i in 0..<n {
            var source = SplitMix64(seed: GeneratedPolicyDifferentialTests.baseSeed &+ UInt64(i))
            let text = PolicyGenerator.text(using: &source)
            let result = Checker.check(source: SourceFile(name: "generated.clause", bytes: Array(text.utf8)))
            if result.policy != nil {
                firstTry += 1
                valid += 1
            } else {
                if failures.count < 3 {
                    let errors = result.diagnostics.filter { $0.severity == .error }.map { "line \(SourceFile(name: "g", bytes: Array(text.utf8)).lineIndex(of: $0.span.start, from: 0) + 1): \($0.message)" }
                    failures.append("seed \(GeneratedPolicyDifferentialTests.baseSeed &+ UInt64(i)):\n\(errors.joined(separator: "\n"))\n\(text)")
                }
                var again = source
                if PolicyGenerator.generate(using: &again).policy != nil { valid += 1 }
            }
        }
        print("generated policies: \(firstTry) of \(n) check on the first draw, \(valid) within four draws")
        #expect(firstTry * 100 >= n * 95, "only \(firstTry) of \(n) generated policies check on the first draw:\n\(failures.joined(separator: "\n---\n"))")
        #expect(valid * 100 >= n * 99)
    }

    /// Every construct of the grammar appears in the generated policies.
    @Test func generatedPoliciesCoverTheGrammar() {
        var text = ""
        for i in 0..<200 {
            var source = SplitMix64(seed: GeneratedPolicyDifferentialTests.baseSeed &+ UInt64(i))
            text += PolicyGenerator.text(using: &source)
        }
        let constructs = ["policy \"", "payer \"", "version \"", "effective ", "expires ", "appeals {", "file within",
                          "codes ", ".*", "-F", ".A", "treatment ", "billing hcpcs", "billing cpt", "fda approved for",
                          " since ", "fda investigational", "define ", "define c", "cover ", "deny ", "unless ",
                          "requires prior_authorization", "requires referral", "requires document", "any {",
                          "at least ", "count(", "distinct(", " where ", "known ", " in [", "diagnosis in ",
                          "fda approved", "fda off_label", "%", "$", " days", " weeks", " months", " year",
                          "limit ", "sessions per", "during weeks", "from week", "authorization lasts",
                          "network {", "coinsurance ", "copay ", "not covered", "after deductible",
                          ", requires referral", " not ", " and ", " or ", " / ", " * ", " - ", " + ", "==", "!=", "<=", ">=",
                          "\\\"", "# ", "fields {", ": number", ": list"]
        for c in constructs {
            #expect(text.contains(c), "no generated policy contains `\(c)`")
        }
    }

    @Test func fastAndExplainedDecisionsAgreeOnGeneratedPolicies() {
        let start = ContinuousClock.now
        var pairs = 0, decoded = 0, errors = 0, batchPairs = 0
        var kinds: [String: Int] = [:]
        var mismatches: [String] = []
        var mismatchCount = 0
        var skippedPolicies = 0
        for i in 0..<GeneratedPolicyDifferentialTests.policies {
            let seed = GeneratedPolicyDifferentialTests.baseSeed &+ UInt64(i)
            var (text, checked, source) = GeneratedPolicyDifferentialTests.policy(seed: seed)
            guard let checked else { skippedPolicies += 1; continue }
            let compiled = CompiledPolicy(checked)
            let cases = CaseGenerator(policy: checked)
            for k in 0..<GeneratedPolicyDifferentialTests.casesPerPolicy {
                let caseText = cases.caseText(using: &source)
                pairs += 1
                guard let c = try? CaseDecoder.decode(bytes: Array(caseText.utf8), vocabulary: checked.vocabulary) else { continue }
                decoded += 1
                var problem = DecisionAgreement.disagreement(compiled, c)
                if problem == nil, k % 4 == 0 {
                    // The batch writer on the case's one-line form.
                    let line = JSONWriter.write(c.root, pretty: false)
                    problem = DecisionAgreement.batchDisagreement(compiled, caseLine: line)
                    batchPairs += 1
                }
                if let d = try? compiled.decide(c) {
                    kinds[d.kind.rawValue + (d.denialKind.map { "/" + $0.rawValue } ?? ""), default: 0] += 1
                } else {
                    errors += 1
                }
                if let problem {
                    mismatchCount += 1
                    if mismatches.count < 5 {
                        mismatches.append("""
                            policy seed \(seed), case \(k) (CLAUSE_DIFF_SEED=\(seed) CLAUSE_DIFF_POLICIES=1):
                            \(problem)
                            --- policy
                            \(text)--- case
                            \(JSONWriter.write(c.root, pretty: false))
                            """)
                    }
                }
            }
            text = ""
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("generated differential: \(pairs) pairs (\(decoded) decoded, \(errors) evaluation errors, \(batchPairs) through the batch writer), "
              + "\(skippedPolicies) policies skipped, \(mismatchCount) mismatches, \(Int(Double(pairs) / max(seconds, 0.001))) pairs/s; "
              + kinds.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        #expect(decoded * 100 >= pairs * 70, "only \(decoded) of \(pairs) generated cases decode")
        #expect(kinds.count >= 8, "too few kinds of decision: \(kinds)")
        #expect(mismatchCount == 0, "\(mismatchCount) of \(decoded) decided pairs disagree; the first:\n\(mismatches.joined(separator: "\n\n"))")
    }

    /// `CLAUSE_DIFF_DUMP=1` prints the policy of `CLAUSE_DIFF_SEED` and its first cases, both
    /// decisions of each, to reproduce a reported mismatch.
    @Test func dumpOnRequest() {
        guard ProcessInfo.processInfo.environment["CLAUSE_DIFF_DUMP"] != nil else { return }
        var (text, checked, source) = GeneratedPolicyDifferentialTests.policy(seed: GeneratedPolicyDifferentialTests.baseSeed)
        print("--- policy (seed \(GeneratedPolicyDifferentialTests.baseSeed))\n\(text)")
        guard let checked else { return }
        let compiled = CompiledPolicy(checked)
        let cases = CaseGenerator(policy: checked)
        for k in 0..<GeneratedPolicyDifferentialTests.casesPerPolicy {
            let caseText = cases.caseText(using: &source)
            print("--- case \(k)\n\(caseText)")
            guard let c = try? CaseDecoder.decode(bytes: Array(caseText.utf8), vocabulary: checked.vocabulary) else {
                print("(not decoded)")
                continue
            }
            do { print("fast: " + DecisionAgreement.withoutExplanation(try compiled.decide(c))) } catch { print("fast: error \(error)") }
            do { print("explained: " + DecisionAgreement.evalJSON(try compiled.decide(c, explain: true))) } catch { print("explained: error \(error)") }
        }
    }

    /// The same generator run from fuzz-like bytes ends gracefully on short input.
    @Test func byteSourceGeneratesFromAnyBytes() {
        var sizes = 0
        for n in [0, 1, 7, 64, 512, 4096] {
            var generator = SplitMix64(seed: UInt64(n))
            var source = ByteSource((0..<n).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
            let (text, policy) = PolicyGenerator.generate(using: &source, attempts: 1)
            sizes += text.utf8.count
            if let policy {
                let c = CaseGenerator(policy: policy).caseText(using: &source)
                #expect(!c.isEmpty)
            }
        }
        #expect(sizes > 0)
        // All-zero bytes (and none at all) make the smallest policy, which checks.
        var zeros = ByteSource([])
        #expect(PolicyGenerator.generate(using: &zeros, attempts: 1).policy != nil)
    }

    /// The reported reproduction: 250 chained defines that check cleanly must decide the same on
    /// both paths. Today the explained path decides and the fast path throws "defines nest too
    /// deeply" (its closures stop at 200 levels): EXPECTED TO FAIL until the evaluator's
    /// rewrite (one lowering for both paths) lands.
    @Test func chainOf250DefinesDecidesTheSameOnBothPaths() throws {
        var text = """
            policy "Deep defines" { effective 2026-01-01 }
            treatment t "T" { billing hcpcs J0013 }
            define d1 = patient.age >= 18

            """
        for i in 2...250 { text += "define d\(i) = d\(i - 1)\n" }
        text += "cover t \"Adults\" when d250\n"
        let result = Checker.check(source: SourceFile(name: "deep.clause", bytes: Array(text.utf8)))
        let policy = try #require(result.policy, "\(result.diagnostics.map(\.message))")
        let compiled = CompiledPolicy(policy)
        for caseText in [
            #"{"request": {"treatment": "t", "date": "2026-03-02", "sessions": 1}}"#,
            #"{"patient": {"age": 34}, "request": {"treatment": "t", "date": "2026-03-02", "sessions": 1}}"#,
            #"{"patient": {"age": "x"}, "request": {"treatment": "t", "date": "2026-03-02", "sessions": 1}}"#,
        ] {
            let c = try CaseDecoder.decode(bytes: Array(caseText.utf8), vocabulary: policy.vocabulary)
            let problem = DecisionAgreement.disagreement(compiled, c)
            #expect(problem == nil, "\(caseText)\n\(problem ?? "")")
        }
    }
}
