import Foundation

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
}

/// Evaluates resolved expressions against one case, in Kleene three-valued logic,
/// recording the case values it reads so explanations can show them.
final class Interpreter {
    let policy: CheckedPolicy
    let patientCase: PatientCase
    /// Every case value read, in order; a criterion's values are a slice of this.
    var reads: [ValueSeen] = []
    /// The element of `count`/`distinct` being filtered, with its path for messages.
    var element: (value: Value, path: String)?
    var depth = 0

    init(policy: CheckedPolicy, patientCase: PatientCase) {
        self.policy = policy
        self.patientCase = patientCase
    }

    func fail(_ message: String, _ span: SourceSpan) -> EvaluationError {
        EvaluationError(message, span: span, line: policy.source.line(of: span))
    }

    func text(_ span: SourceSpan) -> String { policy.source.text(span) }

    // MARK: Expressions

    func eval(_ e: ResolvedExpr) throws(EvaluationError) -> Outcome {
        switch e.kind {
        case .constant(let v):
            return .known(v)
        case .casePath(let path):
            return read(path)
        case .elementField(let name):
            return try readElementField(name, span: e.span)
        case .define(let i):
            depth += 1
            defer { depth -= 1 }
            guard depth <= Checker.maximumNesting else { throw fail("defines nest too deeply", e.span) }
            return try eval(policy.defines[i].expr)
        case .list(let items):
            var values: [Value] = []
            var missing: [String] = []
            for item in items {
                let o = try eval(item)
                if let v = o.value { values.append(v) } else { missing += o.missing }
            }
            return missing.isEmpty ? .known(.list(values)) : .unknown(missing)
        case .unary(let op, let operand):
            let o = try eval(operand)
            guard let v = o.value else { return o }
            switch op {
            case .not:
                return .known(.bool(!(try bool(v, operand))))
            case .negate:
                return .known(try Arithmetic.negate(v, span: operand.span, interpreter: self))
            }
        case .binary(let op, let l, let r):
            return try binary(op, l, r, span: e.span)
        case .inCodeSet(let operand, let set):
            let o = try eval(operand)
            guard let v = o.value else { return o }
            guard case .string(let code) = v else {
                throw fail("`\(text(operand.span))` is \(v.typeName) (\(v.display)), expected a diagnosis code", operand.span)
            }
            return .known(.bool(policy.codeSets[set].contains(code.uppercased())))
        case .diagnosisIn(let set):
            var codes = patientCase.diagnoses
            if let d = patientCase.request.diagnosis, !codes.contains(d) { codes.append(d) }
            guard patientCase.hasDiagnoses || patientCase.request.diagnosis != nil else {
                reads.append(ValueSeen(path: "diagnoses", value: nil))
                return .unknown(["diagnoses"])
            }
            reads.append(ValueSeen(path: "diagnoses", value: codes.joined(separator: ", ")))
            return .known(.bool(codes.contains { policy.codeSets[set].contains($0) }))
        case .fda(let status):
            guard let actual = fdaStatus() else {
                reads.append(ValueSeen(path: "diagnoses", value: nil))
                return .unknown(["diagnoses"])
            }
            reads.append(ValueSeen(path: "fda status for \(patientCase.indication ?? "")", value: actual.rawValue))
            return .known(.bool(actual == status))
        case .known(let path):
            let o = read(path)
            return .known(.bool(o.value != nil))
        case .count(let path, let filter):
            return try countElements(path, filter: filter, span: e.span)
        case .distinct(let path, let field, let filter):
            return try distinctValues(path, field: field, filter: filter, span: e.span)
        case .block(let kind, let entries):
            return try block(kind, entries).outcome
        }
    }

    /// Requires a boolean, naming the expression when the value has another type.
    func bool(_ v: Value, _ e: ResolvedExpr) throws(EvaluationError) -> Bool {
        if case .bool(let b) = v { return b }
        throw fail("`\(text(e.span))` is \(v.typeName) (\(v.display)), expected true or false", e.span)
    }

    func binary(_ op: BinaryOperator, _ l: ResolvedExpr, _ r: ResolvedExpr, span: SourceSpan) throws(EvaluationError) -> Outcome {
        switch op {
        case .and, .or:
            // Left to right, stopping once the result is certain.
            let lo = try eval(l)
            if let v = lo.value {
                let b = try bool(v, l)
                if op == .and && !b { return .known(.bool(false)) }
                if op == .or && b { return .known(.bool(true)) }
            }
            let ro = try eval(r)
            if let v = ro.value {
                let b = try bool(v, r)
                if op == .and && !b { return .known(.bool(false)) }
                if op == .or && b { return .known(.bool(true)) }
                if lo.value != nil { return .known(.bool(b)) }
            }
            return .unknown(lo.missing + ro.missing)
        default:
            // Every operand is evaluated, so `missing` names every unknown path.
            let lo = try eval(l)
            let ro = try eval(r)
            guard let lv = lo.value, let rv = ro.value else { return .unknown(lo.missing + ro.missing) }
            return .known(try Arithmetic.apply(op, lv, rv, l, r, span: span, interpreter: self))
        }
    }

    // MARK: Case reads

    /// Reads a path of the case; reserved fields come typed from the decoded case.
    func read(_ path: [String]) -> Outcome {
        let key = path.joined(separator: ".")
        if let value = reservedValue(key) {
            reads.append(ValueSeen(path: key, value: value.display))
            return .known(value)
        }
        guard !isReserved(key), let json = patientCase.root.value(at: path), let value = Value.fromJSON(json) else {
            reads.append(ValueSeen(path: key, value: nil))
            return .unknown([key])
        }
        reads.append(ValueSeen(path: key, value: Value.display(of: json)))
        return .known(value)
    }

    func isReserved(_ key: String) -> Bool { Checker.reservedTypes[key] != nil && key != "sessions" }

    func reservedValue(_ key: String) -> Value? {
        let c = patientCase
        switch key {
        case "request.treatment": return .string(policy.treatments[c.request.treatment].name)
        case "request.date": return .date(c.request.date)
        case "request.sessions": return .number(Decimal(c.request.sessions))
        case "request.billed_per_session": return c.request.billedPerSession.map(Value.money)
        case "request.diagnosis": return c.request.diagnosis.map(Value.string)
        case "request.code":
            if case .string(let s)? = c.root.value(at: ["request", "code"]) { return .string(s.uppercased()) }
            return nil
        case "provider.network": return c.network.map(Value.string)
        case "provider.referral": return c.referral.map(Value.bool)
        case "authorization.prior_authorization": return c.priorAuthorization.map { .string($0.rawValue) }
        case "authorization.approved_on": return c.approvedOn.map(Value.date)
        case "plan.deductible_remaining": return c.deductibleRemaining.map(Value.money)
        case "plan.out_of_pocket_remaining": return c.outOfPocketRemaining.map(Value.money)
        case "diagnoses": return c.hasDiagnoses ? .list(c.diagnoses.map(Value.string)) : nil
        case "documents": return c.documents.map { .list($0.map(Value.string)) }
        default: return nil
        }
    }

    func readElementField(_ name: String, span: SourceSpan) throws(EvaluationError) -> Outcome {
        guard let element else { throw fail("`\(name)` is only meaningful inside `where`", span) }
        let path = element.path + "." + name
        guard case .record(let object) = element.value else {
            throw fail("`\(element.path)` is \(element.value.typeName) (\(element.value.display)), not an object with field `\(name)`", span)
        }
        guard let json = object[name], let value = Value.fromJSON(json) else {
            reads.append(ValueSeen(path: path, value: nil))
            return .unknown([path])
        }
        reads.append(ValueSeen(path: path, value: Value.display(of: json)))
        return .known(value)
    }

    /// The elements of a case list, each with its path, or unknown when the case lacks the list.
    func elements(_ path: [String], span: SourceSpan) throws(EvaluationError) -> (items: [(Value, String)]?, key: String) {
        let key = path.joined(separator: ".")
        let json = patientCase.root.value(at: path)
        guard let json, json != .null else {
            reads.append(ValueSeen(path: key, value: nil))
            return (nil, key)
        }
        guard case .array(let items) = json else {
            throw fail("`\(key)` is \(json.typeDescription), expected a list", span)
        }
        reads.append(ValueSeen(path: key, value: "\(items.count) \(items.count == 1 ? "entry" : "entries")"))
        var result: [(Value, String)] = []
        for (i, item) in items.enumerated() {
            if let v = Value.fromJSON(item) { result.append((v, "\(key)[\(i)]")) }
        }
        return (result, key)
    }

    /// Evaluates a `where` filter on one element: true, false or unknown (with missing paths).
    func filter(_ f: ResolvedExpr?, on item: (Value, String)) throws(EvaluationError) -> Outcome {
        guard let f else { return .known(.bool(true)) }
        let saved = element
        element = (item.0, item.1)
        defer { element = saved }
        let o = try eval(f)
        if let v = o.value { return .known(.bool(try bool(v, f))) }
        return o
    }

    func countElements(_ path: [String], filter f: ResolvedExpr?, span: SourceSpan) throws(EvaluationError) -> Outcome {
        let (items, key) = try elements(path, span: span)
        guard let items else { return .unknown([key]) }
        var count = 0
        var missing: [String] = []
        for item in items {
            let o = try filter(f, on: item)
            if case .bool(true)? = o.value { count += 1 } else if o.value == nil { missing += o.missing }
        }
        return missing.isEmpty ? .known(.number(Decimal(count))) : .unknown(missing)
    }

    func distinctValues(_ path: [String], field: String, filter f: ResolvedExpr?, span: SourceSpan) throws(EvaluationError) -> Outcome {
        let (items, key) = try elements(path, span: span)
        guard let items else { return .unknown([key]) }
        var seen: [Value] = []
        var missing: [String] = []
        for item in items {
            let o = try filter(f, on: item)
            if o.value == nil {
                missing += o.missing
                continue
            }
            guard case .bool(true)? = o.value else { continue }
            guard case .record(let object) = item.0 else {
                throw fail("`\(item.1)` is \(item.0.typeName), not an object with field `\(field)`", span)
            }
            guard let v = object[field].flatMap(Value.fromJSON) else {
                missing.append(item.1 + "." + field)
                continue
            }
            reads.append(ValueSeen(path: item.1 + "." + field, value: object[field].map(Value.display(of:)) ?? v.display))
            if !seen.contains(v) { seen.append(v) }
        }
        return missing.isEmpty ? .known(.number(Decimal(seen.count))) : .unknown(missing)
    }

    // MARK: FDA status

    /// The FDA status of the requested treatment for the case's indication (LANGUAGE.md §4).
    func fdaStatus() -> FDAStatus? {
        guard let indication = patientCase.indication else { return nil }
        return policy.fdaStatus(of: patientCase.request.treatment, for: indication, on: patientCase.request.date)
    }
}

extension CheckedPolicy {
    public func fdaStatus(of treatment: Int, for indication: String, on date: Day) -> FDAStatus {
        let t = treatments[treatment]
        for approval in t.approvals where codeSets[approval.codeSet].contains(indication) {
            if let since = approval.since, date < since { continue }
            return .approved
        }
        for inv in t.investigational {
            guard let set = inv else { return .investigational }
            if codeSets[set].contains(indication) { return .investigational }
        }
        return .offLabel
    }
}
