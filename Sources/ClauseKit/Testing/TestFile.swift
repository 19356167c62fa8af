/// A policy test file (`*.tests`): the policy under test and its test cases.
///
/// ```
/// policy "../acme-ppo.clause"                  # relative to this file
///
/// test "esketamine covered on the preferred tier"
///   case "../cases/acme-ppo/covered-in-network.json"
///   decision covered
///   sessions 2 of 2                            # covered of requested
///   patient_pays $180.00
///   deciding "Esketamine for treatment-resistant depression"
///
/// test "pregnancy unknown"
///   case { "patient": { "age": 34 }, "diagnoses": ["F33.2"], "request": { … } }
///   decision needs_information
///   missing patient.pregnant
/// ```
///
/// Expectations (each optional; only those written are checked): `decision KIND`,
/// `denial KIND` (or `none`), `sessions COVERED [of REQUESTED]`, `plan_pays $X`, `patient_pays $X`,
/// `tier NAME`, `missing PATH, …` (exactly these paths, in any order), `unmet KIND, …`
/// (`prior_authorization`, `referral`, `document`), `deciding RULE, …` (a rule title in quotes or
/// `line N`, or `none`; exactly these rules), and `error "TEXT"` (the case is refused with a message
/// containing TEXT).
public struct PolicyTestFile: Sendable {
    /// The `policy` path as written (relative to the test file).
    public var policy: String?
    public var tests: [PolicyTest]
}

public struct PolicyTest: Sendable {
    public var name: String
    public var line: Int
    public var caseSource: CaseSource
    public var expectations: [Expectation]
}

/// Where a test's case comes from.
public enum CaseSource: Sendable {
    /// A JSON file, relative to the test file.
    case file(String)
    /// A JSON object written in the test file.
    case inline(String)
}

/// A rule named in `deciding`: by title or by line.
public enum RuleReference: Sendable, Hashable, CustomStringConvertible {
    case title(String)
    case line(Int)
    public var description: String {
        switch self {
        case .title(let t): return "\"\(t)\""
        case .line(let n): return "line \(n)"
        }
    }
}

public struct Expectation: Sendable {
    public enum Kind: Sendable {
        case decision(DecisionKind)
        case denial(DenialKind?)
        case sessions(covered: Int, requested: Int?)
        case planPays(Money)
        case patientPays(Money)
        case tier(String)
        case missing([String])
        case unmet([UnmetRequirement.Kind])
        case deciding([RuleReference])
        case error(String)
    }
    public var kind: Kind
    public var line: Int
}

/// A syntax error in a test file, with its position.
public struct TestFileError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int
    public var description: String { "\(line):\(column): \(message)" }
}
