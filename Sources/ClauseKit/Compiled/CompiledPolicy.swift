/// A checked policy lowered for fast evaluation: every criterion a closure over resolved slots,
/// rules indexed by treatment, code sets as hashed tables. `decide` gives the same decision as
/// `DecisionEngine.decide` without collecting the explanation (`reasons` stays empty);
/// `decide(_:explain: true)` is the interpreter's explaining path itself.
public struct CompiledPolicy: @unchecked Sendable {
    // @unchecked: the closures capture only immutable compiled state (tables, spans, the
    // policy's source); they keep no shared mutable state, so one compiled policy can serve
    // every thread of a batch.
    public let policy: CheckedPolicy
    let denyRules: [[CompiledRule]]
    let coverRules: [[CompiledRule]]
    let fda: FDATable
    let requirements: CompiledRequirements
    /// Each tier's coinsurance in fixed form (`CostCalculator.fixedRate`), by tier index.
    let tierRates: [FixedNumber?]

    public init(_ policy: CheckedPolicy) {
        self.policy = policy
        let codeSets = policy.codeSets.map(CompiledCodeSet.init)
        var compiler = ExprCompiler(policy: policy, codeSets: codeSets)
        func rules(_ indices: [Int]) -> [CompiledRule] {
            indices.map { i in
                let rule = policy.rules[i]
                return CompiledRule(index: rule.index, when: compiler.criterion(rule.when),
                                    unless: rule.unless.map { CompiledNode(run: compiler.criterion($0)) },
                                    fastWhen: compiler.fastCriterion(rule.when),
                                    fastUnless: rule.unless.map { compiler.fastCriterion($0) })
            }
        }
        denyRules = policy.denyRules.map(rules)
        coverRules = policy.coverRules.map(rules)
        fda = FDATable(policy: policy, codeSets: codeSets)
        requirements = CompiledRequirements(policy)
        tierRates = policy.tiers.map(CostCalculator.fixedRate)
    }

    /// Decides the case. Without `explain` the fast path runs and `reasons` is empty; with it,
    /// the interpreter's `DecisionEngine.decideWithPaths`, which also records every criterion
    /// and the paths to coverage, exactly as `clause eval --format json` reports them.
    public func decide(_ patientCase: PatientCase, explain: Bool = false) throws(EvaluationError) -> Decision {
        if explain { return try DecisionEngine.decideWithPaths(policy, patientCase) }
        // Returned as made: taking it into a variable here would copy the whole value.
        return try decideCore(patientCase)
    }
}

/// A rule lowered to closures: a cover rule is its `when`; a deny rule `when and not unless`.
/// A class: the rules of a decision are visited without copying their closures and nodes.
final class CompiledRule {
    let index: Int
    let when: CompiledEval
    let unless: CompiledNode?
    /// The same criteria in the fast lane (`FastPredicate`).
    let fastWhen: FastPredicate
    let fastUnless: FastPredicate?

    init(index: Int, when: @escaping CompiledEval, unless: CompiledNode?, fastWhen: FastPredicate, fastUnless: FastPredicate?) {
        self.index = index
        self.when = when
        self.unless = unless
        self.fastWhen = fastWhen
        self.fastUnless = fastUnless
    }

    /// The rule's outcome: from the fast lane when it can tell it with certainty, else from
    /// the closures (`evaluate`). Either gives what the other would: the lane answers only
    /// when every fact it read was present and well typed, where the closures cannot fail.
    func outcome(_ c: PatientCase, _ state: inout FastState) throws(EvaluationError) -> RuleOutcome {
        if let truth = fastOutcome(c, &state) { return RuleOutcome(rule: index, outcome: truth, missing: []) }
        return try state.withContext(c, evaluate)
    }

    /// True or false when the fast lane can tell, else nil.
    func fastOutcome(_ c: PatientCase, _ state: inout FastState) -> Truth? {
        guard let w = fastWhen.test(c, nil, &state) else { return nil }
        guard w, let fastUnless else { return w ? .true : .false }
        guard let u = fastUnless.test(c, nil, &state) else { return nil }
        return u ? .false : .true
    }

    /// The rule's outcome and the unknown paths it depends on (`DecisionEngine.evaluate`).
    func evaluate(_ ctx: inout EvalContext) throws(EvaluationError) -> RuleOutcome {
        let w = try when(&ctx)
        var outcome = Truth(w.bool)
        var missing = outcome == .unknown ? w.missing : []
        if let unless, outcome != .false {
            let u = try unless.run(&ctx)
            switch (outcome, Truth(u.bool)) {
            case (_, .true): outcome = .false; missing = []
            case (.true, .false): outcome = .true
            case (.true, .unknown): outcome = .unknown; missing = u.missing
            case (.unknown, .unknown): missing += u.missing
            default: break
            }
        }
        return RuleOutcome(rule: index, outcome: outcome, missing: missing.count > 1 ? Interpreter.unique(missing) : missing)
    }
}

struct RuleOutcome: RuleResult {
    var rule: Int
    var outcome: Truth
    var missing: [String]
}

extension Outcome {
    /// The truth of a criterion's outcome (already checked to be a boolean or unknown).
    var bool: Bool? {
        if case .bool(let b)? = value { return b }
        return nil
    }
}
