import Foundation

/// Comparisons of a case number with a policy constant (`patient.age >= 18`, `weeks >= 6`,
/// `improvement <= 25%`, `count(…) >= 2`) compiled to integer comparisons over `FixedNumber`.
/// Whatever the fixed form cannot hold goes to the general closure, which is the only one that
/// reports errors, so outcomes and errors stay those of the general closure. With a recorder
/// the readers record what they read as the general closure's readers would.
extension ExprCompiler {
    /// What a numeric operand read: a fixed number, the unknown paths, or "take the general path".
    enum NumberRead {
        case fixed(FixedNumber)
        case unknown([String])
        case general
    }
    typealias NumberReader = (inout EvalContext) throws(EvaluationError) -> NumberRead

    /// Closures are returned in structs: as an optional they would be called through thunks.
    struct NumberReaderNode { let run: NumberReader }

    /// `count(path where filter)`, or `distinct(path.field where filter)` when `field` is given,
    /// compiled to a counter.
    mutating func counter(_ path: [String], field: String?, filter: ResolvedExpr?, table: Int? = nil,
                          span: SourceSpan) -> CaseReader.CountEval {
        let f = filter.map { CompiledNode(run: expr($0)) }
        guard let field else { return CaseReader.count(path, filter: f, filterSpan: filter?.span, span: span, text: text) }
        let lookup = table.flatMap { policy.tables.indices.contains($0) ? policy.tables[$0] : nil }
        return CaseReader.distinct(path, field: field, filter: f, filterSpan: filter?.span, table: lookup, span: span, text: text)
    }

    /// A reader of `e` in fixed form, when `e` is a non-reserved case path, an element field,
    /// `count` or `distinct`.
    mutating func numberReader(_ e: ResolvedExpr) -> NumberReaderNode? {
        switch e.kind {
        case .casePath(let path):
            let key = path.joined(separator: ".")
            // Reserved fields have typed readers (`ReservedFields`): the general path.
            guard !CaseReader.hasTypedReader(key) else { return nil }
            let keys = path.map { JSONKey($0, keys: policy.vocabulary.keys) }
            return NumberReaderNode { ctx in
                let recorder = ctx.recorder
                guard let n = ctx.patientCase.root.withValue(at: keys, { json -> FixedNumber? in
                    let n = FixedNumber.of(json)
                    // Read as the general closure's reader records it (`CaseReader.reader`).
                    if let recorder, n != nil { recorder.read(key, Value.display(of: json)) }
                    return n
                }) else { return .general }
                return .fixed(n)
            }
        case .elementField(let name):
            return NumberReaderNode { ctx in
                guard case .record(let object)? = ctx.element else { return .general }
                guard let recorder = ctx.recorder, !recorder.isMuted else {
                    guard let n = object.withMember(name, FixedNumber.of) else { return .general }
                    return .fixed(n)
                }
                guard let (n, shown) = object.withMember(name, { json -> (FixedNumber, String)? in
                    FixedNumber.of(json).map { ($0, Value.display(of: json)) }
                }) else { return .general }
                recorder.read(ctx.elementField(name), shown)
                return .fixed(n)
            }
        case .count(let path, let filter):
            return counted(counter(path, field: nil, filter: filter, span: e.span))
        case .distinct(let path, let field, let filter, let table):
            return counted(counter(path, field: field, filter: filter, table: table, span: e.span))
        default:
            return nil
        }
    }

    private func counted(_ count: @escaping CaseReader.CountEval) -> NumberReaderNode {
        NumberReaderNode { ctx throws(EvaluationError) in
            switch try count(&ctx) {
            case .known(let n): return .fixed(FixedNumber(n))
            case .unknown(let missing): return .unknown(missing)
            }
        }
    }

    /// `operand OP constant` or `constant OP operand` for a comparison operator and a number
    /// constant, or nil when the expression has another shape.
    mutating func numberComparison(_ op: BinaryOperator, _ l: ResolvedExpr, _ r: ResolvedExpr,
                                   general: @escaping CompiledEval) -> CompiledNode? {
        let test: @Sendable (Int) -> Bool
        switch op {
        case .less: test = { $0 < 0 }
        case .lessEqual: test = { $0 <= 0 }
        case .greater: test = { $0 > 0 }
        case .greaterEqual: test = { $0 >= 0 }
        case .equal: test = { $0 == 0 }
        case .notEqual: test = { $0 != 0 }
        default: return nil
        }
        let operand: ResolvedExpr, constant: FixedNumber, flipped: Bool
        if case .constant(.number(let d)) = r.kind, let k = FixedNumber(d) {
            (operand, constant, flipped) = (l, k, false)
        } else if case .constant(.number(let d)) = l.kind, let k = FixedNumber(d) {
            (operand, constant, flipped) = (r, k, true)
        } else {
            return nil
        }
        guard let read = numberReader(operand)?.run else { return nil }
        return CompiledNode { ctx throws(EvaluationError) in
            switch try read(&ctx) {
            case .fixed(let n):
                guard let c = FixedNumber.compare(n, constant) else { return try general(&ctx) }
                return .known(.bool(test(flipped ? -c : c)))
            case .unknown(let missing):
                return .unknown(missing)
            case .general:
                return try general(&ctx)
            }
        }
    }
}
