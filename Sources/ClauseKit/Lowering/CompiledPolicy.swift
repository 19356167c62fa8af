/// A checked policy lowered once: every criterion a closure over resolved slots (with its fast
/// lane), rules indexed by treatment, code sets as hashed tables. This lowering is the
/// language's only evaluator: `decide` runs it fast, `decide(_:explain: true)` runs the same
/// closures with a `Recorder` attached, so the explanation is the decision's own.
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
    let codeSets: [CompiledCodeSet]
    /// The closure of every expression of the policy (`ExprCompiler.lowered`).
    let lowered: [LoweredKey: CompiledNode]

    public init(_ policy: CheckedPolicy) {
        self.policy = policy
        let codeSets = policy.codeSets.map(CompiledCodeSet.init)
        var compiler = ExprCompiler(policy: policy, codeSets: codeSets)
        func rules(_ indices: [Int]) -> [CompiledRule] {
            indices.map { i in
                let rule = policy.rules[i]
                return CompiledRule(rule, when: compiler.criterion(rule.when),
                                    unless: rule.unless.map { CompiledNode(run: compiler.criterion($0)) },
                                    fastWhen: compiler.fastCriterion(rule.when),
                                    fastUnless: rule.unless.map { compiler.fastCriterion($0) },
                                    text: compiler.text)
            }
        }
        denyRules = policy.denyRules.map(rules)
        coverRules = policy.coverRules.map(rules)
        fda = FDATable(policy: policy, codeSets: codeSets)
        requirements = CompiledRequirements(policy)
        tierRates = policy.tiers.map(CostCalculator.fixedRate)
        self.codeSets = codeSets
        // Defines no rule uses are lowered too: paths to coverage may still reach them.
        for i in policy.defines.indices { _ = compiler.define(i) }
        lowered = compiler.lowered
    }

    /// Decides the case. Without `explain`, `reasons` and `pathsToCoverage` stay empty; with it,
    /// every rule for the treatment is traced (`reasons`) and, unless `paths` is false, the
    /// paths to coverage are found: what `clause eval --format json` reports.
    public func decide(_ patientCase: PatientCase, explain: Bool = false, paths: Bool = true) throws(EvaluationError) -> Decision {
        // Returned as made: taking it into a variable here would copy the whole value.
        guard explain else { return try decideCore(patientCase) }
        var decision = try decideExplained(patientCase)
        if paths {
            decision.pathsToCoverage = PathToCoverage.find(self, patientCase: patientCase, decision: decision)
        }
        return decision
    }
}

/// A rule lowered to closures: a cover rule is its `when`; a deny rule `when and not unless`
/// (`RuleSemantics`). A class: the rules of a decision are visited without copying them.
final class CompiledRule {
    /// The rule's index in `CheckedPolicy.rules`.
    var index: Int { rule.index }
    let rule: Rule
    let when: CompiledEval
    let unless: CompiledNode?
    /// The same criteria in the fast lane (`FastPredicate`).
    let fastWhen: FastPredicate
    let fastUnless: FastPredicate?
    let text: PolicyText

    init(_ rule: Rule, when: @escaping CompiledEval, unless: CompiledNode?, fastWhen: FastPredicate, fastUnless: FastPredicate?,
         text: PolicyText) {
        self.rule = rule
        self.when = when
        self.unless = unless
        self.fastWhen = fastWhen
        self.fastUnless = fastUnless
        self.text = text
    }

    /// Whether the rule applies to a request of `review` kind: a rule `for initial` or `for
    /// continuation` is left out of the other kind's decisions.
    @inline(__always)
    func applies(to review: ReviewKind) -> Bool { rule.applies(to: review) }

    /// The rule's outcome: from the fast lane when it can tell it with certainty, else from
    /// the closures (`evaluate`). The lane answers only when every fact it read was present
    /// and well typed, where the closures give the same answer and cannot fail.
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

    /// The rule's outcome and the unknown paths it depends on.
    func evaluate(_ ctx: inout EvalContext) throws(EvaluationError) -> RuleOutcome {
        let w = try when(&ctx)
        let whenTruth = Truth(w.bool)
        var u: Outcome?
        if let unless, whenTruth != .false { u = try unless.run(&ctx) }
        let (outcome, missing) = RuleSemantics.combine(when: whenTruth, whenMissing: w.missing,
                                                       unless: u.map { Truth($0.bool) }, unlessMissing: u?.missing ?? [])
        return RuleOutcome(rule: index, outcome: outcome, missing: missing)
    }

    /// `evaluate` with `recorder` attached to `ctx`: the rule's trace. An
    /// `unless` not needed because `when` is false is still shown, and if it cannot be
    /// evaluated it is shown with a note.
    func explain(_ ctx: inout EvalContext, _ recorder: Recorder) throws(EvaluationError) -> RuleTrace {
        recorder.openFrame()
        let result: RuleOutcome
        do throws(EvaluationError) { result = try evaluate(&ctx) } catch {
            _ = recorder.closeFrame()
            throw error
        }
        var traces = recorder.closeFrame()
        if let unless, let u = rule.unless, traces.count == 1 {
            // `when` is false: `unless` was not needed; shown for completeness.
            recorder.openFrame()
            do throws(EvaluationError) { _ = try unless.run(&ctx) } catch {
                recorder.push(.notNeeded(label: u.label, at: u.expr.span, in: text, error: error))
            }
            traces += recorder.closeFrame()
        }
        let unlessTrace = traces.count > 1 ? traces.removeLast() : nil
        let whenTrace = traces.removeLast()
        return RuleTrace(rule: rule.index, kind: rule.kind, title: rule.title, line: rule.line, outcome: result.outcome,
                         when: whenTrace, unless: unlessTrace, missing: result.missing)
    }
}

struct RuleOutcome: RuleResult {
    var rule: Int
    var outcome: Truth
    var missing: [String]
}
