import Foundation

/// Alternatives of change sets, each of which makes a criterion take the wanted value:
/// `[[]]` means "already so", `[]` means "no change to the case can do it".
typealias Alternatives = [[CoverageChange]]

/// Works out, criterion by criterion, the smallest change sets that give a criterion the wanted
/// truth value. Blocks and `and`/`or` combine their entries' alternatives (all: every entry;
/// any: one entry; at least N: N entries); leaves name the value that would pass.
struct CriterionSolver {
    let compiled: CompiledPolicy
    let patientCase: PatientCase
    let evaluator: Subexpressions
    var policy: CheckedPolicy { compiled.policy }
    /// The request's review kind: only the cover rules for it are paths.
    var review: ReviewKind { policy.review(of: patientCase) }
    /// Bound on the alternatives kept at each step, so products of blocks stay small.
    static let cap = 24

    init(_ compiled: CompiledPolicy, patientCase: PatientCase) {
        self.compiled = compiled
        self.patientCase = patientCase
        self.evaluator = Subexpressions(compiled, patientCase)
    }

    // MARK: Combining alternatives

    /// Every entry must hold: one alternative of each, merged.
    static func product(_ a: Alternatives, _ b: Alternatives) -> Alternatives {
        var out: Alternatives = []
        for x in a {
            for y in b {
                var merged = x
                for c in y where !merged.contains(where: { $0.text == c.text }) { merged.append(c) }
                out.append(merged)
            }
        }
        return minimal(out)
    }

    /// One of them must hold.
    static func union(_ parts: [Alternatives]) -> Alternatives {
        minimal(parts.flatMap { $0 })
    }

    /// Smallest first; drops duplicates and any set that contains another; keeps `cap`.
    static func minimal(_ alts: Alternatives) -> Alternatives {
        let sorted = alts.enumerated().sorted { ($0.element.count, $0.offset) < ($1.element.count, $1.offset) }.map(\.element)
        var kept: Alternatives = []
        for alt in sorted {
            let texts = Set(alt.map(\.text))
            if kept.contains(where: { Set($0.map(\.text)).isSubset(of: texts) }) { continue }
            kept.append(alt)
            if kept.count >= cap { break }
        }
        return kept
    }

    // MARK: Truth

    func truth(_ e: ResolvedExpr) -> Truth {
        guard let outcome = evaluator.eval(e) else { return .unknown }
        if case .bool(let b)? = outcome.value { return b ? .true : .false }
        return .unknown
    }

    func value(_ e: ResolvedExpr) -> Value? {
        evaluator.eval(e)?.value
    }

    func line(_ span: SourceSpan) -> Int { policy.source.line(of: span) }
    func text(_ span: SourceSpan) -> String { policy.source.text(span) }

    // MARK: Criteria

    func solve(_ c: ResolvedCriterion, want: Bool) -> Alternatives {
        solve(c.expr, want: want, label: c.label)
    }

    func solve(_ e: ResolvedExpr, want: Bool, label: String?) -> Alternatives {
        if truth(e) == (want ? .true : .false) { return [[]] }
        switch e.kind {
        case .define(let i):
            let d = policy.defines[i]
            // A define whose body is one comparison keeps its label for the sentence.
            return solve(d.expr, want: want, label: label ?? d.label)
        case .block(let kind, let entries):
            return solveBlock(kind, entries, want: want)
        case .unary(.not, let operand):
            return solve(operand, want: !want, label: label)
        case .unary(.documented, let operand):
            // What makes the documented fact hold makes the criterion hold; an undocumented
            // fact is already false.
            return solve(operand, want: want, label: label)
        case .binary(.and, let l, let r):
            return want ? CriterionSolver.product(solve(l, want: true, label: label), solve(r, want: true, label: label))
                        : CriterionSolver.union([solve(l, want: false, label: label), solve(r, want: false, label: label)])
        case .binary(.or, let l, let r):
            return want ? CriterionSolver.union([solve(l, want: true, label: label), solve(r, want: true, label: label)])
                        : CriterionSolver.product(solve(l, want: false, label: label), solve(r, want: false, label: label))
        default:
            return leaf(e, want: want, label: label).map { [[$0]] } ?? []
        }
    }

    func solveBlock(_ kind: BlockKind, _ entries: [ResolvedCriterion], want: Bool) -> Alternatives {
        switch (kind, want) {
        case (.all, true), (.any, false):
            return entries.reduce([[]]) { CriterionSolver.product($0, solve($1, want: want)) }
        case (.all, false), (.any, true):
            return CriterionSolver.union(entries.map { solve($0, want: want) })
        case (.atLeast(let n), true):
            let truths = entries.map { truth($0.expr) }
            let have = truths.filter { $0 == .true }.count
            let candidates = entries.indices.filter { truths[$0] != .true }
            return choose(max(0, n - have), from: candidates) { solve(entries[$0], want: true) }
        case (.atLeast(let n), false):
            // Every unknown entry false, and enough true entries made false that fewer than N hold.
            let truths = entries.map { truth($0.expr) }
            let unknowns = entries.indices.filter { truths[$0] == .unknown }
            let base = unknowns.reduce([[]]) { CriterionSolver.product($0, solve(entries[$1], want: false)) }
            let trues = entries.indices.filter { truths[$0] == .true }
            let flips = choose(max(0, trues.count - (n - 1)), from: trues) { solve(entries[$0], want: false) }
            return CriterionSolver.product(base, flips)
        }
    }

    /// Alternatives for making `k` of `candidates` hold: every combination of k, each a product.
    func choose(_ k: Int, from candidates: [Int], _ solveOne: (Int) -> Alternatives) -> Alternatives {
        guard k > 0 else { return [[]] }
        guard k <= candidates.count else { return [] }
        let solved = Dictionary(uniqueKeysWithValues: candidates.map { ($0, solveOne($0)) })
        var result: Alternatives = []
        var combination: [Int] = []
        // Bounded: `at least 20 of` forty entries has 10^11 combinations; the first few
        // thousand, smallest entries first, are plenty for the smallest paths.
        var budget = 5_000
        func walk(_ start: Int) {
            budget -= 1
            if budget <= 0 || result.count >= CriterionSolver.cap * 4 { return }
            if combination.count == k {
                result += combination.reduce([[]]) { CriterionSolver.product($0, solved[$1] ?? []) }
                return
            }
            guard start < candidates.count else { return }
            for i in start..<candidates.count {
                combination.append(candidates[i])
                walk(i + 1)
                combination.removeLast()
            }
        }
        walk(0)
        return CriterionSolver.minimal(result)
    }
}

/// Sub-expressions of the policy evaluated for one case by the policy's own lowering (the
/// closures a decision runs, `CompiledPolicy.lowered`): what the paths to coverage ask of the
/// criteria they take apart. An expression the policy does not contain is lowered on first use.
/// An evaluation error gives nil.
final class Subexpressions {
    private let compiled: CompiledPolicy
    private var compiler: ExprCompiler?
    /// One context for every evaluation: the closures leave it as they found it.
    private var context: EvalContext

    init(_ compiled: CompiledPolicy, _ patientCase: PatientCase) {
        self.compiled = compiled
        context = EvalContext(patientCase, fdaStatus: compiled.fda.status(patientCase))
    }

    func eval(_ e: ResolvedExpr) -> Outcome? {
        if let node = compiled.lowered[LoweredKey(e)] { return try? node.run(&context) }
        var compiler = self.compiler ?? ExprCompiler(policy: compiled.policy, codeSets: compiled.codeSets)
        let run = compiler.expr(e)
        self.compiler = compiler
        return try? run(&context)
    }
}
