import Foundation

/// What a lowered expression runs against: the case, the element of `count`/`distinct`, and,
/// when the decision is explained, the recorder that collects what the closures saw.
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
    /// Set when the decision is explained: the closures then record the values they read and
    /// the trace of each criterion (`Recorder`). Nil on the fast path, which records nothing.
    let recorder: Recorder?

    init(_ patientCase: PatientCase, fdaStatus: FDAStatus?, recorder: Recorder? = nil) {
        self.patientCase = patientCase
        self.fdaStatus = fdaStatus
        self.recorder = recorder
    }

    var elementPath: String { "\(elementList)[\(elementIndex)]" }

    /// The path of the element's field `name`: `history.trials[1].weeks`.
    func elementField(_ name: String) -> String {
        var path = elementList
        path.reserveCapacity(elementList.utf8.count + name.utf8.count + 8)
        path += "["
        path += String(elementIndex)
        path += "]."
        path += name
        return path
    }
}

/// A lowered expression: a closure over resolved slots (code-set tables, field readers, define
/// bodies), which looks no name up. It is the language's one evaluator: with a recorder in the
/// context it also explains (values read, per-criterion traces), without one it only decides.
typealias CompiledEval = (inout EvalContext) throws(EvaluationError) -> Outcome

/// The result of evaluating an expression: a value, or unknown with the case paths it depends on.
enum Outcome {
    case known(Value)
    /// Unknown, with the case paths it depends on.
    case unknown([String])

    var value: Value? {
        if case .known(let v) = self { return v }
        return nil
    }

    var missing: [String] {
        if case .unknown(let m) = self { return m }
        return []
    }

    /// The truth of a criterion's outcome (already checked to be a boolean or unknown).
    var bool: Bool? {
        if case .bool(let b)? = value { return b }
        return nil
    }
}

/// A compiled expression kept in an array or an optional. Inside a struct the closure keeps its
/// own calling convention; stored directly in a generic container it would be wrapped in
/// reabstraction thunks, paid on every call.
struct CompiledNode {
    let run: CompiledEval
}

/// Lowers resolved expressions to closures (LANGUAGE.md §3): Kleene three-valued logic, unknown
/// outcomes carrying the case paths they depend on, errors located at the failing expression.
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
    /// Every expression lowered so far, by where it is in the source: a node is lowered once
    /// (however many lowerings reach it), and paths to coverage find the closures of the
    /// sub-expressions they take apart here (`Subexpressions`).
    private(set) var lowered: [LoweredKey: CompiledNode] = [:]

    init(policy: CheckedPolicy, codeSets: [CompiledCodeSet]) {
        self.policy = policy
        self.codeSets = codeSets
        self.text = PolicyText(source: policy.source)
        self.defines = Array(repeating: nil, count: policy.defines.count)
    }

    init(policy: CheckedPolicy) {
        self.init(policy: policy, codeSets: policy.codeSets.map(CompiledCodeSet.init))
    }

    /// The body of a define, compiled once and shared by every use.
    mutating func define(_ i: Int) -> CompiledEval {
        if let done = defines[i] { return done.run }
        guard compiling.insert(i).inserted else {
            // A cycle (the checker rejects them).
            let text = self.text, span = policy.defines[i].span
            return { _ throws(EvaluationError) in throw text.fail("defines nest too deeply", span) }
        }
        let body = expr(policy.defines[i].expr)
        compiling.remove(i)
        defines[i] = CompiledNode(run: body)
        return body
    }

    /// A criterion: its outcome must be true, false or unknown. A bare define name is evaluated
    /// as the define's own expression (no nesting step) and explained with the define's name,
    /// label and text. With a recorder the criterion pushes its trace (`Recorder`).
    mutating func criterion(_ c: ResolvedCriterion) -> CompiledEval {
        var e = c.expr
        var label = c.label
        var defineName: String?
        if case .define(let i) = c.expr.kind {
            let d = policy.defines[i]
            e = d.expr
            defineName = d.name
            label = label ?? d.label
            // The name itself is lowered too, for paths to coverage, which ask about it.
            _ = expr(c.expr)
        }
        let body = expr(e)
        let text = self.text, span = e.span
        var block: BlockKind?
        if case .block(let kind, _) = e.kind { block = kind }
        // What the explanation shows of the criterion, worked out once.
        let source = text.text(span), line = text.source.line(of: c.expr.span)
        return { [label] ctx throws(EvaluationError) in
            guard let recorder = ctx.recorder else {
                let o = try body(&ctx)
                switch o.value {
                case .bool?, nil: return o
                case let v?: throw text.notBoolean(v, source, at: span)
                }
            }
            let reads = recorder.reads.count
            recorder.openFrame()
            let o: Outcome
            do throws(EvaluationError) { o = try body(&ctx) } catch {
                _ = recorder.closeFrame()
                throw error
            }
            // A block's entries pushed their traces: they are its children. Any other
            // expression's nested blocks are folded into its values.
            let children = recorder.closeFrame()
            let truth: Truth
            switch o.value {
            case .bool(let b)?: truth = b ? .true : .false
            case nil: truth = .unknown
            case let v?: throw text.notBoolean(v, source, at: span)
            }
            recorder.push(CriterionTrace(
                label: label, source: source, define: defineName, line: line,
                outcome: truth, values: block == nil ? recorder.values(since: reads) : [],
                children: block == nil ? [] : children, block: block,
                missing: truth == .unknown ? Recorder.unique(o.missing) : [], note: nil))
            return o
        }
    }

    mutating func expr(_ e: ResolvedExpr) -> CompiledEval {
        let key = LoweredKey(e)
        if let done = lowered[key] { return done.run }
        let run = lower(e)
        lowered[key] = CompiledNode(run: run)
        return run
    }

    private mutating func lower(_ e: ResolvedExpr) -> CompiledEval {
        let text = self.text
        let span = e.span
        switch e.kind {
        case .constant(let v):
            let o = Outcome.known(v)
            return { _ in o }
        case .casePath(let path):
            return CaseReader.reader(path, policy: policy)
        case .elementPath(let names):
            let shown = names.joined(separator: ".")
            return { ctx throws(EvaluationError) in
                guard let element = ctx.element else { throw text.fail("`\(shown)` is only meaningful inside `where`", span) }
                guard case .record(let object) = element else {
                    throw text.fail("`\(ctx.elementPath)` is \(element.typeName) (\(element.display)), not an object with field `\(names[0])`", span)
                }
                // Down the element's objects; an absent or null field anywhere on the way is unknown.
                var json: JSONValue? = object[names[0]]
                for name in names.dropFirst() {
                    guard case .object(let inner)? = json else {
                        if let json, json != .null {
                            throw text.fail("`\(ctx.elementField(shown))` cannot be read: a field on its way is not an object", span)
                        }
                        json = nil
                        break
                    }
                    json = inner[name]
                }
                guard let json, let value = Value.fromJSON(json) else {
                    let path = ctx.elementField(shown)
                    ctx.recorder?.read(path, nil)
                    return .unknown([path])
                }
                if let recorder = ctx.recorder { recorder.read(ctx.elementField(shown), Value.display(of: json)) }
                return .known(value)
            }
        case .elementField(let name):
            return { ctx throws(EvaluationError) in
                guard let element = ctx.element else { throw text.fail("`\(name)` is only meaningful inside `where`", span) }
                guard case .record(let object) = element else {
                    throw text.fail("`\(ctx.elementPath)` is \(element.typeName) (\(element.display)), not an object with field `\(name)`", span)
                }
                guard let json = object[name], let value = Value.fromJSON(json) else {
                    let path = ctx.elementField(name)
                    ctx.recorder?.read(path, nil)
                    return .unknown([path])
                }
                if let recorder = ctx.recorder { recorder.read(ctx.elementField(name), Value.display(of: json)) }
                return .known(value)
            }
        case .define(let i):
            let body = define(i)
            return { ctx throws(EvaluationError) in
                ctx.depth += 1
                defer { ctx.depth -= 1 }
                // The checker bounds nesting by the same constant, so a checked policy never
                // reaches it; it guards against a cycle or an unchecked expression.
                guard ctx.depth <= Checker.maximumNesting else { throw text.fail("defines nest too deeply", span) }
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
                        throw text.notBoolean(v, text.text(operandSpan), at: operandSpan)
                    }
                    return .known(.bool(!b))
                }
            case .negate:
                return { ctx throws(EvaluationError) in
                    let o = try inner(&ctx)
                    guard let v = o.value else { return o }
                    return .known(try Arithmetic.negate(v, span: operandSpan, text: text))
                }
            case .documented:
                // What the case does not document is not met: unknown becomes false (the values
                // read, unknown ones included, are still recorded for the explanation).
                return { ctx throws(EvaluationError) in
                    let o = try inner(&ctx)
                    guard let v = o.value else { return .known(.bool(false)) }
                    guard case .bool = v else { throw text.notBoolean(v, text.text(operandSpan), at: operandSpan) }
                    return o
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
                let found = table.containsDiagnosis(of: ctx.patientCase)
                if let recorder = ctx.recorder {
                    recorder.read("diagnoses", found == nil ? nil : ctx.patientCase.allDiagnoses.joined(separator: ", "))
                }
                guard let found else { return .unknown(["diagnoses"]) }
                return .known(.bool(found))
            }
        case .fda(let status):
            return { ctx in
                guard let actual = ctx.fdaStatus else {
                    ctx.recorder?.read("diagnoses", nil)
                    return .unknown(["diagnoses"])
                }
                ctx.recorder?.read("fda status for \(ctx.patientCase.indication ?? "")", actual.rawValue)
                return .known(.bool(actual == status))
            }
        case .known(let path):
            let read = CaseReader.reader(path, policy: policy)
            return { ctx throws(EvaluationError) in .known(.bool(try read(&ctx).value != nil)) }
        case .count(let path, let filter):
            let count = counter(path, field: nil, filter: filter, span: span)
            return { ctx throws(EvaluationError) in try count(&ctx).outcome }
        case .distinct(let path, let field, let filter, let table):
            let count = counter(path, field: field, filter: filter, table: table, span: span)
            return { ctx throws(EvaluationError) in try count(&ctx).outcome }
        case .aggregate(let kind, let path, let field, let filter):
            let f = filter.map { CompiledNode(run: expr($0)) }
            return CaseReader.aggregate(kind, path, field: field, filter: f, filterSpan: filter?.span, span: span, text: text)
        case .within(let value, let duration, let anchor):
            return within(value, duration, anchor, span: span)
        case .inTable(let operand, let t):
            let inner = expr(operand)
            let table = policy.tables.indices.contains(t) ? policy.tables[t] : nil
            let operandSpan = operand.span
            return { ctx throws(EvaluationError) in
                let o = try inner(&ctx)
                guard let v = o.value else { return o }
                guard case .string(let key) = v else {
                    throw text.fail("only a string can be looked up in a table, but `\(text.text(operandSpan))` is \(v.typeName) (\(v.display))", operandSpan)
                }
                return .known(.bool(table?.value(for: key) != nil))
            }
        case .daysSince(let operand):
            let read = expr(operand)
            let operandSpan = operand.span
            return { ctx throws(EvaluationError) in
                // Every operand is evaluated: `missing` names each unknown the outcome depends on.
                let o = try read(&ctx)
                guard case .known(let v) = o else { return o }
                guard case .date(let day) = v else {
                    throw text.fail("`days since` takes a date, but `\(text.text(operandSpan))` is \(v.typeName) (\(v.display))", operandSpan)
                }
                let date = ctx.patientCase.request.date
                ctx.recorder?.read("request.date", date.description)
                return .known(.number(Decimal(date.ordinal - day.ordinal)))
            }
        case .block(let kind, let entries):
            return block(kind, entries)
        }
    }

    /// `X within D of Y`: Y - D <= X <= Y + D, in three-valued logic (every operand evaluated,
    /// so `missing` names each unknown).
    mutating func within(_ value: ResolvedExpr, _ duration: ResolvedExpr, _ anchor: ResolvedExpr, span: SourceSpan) -> CompiledEval {
        let v = expr(value), d = expr(duration), a = expr(anchor)
        let text = self.text
        let anchorSpan = anchor.span
        return { ctx throws(EvaluationError) in
            let outcomes = [try v(&ctx), try d(&ctx), try a(&ctx)]
            var missing: [String] = []
            var values: [Value] = []
            for o in outcomes {
                switch o {
                case .known(let x): values.append(x)
                case .unknown(let paths): missing += paths
                }
            }
            guard missing.isEmpty, values.count == 3 else { return .unknown(missing) }
            func mismatch() -> EvaluationError {
                text.fail("`within … of` compares two dates over a duration, but got \(values[0].typeName), \(values[1].typeName) "
                    + "and \(values[2].typeName) in `\(text.text(span))`", span)
            }
            guard case .date = values[0], case .date = values[2], case .duration = values[1] else { throw mismatch() }
            let low = try Arithmetic.arithmetic(.subtract, values[2], values[1], span: anchorSpan, text: text, mismatch: mismatch)
            let high = try Arithmetic.arithmetic(.add, values[2], values[1], span: anchorSpan, text: text, mismatch: mismatch)
            guard let above = Arithmetic.compare(values[0], low), let below = Arithmetic.compare(values[0], high) else {
                throw mismatch()
            }
            return .known(.bool(above >= 0 && below <= 0))
        }
    }

    mutating func binary(_ op: BinaryOperator, _ l: ResolvedExpr, _ r: ResolvedExpr, span: SourceSpan) -> CompiledEval {
        let left = expr(l), right = expr(r)
        let text = self.text
        let lSpan = l.span, rSpan = r.span
        func bool(_ v: Value, _ s: SourceSpan) throws(EvaluationError) -> Bool {
            if case .bool(let b) = v { return b }
            throw text.notBoolean(v, text.text(s), at: s)
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
            // Every operand is evaluated, so `missing` names every unknown path.
            let general: CompiledEval = { ctx throws(EvaluationError) in
                let lo = try left(&ctx)
                let ro = try right(&ctx)
                guard let lv = lo.value, let rv = ro.value else { return .unknown(lo.missing + ro.missing) }
                return .known(try Arithmetic.apply(op, lv, rv, l, r, span: span, text: text))
            }
            return numberComparison(op, l, r, general: general)?.run ?? general
        }
    }

    /// A block's entries left to right (`BlockTally`), stopping once the outcome is certain.
    /// Explained, the remaining entries are still evaluated so the explanation shows them all;
    /// they no longer affect the outcome, and an error in one of them is shown as a note
    /// instead of refusing the case.
    mutating func block(_ kind: BlockKind, _ entries: [ResolvedCriterion]) -> CompiledEval {
        let compiled = entries.map { CompiledNode(run: criterion($0)) }
        let text = self.text
        let shown = entries.map { (label: $0.label, span: $0.expr.span) }
        return { ctx throws(EvaluationError) in
            var tally = BlockTally(kind, count: compiled.count)
            var missing: [String] = []
            var decided: Bool?
            for i in compiled.indices {
                if decided != nil {
                    // Explained only: evaluated for display.
                    guard let recorder = ctx.recorder else { break }
                    // A criterion that fails pushes no trace (`criterion`): the note takes its place.
                    do throws(EvaluationError) { _ = try compiled[i].run(&ctx) } catch {
                        recorder.push(.notNeeded(label: shown[i].label, at: shown[i].span, in: text, error: error))
                    }
                    continue
                }
                let o = try compiled[i].run(&ctx)
                let truth = Truth(o.bool)
                if truth == .unknown { missing += o.missing }
                decided = tally.add(truth)
            }
            if let decided = decided ?? tally.final { return .known(.bool(decided)) }
            return .unknown(Recorder.unique(missing))
        }
    }
}

/// Where an expression is in the source, and what kind it is: two nodes of one span (an
/// expression and the define it names, say) differ in kind.
struct LoweredKey: Hashable {
    let start: Int
    let end: Int
    let kind: Int

    init(_ e: ResolvedExpr) {
        start = e.span.start
        end = e.span.end
        switch e.kind {
        case .constant: kind = 0
        case .casePath: kind = 1
        case .elementField: kind = 2
        case .define: kind = 3
        case .list: kind = 4
        case .unary: kind = 5
        case .binary: kind = 6
        case .inCodeSet: kind = 7
        case .diagnosisIn: kind = 8
        case .fda: kind = 9
        case .known: kind = 10
        case .count: kind = 11
        case .distinct: kind = 12
        case .block: kind = 13
        case .aggregate: kind = 14
        case .within: kind = 15
        case .daysSince: kind = 16
        case .elementPath: kind = 17
        case .inTable: kind = 18
        }
    }
}
