import Testing
@testable import ClauseKit

/// A policy header and tiers so small test policies stay short.
let header = """
policy "Test policy" { payer "Test" version "1" effective 2026-01-01 }
treatment esketamine "Spravato" { billing hcpcs J0013 }
network {
  tier in_network coinsurance 20% after deductible
  tier copay_tier copay $40
  tier both_tier copay $10 coinsurance 10%
  tier excluded_tier not covered
}

"""

struct TestFailure: Error, CustomStringConvertible {
    var description: String
}

/// Parses and checks a policy, failing the test with the rendered diagnostics if it has errors.
func checked(_ text: String, withHeader: Bool = true) throws -> CheckedPolicy {
    let source = SourceFile(name: "test.clause", text: (withHeader ? header : "") + text)
    let result = Checker.check(source: source)
    guard let policy = result.policy else {
        throw TestFailure(description: DiagnosticRenderer().render(result.diagnostics, in: source))
    }
    return policy
}

/// The diagnostics of a policy that should not check.
func diagnostics(_ text: String, withHeader: Bool = true) -> [Diagnostic] {
    let source = SourceFile(name: "test.clause", text: (withHeader ? header : "") + text)
    return Checker.check(source: source).diagnostics
}

/// A case with sensible defaults; `extra` is spliced into the top-level object.
func caseJSON(treatment: String = "esketamine", date: String = "2026-03-02", sessions: Int = 1,
              billed: String = "100.00", network: String = "in_network", extra: String = "") -> String {
    """
    {
      "id": "t",
      "diagnoses": ["F33.2"],
      "request": { "treatment": "\(treatment)", "date": "\(date)", "sessions": \(sessions), "billed_per_session": "\(billed)" },
      "provider": { "network": "\(network)" },
      "authorization": { "prior_authorization": "approved", "approved_on": "2026-02-01" },
      "plan": { "deductible_remaining": "0.00", "out_of_pocket_remaining": "5000.00" }\(extra.isEmpty ? "" : ",\n  " + extra)
    }
    """
}

func decide(_ policy: CheckedPolicy, _ json: String) throws -> Decision {
    let c = try CaseDecoder.decode(bytes: Array(json.utf8), vocabulary: policy.vocabulary)
    return try CompiledPolicy(policy).decide(c, explain: true, paths: false)
}

func decide(_ policyText: String, _ json: String) throws -> Decision {
    try decide(try checked(policyText), json)
}

/// A one-treatment policy (`t`) around `body`, for lint tests.
func lintSource(_ body: String) -> SourceFile {
    SourceFile(name: "l.clause", text: """
    policy "L" { effective 2026-01-01 }
    treatment t "T" { billing hcpcs J0013 }
    \(body)
    """)
}

/// The lints of `lintSource(body)`, which must check without errors.
func lintDiagnostics(_ body: String) -> [Diagnostic] {
    let source = lintSource(body)
    let checked = Checker.check(source: source)
    #expect(!checked.hasErrors, "\(checked.diagnostics.map(\.message))")
    return Linter.lint(source: source)
}
