import Foundation

extension Interpreter {
    /// Evaluates a criterion and records how it went, with the values it saw.
    func trace(_ c: ResolvedCriterion) throws(EvaluationError) -> (Outcome, CriterionTrace) {
        let start = reads.count
        var label = c.label
        var defineName: String?
        var source = text(c.expr.span)
        var expr = c.expr
        // A bare define name shows the define's own text, label and entries.
        if case .define(let i) = c.expr.kind {
            let d = policy.defines[i]
            defineName = d.name
            label = label ?? d.label
            source = text(d.expr.span)
            expr = d.expr
        }
        var outcome: Outcome
        var children: [CriterionTrace] = []
        var blockKind: BlockKind?
        if case .block(let kind, let entries) = expr.kind {
            let result = try block(kind, entries)
            outcome = result.outcome
            children = result.traces
            blockKind = kind
        } else {
            outcome = try eval(expr)
        }
        let truth: Truth
        switch outcome.value {
        case .bool(let b)?: truth = b ? .true : .false
        case nil: truth = .unknown
        case let v?: throw fail("`\(source)` is \(v.typeName) (\(v.display)), expected true or false", expr.span)
        }
        let values = Interpreter.dedupe(reads[start...])
        let t = CriterionTrace(label: label, source: source, define: defineName, line: policy.source.line(of: c.expr.span),
                               outcome: truth, values: blockKind == nil ? values : [], children: children,
                               block: blockKind, missing: truth == .unknown ? Interpreter.unique(outcome.missing) : [],
                               note: nil)
        return (outcome, t)
    }

    /// Evaluates a block's entries left to right. Once the outcome is certain the remaining
    /// entries are still evaluated for the explanation, but they no longer affect the outcome,
    /// and an error in one of them is shown as a note instead of refusing the case.
    func block(_ kind: BlockKind, _ entries: [ResolvedCriterion]) throws(EvaluationError) -> (outcome: Outcome, traces: [CriterionTrace]) {
        let needed: Int
        switch kind {
        case .all: needed = entries.count
        case .any: needed = 1
        case .atLeast(let n): needed = n
        }
        var trues = 0, falses = 0
        var missing: [String] = []
        var traces: [CriterionTrace] = []
        var decided: Bool? = nil
        for (i, entry) in entries.enumerated() {
            if decided != nil {
                do {
                    traces.append(try trace(entry).1)
                } catch {
                    traces.append(CriterionTrace(label: entry.label, source: text(entry.expr.span), define: nil,
                                                 line: policy.source.line(of: entry.expr.span), outcome: .unknown,
                                                 values: [], children: [], block: nil, missing: [],
                                                 note: "not needed for the outcome; could not be evaluated: \(error.message)"))
                }
                continue
            }
            let (o, t) = try trace(entry)
            traces.append(t)
            switch t.outcome {
            case .true: trues += 1
            case .false: falses += 1
            case .unknown: missing += o.missing
            }
            let remaining = entries.count - i - 1
            let unknowns = i + 1 - trues - falses
            if trues >= needed { decided = true }
            else if trues + unknowns + remaining < needed { decided = false }
        }
        if let decided { return (.known(.bool(decided)), traces) }
        if needed == 0 { return (.known(.bool(true)), traces) }
        return (.unknown(Interpreter.unique(missing)), traces)
    }

    static func unique(_ paths: [String]) -> [String] {
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }

    static func dedupe(_ values: ArraySlice<ValueSeen>) -> [ValueSeen] {
        var seen = Set<String>()
        return values.filter { seen.insert($0.path).inserted }
    }
}
