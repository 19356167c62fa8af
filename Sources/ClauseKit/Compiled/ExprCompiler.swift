import Foundation

/// What a compiled expression runs against: the case, and the element of `count`/`distinct`.
struct EvalContext {
    let patientCase: PatientCase
    /// The element being filtered, with the list's path and the element's index (its path,
    /// `history.trials[1]`, is spelt only when a message or a missing path needs it).
    var element: Value?
    var elementList = ""
    var elementIndex = 0
    var depth = 0
    /// The FDA status of the request, worked out once per decision.
    let fdaStatus: FDAStatus?

    init(_ patientCase: PatientCase, fdaStatus: FDAStatus?) {
        self.patientCase = patientCase
        self.fdaStatus = fdaStatus
    }

    var elementPath: String { "\(elementList)[\(elementIndex)]" }
}

/// A compiled expression: a closure over resolved slots (code-set tables, field readers,
/// define bodies), which neither looks a name up nor builds an explanation.
typealias CompiledEval = (inout EvalContext) throws(EvaluationError) -> Outcome

/// A compiled expression kept in an array or an optional. Inside a struct the closure keeps its
/// own calling convention; stored directly in a generic container it would be wrapped in
/// reabstraction thunks, paid on every call.
struct CompiledNode {
    let run: CompiledEval
}

/// Lowers resolved expressions to closures. Each closure mirrors a branch of `Interpreter.eval`
/// and must return the same outcome (value, unknown paths in the same order) and throw the same
/// errors; `CompiledEquivalenceTests` runs both on every example case.
struct ExprCompiler {
    let policy: CheckedPolicy
    let codeSets: [CompiledCodeSet]
    let text: PolicyText
    private var defines: [CompiledNode?]
    private var compiling: Set<Int> = []
    /// The fast lane's predicate of each define compiled so far (nil inside: it has none), and
    /// how deeply defines nest in each (`ExprCompiler+Fast.swift`).
    var fastDefines: [Int: FastPredicate?] = [:]
    var defineHeights: [Int: Int] = [:]

    init(policy: CheckedPolicy, codeSets: [CompiledCodeSet]) {
        self.policy = policy
        self.codeSets = codeSets
        self.text = PolicyText(source: policy.source)
        self.defines = Array(repeating: nil, count: policy.defines.count)
    }

    /// The body of a define, compiled once and shared by every use.
    mutating func define(_ i: Int) -> CompiledEval {
        if let done = defines[i] { return done.run }
        guard compiling.insert(i).inserted else {
            // A cycle (the checker rejects them): the interpreter would give up at depth 200.
            let text = self.text, span = policy.defines[i].span
            return { _ throws(EvaluationError) in throw text.fail("defines nest too deeply", span) }
        }
        let body = expr(policy.defines[i].expr)
        compiling.remove(i)
        defines[i] = CompiledNode(run: body)
        return body
    }

    /// A criterion: its outcome must be true, false or unknown (`Interpreter.trace`).
    mutating func criterion(_ c: ResolvedCriterion) -> CompiledEval {
        var e = c.expr
        // A bare define name is evaluated as the define's own expression (no nesting step).
        if case .define(let i) = c.expr.kind { e = policy.defines[i].expr }
        let body = expr(e)
        let text = self.text, span = e.span
        return { ctx throws(EvaluationError) in
            let o = try body(&ctx)
            switch o.value {
            case .bool?, nil: return o
            case let v?: throw text.fail("`\(text.text(span))` is \(v.typeName) (\(v.display)), expected true or false", span)
            }
        }
    }

    mutating func expr(_ e: ResolvedExpr) -> CompiledEval {
        let text = self.text
        let span = e.span
        switch e.kind {
        case .constant(let v):
            let o = Outcome.known(v)
            return { _ in o }
        case .casePath(let path):
            return CaseReader.reader(path, policy: policy)
        case .elementField(let name):
            return { ctx throws(EvaluationError) in
                guard let element = ctx.element else { throw text.fail("`\(name)` is only meaningful inside `where`", span) }
                guard case .record(let object) = element else {
                    throw text.fail("`\(ctx.elementPath)` is \(element.typeName) (\(element.display)), not an object with field `\(name)`", span)
                }
                guard let json = object[name], let value = CaseValue.from(json) else {
                    return .unknown([ctx.elementPath + "." + name])
                }
                return .known(value)
            }
        case .define(let i):
            let body = define(i)
            return { ctx throws(EvaluationError) in
                ctx.depth += 1
                defer { ctx.depth -= 1 }
                guard ctx.depth < 200 else { throw text.fail("defines nest too deeply", span) }
                return try body(&ctx)
            }
        case .list(let items):
            let compiled = items.map { CompiledNode(run: expr($0)) }
            return { ctx throws(EvaluationError) in
                var values: [Value] = []
                var missing: [String] = []
                for item in compiled {
                    let o = try item.run(&ctx)
                    if let v = o.value { values.append(v) } else { missing += o.missing }
                }
                return missing.isEmpty ? .known(.list(values)) : .unknown(missing)
            }
        case .unary(let op, let operand):
            let inner = expr(operand)
            let operandSpan = operand.span
            switch op {
            case .not:
                return { ctx throws(EvaluationError) in
                    let o = try inner(&ctx)
                    guard let v = o.value else { return o }
                    guard case .bool(let b) = v else {
                        throw text.fail("`\(text.text(operandSpan))` is \(v.typeName) (\(v.display)), expected true or false", operandSpan)
                    }
                    return .known(.bool(!b))
                }
            case .negate:
                return { ctx throws(EvaluationError) in
                    let o = try inner(&ctx)
                    guard let v = o.value else { return o }
                    return .known(try Arithmetic.negate(v, span: operandSpan, interpreter: text))
                }
            }
        case .binary(let op, let l, let r):
            return binary(op, l, r, span: span)
        case .inCodeSet(let operand, let set):
            let inner = expr(operand)
            let table = codeSets[set]
            let operandSpan = operand.span
            return { ctx throws(EvaluationError) in
                let o = try inner(&ctx)
                guard let v = o.value else { return o }
                guard case .string(let code) = v else {
                    throw text.fail("`\(text.text(operandSpan))` is \(v.typeName) (\(v.display)), expected a diagnosis code", operandSpan)
                }
                return .known(.bool(table.contains(code.uppercased())))
            }
        case .diagnosisIn(let set):
            let table = codeSets[set]
            return { ctx in
                guard let b = table.containsDiagnosis(of: ctx.patientCase) else { return .unknown(["diagnoses"]) }
                return .known(.bool(b))
            }
        case .fda(let status):
            return { ctx in
                guard let actual = ctx.fdaStatus else { return .unknown(["diagnoses"]) }
                return .known(.bool(actual == status))
            }
        case .known(let path):
            let read = CaseReader.reader(path, policy: policy)
            return { ctx throws(EvaluationError) in .known(.bool(try read(&ctx).value != nil)) }
        case .count(let path, let filter):
            let count = counter(path, field: nil, filter: filter, span: span)
            return { ctx throws(EvaluationError) in try count(&ctx).outcome }
        case .distinct(let path, let field, let filter):
            let count = counter(path, field: field, filter: filter, span: span)
            return { ctx throws(EvaluationError) in try count(&ctx).outcome }
        case .block(let kind, let entries):
            return block(kind, entries)
        }
    }

    mutating func binary(_ op: BinaryOperator, _ l: ResolvedExpr, _ r: ResolvedExpr, span: SourceSpan) -> CompiledEval {
        let left = expr(l), right = expr(r)
        let text = self.text
        let lSpan = l.span, rSpan = r.span
        func bool(_ v: Value, _ s: SourceSpan) throws(EvaluationError) -> Bool {
            if case .bool(let b) = v { return b }
            throw text.fail("`\(text.text(s))` is \(v.typeName) (\(v.display)), expected true or false", s)
        }
        switch op {
        case .and, .or:
            let stop = op == .or
            // Left to right, stopping once the result is certain.
            return { ctx throws(EvaluationError) in
                let lo = try left(&ctx)
                if let v = lo.value, try bool(v, lSpan) == stop { return .known(.bool(stop)) }
                let ro = try right(&ctx)
                if let v = ro.value {
                    let b = try bool(v, rSpan)
                    if b == stop { return .known(.bool(stop)) }
                    if lo.value != nil { return .known(.bool(b)) }
                }
                return .unknown(lo.missing + ro.missing)
            }
        default:
            let general: CompiledEval = { ctx throws(EvaluationError) in
                let lo = try left(&ctx)
                let ro = try right(&ctx)
                guard let lv = lo.value, let rv = ro.value else { return .unknown(lo.missing + ro.missing) }
                return .known(try Arithmetic.apply(op, lv, rv, l, r, span: span, interpreter: text))
            }
            return numberComparison(op, l, r, general: general)?.run ?? general
        }
    }

    /// A block's entries left to right, stopping once the outcome is certain (`Interpreter.block`
    /// goes on only to explain, and errors past that point do not count).
    mutating func block(_ kind: BlockKind, _ entries: [ResolvedCriterion]) -> CompiledEval {
        let compiled = entries.map { CompiledNode(run: criterion($0)) }
        let needed: Int
        switch kind {
        case .all: needed = entries.count
        case .any: needed = 1
        case .atLeast(let n): needed = n
        }
        return { ctx throws(EvaluationError) in
            var trues = 0, falses = 0
            var missing: [String] = []
            for (i, entry) in compiled.enumerated() {
                let o = try entry.run(&ctx)
                switch o.value {
                case .bool(true)?: trues += 1
                case .bool(false)?: falses += 1
                default: missing += o.missing
                }
                let remaining = compiled.count - i - 1
                let unknowns = i + 1 - trues - falses
                if trues >= needed { return .known(.bool(true)) }
                if trues + unknowns + remaining < needed { return .known(.bool(false)) }
            }
            if needed == 0 { return .known(.bool(true)) }
            return .unknown(Interpreter.unique(missing))
        }
    }
}
