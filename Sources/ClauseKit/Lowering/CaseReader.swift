import Foundation

/// Readers of case values, resolved when the policy is compiled: a reserved field becomes a
/// direct read of the decoded case; any other path a walk of the case's JSON objects.
enum CaseReader {
    static func reader(_ path: [String], policy: CheckedPolicy) -> CompiledEval {
        let key = path.joined(separator: ".")
        let unknown = Outcome.unknown([key])
        guard hasTypedReader(key) else {
            return { ctx in
                guard let json = ctx.patientCase.root.value(at: path), let v = Value.fromJSON(json) else {
                    ctx.recorder?.read(key, nil)
                    return unknown
                }
                ctx.recorder?.read(key, Value.display(of: json))
                return .known(v)
            }
        }
        guard let field = ReservedFields.byPath[key]?.value else { return { _ in unknown } }
        let vocabulary = policy.vocabulary
        return { ctx in
            guard let v = field(ctx.patientCase, vocabulary) else {
                ctx.recorder?.read(key, nil)
                return unknown
            }
            ctx.recorder?.read(key, v.display)
            return .known(v)
        }
    }

    /// Whether the field at `key` is read from the decoded case (a reserved field other than
    /// `sessions`) rather than from the case's JSON.
    static func hasTypedReader(_ key: String) -> Bool {
        ReservedFields.byPath[key]?.value != nil
    }

    /// The JSON items of a case list, or nil (with its key) when the case lacks it.
    static func items(_ path: [String], key: String, _ ctx: EvalContext, span: SourceSpan,
                      text: PolicyText) throws(EvaluationError) -> [JSONValue]? {
        guard let json = ctx.patientCase.root.value(at: path), json != .null else {
            ctx.recorder?.read(key, nil)
            return nil
        }
        guard case .array(let items) = json else {
            throw text.fail("`\(key)` is \(json.typeDescription), expected a list", span)
        }
        ctx.recorder?.read(key, Plural.count(items.count, "entry"))
        return items
    }

    /// Runs a `where` filter on the element (the caller sets it): true, false or unknown.
    static func filter(_ f: CompiledNode?, _ fSpan: SourceSpan?, _ ctx: inout EvalContext,
                       text: PolicyText) throws(EvaluationError) -> Outcome {
        guard let f, let fSpan else { return .known(.bool(true)) }
        let o = try f.run(&ctx)
        guard let v = o.value else { return o }
        guard case .bool = v else {
            throw text.notBoolean(v, text.text(fSpan), at: fSpan)
        }
        return o
    }

    /// What `count` or `distinct` found: a number of elements, or the unknown paths.
    enum Counted {
        case known(Int)
        case unknown([String])

        var outcome: Outcome {
            switch self {
            case .known(let n): return .known(.number(Decimal(n)))
            case .unknown(let missing): return .unknown(missing)
            }
        }
    }
    typealias CountEval = (inout EvalContext) throws(EvaluationError) -> Counted

    /// Runs the `where` filter on each element of `items`, the list at `key`, with the element
    /// set in `ctx`; calls `matched` for the elements it holds for, and adds the paths of
    /// unknown outcomes to `missing`, in element order.
    static func forEachMatch(_ items: [JSONValue], key: String, filter f: CompiledNode?, filterSpan: SourceSpan?,
                             _ ctx: inout EvalContext, missing: inout [String], text: PolicyText,
                             _ matched: (Value, inout EvalContext, inout [String]) throws(EvaluationError) -> Void)
        throws(EvaluationError) {
        let saved = (ctx.element, ctx.elementList, ctx.elementIndex)
        // Past the first `Recorder.listedEntries` elements the explanation records nothing
        // more of them, only how many there were.
        let recorder = ctx.recorder
        var muted = false
        defer {
            (ctx.element, ctx.elementList, ctx.elementIndex) = saved
            if muted, let recorder {
                recorder.unmute()
                recorder.readUnlisted(key, count: items.count)
            }
        }
        ctx.elementList = key
        for (i, item) in items.enumerated() {
            if i == Recorder.listedEntries, let recorder {
                recorder.mute()
                muted = true
            }
            guard let element = Value.fromJSON(item) else { continue }
            ctx.element = element
            ctx.elementIndex = i
            switch try filter(f, filterSpan, &ctx, text: text) {
            case .known(.bool(true)): try matched(element, &ctx, &missing)
            case .unknown(let paths): missing += paths
            case .known: break
            }
        }
    }

    /// `forEachMatch`, reading `field` of each matching element: an element that is not an
    /// object is an error, an absent field is added to `missing`, and `read` gets the field's
    /// JSON and value. The one element-field reader of `distinct`, `sum`, `min` and `max`.
    static func forEachField(_ items: [JSONValue], key: String, field: String, filter f: CompiledNode?, filterSpan: SourceSpan?,
                             _ ctx: inout EvalContext, missing: inout [String], span: SourceSpan, text: PolicyText,
                             _ read: (JSONValue, Value, inout EvalContext) throws(EvaluationError) -> Void) throws(EvaluationError) {
        try forEachMatch(items, key: key, filter: f, filterSpan: filterSpan, &ctx, missing: &missing,
                         text: text) { element, ctx, missing throws(EvaluationError) in
            guard case .record(let object) = element else {
                throw text.fail("`\(ctx.elementPath)` is \(element.typeName), not an object with field `\(field)`", span)
            }
            guard let json = object[field], let v = Value.fromJSON(json) else {
                missing.append(ctx.elementField(field))
                return
            }
            try read(json, v, &ctx)
        }
    }

    static func count(_ path: [String], filter f: CompiledNode?, filterSpan: SourceSpan?, span: SourceSpan,
                      text: PolicyText) -> CountEval {
        let key = path.joined(separator: ".")
        return { ctx throws(EvaluationError) in
            guard let items = try items(path, key: key, ctx, span: span, text: text) else { return .unknown([key]) }
            var count = 0
            var missing: [String] = []
            try forEachMatch(items, key: key, filter: f, filterSpan: filterSpan, &ctx, missing: &missing, text: text) { _, _, _ in
                count += 1
            }
            return missing.isEmpty ? .known(count) : .unknown(missing)
        }
    }

    /// With `table`, each field's value is looked up in it and the values found are counted;
    /// a field whose value the table does not list counts for nothing.
    static func distinct(_ path: [String], field: String, filter f: CompiledNode?, filterSpan: SourceSpan?,
                         table: LookupTable? = nil, span: SourceSpan, text: PolicyText) -> CountEval {
        let key = path.joined(separator: ".")
        return { ctx throws(EvaluationError) in
            guard let items = try items(path, key: key, ctx, span: span, text: text) else { return .unknown([key]) }
            var seen: [Value] = []
            var missing: [String] = []
            try forEachField(items, key: key, field: field, filter: f, filterSpan: filterSpan, &ctx, missing: &missing,
                             span: span, text: text) { json, v, ctx throws(EvaluationError) in
                if let table {
                    guard case .string(let key) = v, let mapped = table.value(for: key) else {
                        ctx.recorder?.read(ctx.elementField(field), Value.display(of: json) + " (not in table \(table.name))")
                        return
                    }
                    ctx.recorder?.read(ctx.elementField(field), Value.display(of: json) + " (\(table.name): \(mapped))")
                    let value = Value.string(mapped)
                    if !seen.contains(value) { seen.append(value) }
                    return
                }
                if let recorder = ctx.recorder { recorder.read(ctx.elementField(field), Value.display(of: json)) }
                if !seen.contains(v) { seen.append(v) }
            }
            return missing.isEmpty ? .known(seen.count) : .unknown(missing)
        }
    }
}

extension CaseReader {
    /// `sum`, `min` or `max` of `field` over the elements of the list at `path` that `filter`
    /// holds for. Unknown when the list is absent, when the filter or the field is unknown for
    /// some element (the element paths), and for `min`/`max` of no element (the list's path:
    /// the decision needs an element that qualifies). `sum` of no element is 0.
    static func aggregate(_ kind: Aggregate, _ path: [String], field: String, filter f: CompiledNode?, filterSpan: SourceSpan?,
                          span: SourceSpan, text: PolicyText) -> CompiledEval {
        let key = path.joined(separator: ".")
        return { ctx throws(EvaluationError) in
            guard let items = try items(path, key: key, ctx, span: span, text: text) else { return .unknown([key]) }
            var result: Value?
            var missing: [String] = []
            try forEachField(items, key: key, field: field, filter: f, filterSpan: filterSpan, &ctx, missing: &missing,
                             span: span, text: text) { json, v, ctx throws(EvaluationError) in
                if let recorder = ctx.recorder { recorder.read(ctx.elementField(field), Value.display(of: json)) }
                let place = ctx.elementField(field)
                func mismatch() -> EvaluationError {
                    text.fail("`\(kind.rawValue)` cannot take \(v.typeName) `\(place)` (\(v.display)) with the values before it", span)
                }
                guard let so = result else {
                    switch (kind, v) {
                    case (.sum, .number), (.sum, .money), (.sum, .duration), (.min, .number), (.min, .money), (.min, .date),
                         (.min, .duration), (.max, .number), (.max, .money), (.max, .date), (.max, .duration):
                        result = v
                    default:
                        throw text.fail("`\(kind.rawValue)` takes numbers, money\(kind == .sum ? "" : ", dates") or durations, "
                            + "but `\(place)` is \(v.typeName) (\(v.display))", span)
                    }
                    return
                }
                switch kind {
                case .sum:
                    result = try Arithmetic.arithmetic(.add, so, v, span: span, text: text, mismatch: mismatch)
                case .min, .max:
                    guard let c = Arithmetic.compare(v, so) else { throw mismatch() }
                    if (kind == .min && c < 0) || (kind == .max && c > 0) { result = v }
                }
            }
            guard missing.isEmpty else { return .unknown(missing) }
            if let result { return .known(result) }
            return kind == .sum ? .known(.number(0)) : .unknown([key])
        }
    }
}

/// The FDA status of the requested treatment for the case's indication, over compiled code sets.
struct FDATable: Sendable {
    /// Per treatment, its `fda approved for SET [since DATE]` lines and its
    /// `fda investigational [for SET]` lines (nil: every indication), in file order.
    let approvals: [[(codeSet: Int, since: Day?)]]
    let investigational: [[Int?]]
    let codeSets: [CompiledCodeSet]

    init(policy: CheckedPolicy, codeSets: [CompiledCodeSet]) {
        approvals = policy.treatments.map(\.approvals)
        investigational = policy.treatments.map(\.investigational)
        self.codeSets = codeSets
    }

    func status(_ c: PatientCase) -> FDAStatus? {
        guard let indication = c.indication else { return nil }
        let t = c.request.treatment
        for i in approvals[t].indices where codeSets[approvals[t][i].codeSet].contains(indication) {
            if let since = approvals[t][i].since, c.request.date < since { continue }
            return .approved
        }
        for i in investigational[t].indices {
            guard let set = investigational[t][i] else { return .investigational }
            if codeSets[set].contains(indication) { return .investigational }
        }
        return .offLabel
    }
}

extension PatientCase {
    /// The case's diagnoses, then the request's diagnosis when it is not among them: what
    /// `diagnosis in SET` looks at (`CompiledCodeSet.containsDiagnosis`).
    var allDiagnoses: [String] {
        var codes = diagnoses
        if let d = request.diagnosis, !codes.contains(d) { codes.append(d) }
        return codes
    }
}
