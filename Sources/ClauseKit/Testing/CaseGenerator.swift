import Foundation

/// Random patient cases (JSON) for a checked policy: the reserved fields of LANGUAGE.md §5
/// (request, diagnoses, provider, authorization, documents, past sessions, plan) and every
/// other path the policy reads, with a value of the type the policy compares it with. Some
/// fields are left out, `null` or of the wrong type, so unknowns (`needs_information`) and
/// evaluation errors are exercised; a few reserved fields are malformed, so a small share of
/// the cases is refused by `CaseDecoder` (most decode). Deterministic: the same choices give the
/// same case.
public struct CaseGenerator: Sendable {
    public let policy: CheckedPolicy

    enum Hint: Hashable, Sendable { case bool, number, money, date, string, code }

    /// Paths the policy reads (dotted), in first-use order, with what they are compared with.
    var scalarOrder: [String] = []
    var scalarHints: [String: [Hint]] = [:]
    /// Lists the policy counts, with their elements' fields, in first-use order.
    var listOrder: [String] = []
    var listFields: [String: [(name: String, hints: [Hint])]] = [:]
    /// Diagnosis codes: some in each code set, some in none.
    var codes: [String] = []
    var documents: [String] = []

    public init(policy: CheckedPolicy) {
        self.policy = policy
        for d in policy.defines { visit(d.expr, expect: d.expr.type == .bool ? .bool : nil, element: nil) }
        for r in policy.rules {
            visit(r.when.expr, expect: .bool, element: nil)
            if let u = r.unless { visit(u.expr, expect: .bool, element: nil) }
            for case .document(let text) in r.requirements where !documents.contains(text.value) {
                documents.append(text.value)
            }
        }
        var codes = ["F33.2", "F32.A", "F22", "F20.9", "F31.0", "F10.20", "F43.10", "F41.1", "Z01.818", "R45.851", "F32"]
        for set in policy.codeSets {
            for p in set.patterns {
                switch p.kind {
                case .code(let c): codes += [c, c.contains(".") ? c + "1" : c + ".1"]
                case .prefix(let prefix): codes += [prefix + "1", prefix.hasSuffix(".") ? prefix + "9" : prefix + ".9"]
                case .range(let low, let high): codes += [low, high, high + "9"]
                }
            }
        }
        var seen = Set<String>()
        self.codes = codes.filter { seen.insert($0).inserted }
    }

    // MARK: What the policy reads

    static func hint(_ type: StaticType) -> Hint? {
        switch type {
        case .bool: return .bool
        case .number: return .number
        case .money: return .money
        case .date: return .date
        case .string: return .string
        case .duration, .list, .any: return nil
        }
    }

    mutating func record(_ path: [String], _ hint: Hint?) {
        let key = path.joined(separator: ".")
        if scalarHints[key] == nil { scalarOrder.append(key); scalarHints[key] = [] }
        if let hint, scalarHints[key]?.contains(hint) == false { scalarHints[key]?.append(hint) }
    }

    mutating func recordList(_ path: [String]) {
        let key = path.joined(separator: ".")
        if listFields[key] == nil { listOrder.append(key); listFields[key] = [] }
    }

    mutating func recordField(_ list: String, _ name: String, _ hint: Hint?) {
        guard var fields = listFields[list] else { return }
        if let i = fields.firstIndex(where: { $0.name == name }) {
            if let hint, !fields[i].hints.contains(hint) { fields[i].hints.append(hint) }
        } else {
            fields.append((name, hint.map { [$0] } ?? []))
        }
        listFields[list] = fields
    }

    mutating func visit(_ e: ResolvedExpr, expect: Hint?, element: String?) {
        switch e.kind {
        case .constant, .define, .diagnosisIn, .fda:
            break
        case .casePath(let path):
            record(path, expect)
        case .elementField(let name):
            if let element { recordField(element, name, expect) }
        case .elementPath:
            break
        case .known(let path):
            record(path, nil)
        case .list(let items):
            for item in items { visit(item, expect: expect, element: element) }
        case .unary(let op, let operand):
            visit(operand, expect: op == .negate ? expect : .bool, element: element)
        case .binary(let op, let l, let r):
            switch op {
            case .and, .or:
                visit(l, expect: .bool, element: element)
                visit(r, expect: .bool, element: element)
            case .in:
                var itemHint: Hint?
                if case .list(let items) = r.kind, let first = items.first { itemHint = CaseGenerator.hint(first.type) }
                visit(l, expect: itemHint, element: element)
                visit(r, expect: nil, element: element)
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
                let hint = CaseGenerator.hint(l.type) ?? CaseGenerator.hint(r.type)
                visit(l, expect: hint, element: element)
                visit(r, expect: hint, element: element)
            case .add, .subtract, .multiply, .divide:
                let hint = CaseGenerator.hint(e.type) ?? expect
                let lh = l.type == .duration ? nil : CaseGenerator.hint(r.type == .duration ? .date : e.type) ?? hint
                let rh = r.type == .duration ? nil : CaseGenerator.hint(l.type == .duration ? .date : e.type) ?? hint
                visit(l, expect: op == .multiply || op == .divide ? (l.type == .any ? hint : nil) : lh, element: element)
                visit(r, expect: op == .multiply || op == .divide ? (r.type == .any ? .number : nil) : rh, element: element)
            }
        case .inCodeSet(let l, _):
            visit(l, expect: .code, element: element)
        case .count(let list, let filter):
            recordList(list)
            if let filter { visit(filter, expect: .bool, element: list.joined(separator: ".")) }
        case .distinct(let list, let field, let filter, _):
            recordList(list)
            recordField(list.joined(separator: "."), field, nil)
            if let filter { visit(filter, expect: .bool, element: list.joined(separator: ".")) }
        case .aggregate(_, let list, let field, let filter):
            recordList(list)
            recordField(list.joined(separator: "."), field, .number)
            if let filter { visit(filter, expect: .bool, element: list.joined(separator: ".")) }
        case .within(let a, let b, let c):
            visit(a, expect: .date, element: element)
            visit(b, expect: nil, element: element)
            visit(c, expect: .date, element: element)
        case .daysSince(let x):
            visit(x, expect: .date, element: element)
        case .inTable(let x, _):
            visit(x, expect: .string, element: element)
        case .block(_, let entries):
            for entry in entries { visit(entry.expr, expect: .bool, element: element) }
        }
    }

    // MARK: Cases

    /// A random case as JSON text (compact or pretty).
    public func caseText<S: ChoiceSource>(using source: inout S) -> String {
        let value = caseValue(using: &source)
        return JSONWriter.write(value, pretty: source.chance(20))
    }

    /// A random case as a JSON value.
    public func caseValue<S: ChoiceSource>(using source: inout S) -> JSONValue {
        var root = JSONObject()
        if source.chance(70) {
            root["id"] = source.chance(90) ? .string("case-\(source.choose(100_000))") : JSONValue.int(source.choose(1000))
        }
        let base = policy.effective ?? Day(year: 2026, month: 1, day: 1) ?? Day(ordinal: 0)
        // Mostly while the policy is in effect; sometimes before or after it.
        let offset = source.chance(85) ? source.choose(400) : source.int(0...1200) &- 400
        let requestDate = Day(ordinal: base.ordinal &+ offset)

        // request
        var request = JSONObject()
        let t = source.choose(max(policy.treatments.count, 1))
        if policy.treatments.indices.contains(t) {
            let treatment = policy.treatments[t]
            switch source.choose(10) {
            case 7 where !treatment.billingCodes.isEmpty:
                request["code"] = .string(source.element(treatment.billingCodes) ?? "")
            case 8 where !treatment.billingCodes.isEmpty:
                request["code"] = .string((source.element(treatment.billingCodes) ?? "").lowercased())
                request["treatment"] = .string(treatment.name)
            case 9 where source.chance(20):
                request["treatment"] = .string("no_such_treatment")  // refused by the decoder
            default:
                request["treatment"] = .string(treatment.name)
            }
        }
        request["date"] = source.chance(98) ? .string(requestDate.description) : .string("2026-02-30")
        switch source.choose(20) {
        case 0: request["sessions"] = nil  // refused: the request needs a count
        case 1: request["sessions"] = .string("2")
        case 2: request["sessions"] = JSONValue.int(0)
        case 3: request["sessions"] = JSONValue.int(source.int(20...60))
        default: request["sessions"] = JSONValue.int(source.int(1...10))
        }
        if source.chance(85) { request["billed_per_session"] = money(&source, upTo: 200_000) }
        if source.chance(25) { request["diagnosis"] = .string(source.element(codes) ?? "F33.2") }
        // Revision 2: the review kind (mostly derived from the sessions), the dose of each
        // requested session (mostly given when the treatment has dose limits).
        if source.chance(25) {
            request["review"] = source.chance(97) ? .string(source.element(["initial", "continuation"]) ?? "initial") : .string("renewal")
        }
        let limitsDoses = policy.limits.indices.contains(t) && !policy.limits[t].doses.isEmpty
        if source.chance(limitsDoses ? 85 : 25) { request["dose_mg"] = dose(&source, malformed: true) }
        root["request"] = .object(request)

        // diagnoses
        if source.chance(90) {
            var list: [JSONValue] = []
            for _ in 0..<source.choose(4) { list.append(.string(source.element(codes) ?? "F33.2")) }
            if source.chance(5) { list.append(.string(source.chance(50) ? "not a code" : "f33.2")) }
            root["diagnoses"] = .array(list)
        } else if source.chance(30) {
            root["diagnoses"] = .null
        }

        // provider
        var provider = JSONObject()
        if !policy.tiers.isEmpty, source.chance(85) {
            provider["network"] = .string(source.element(policy.tiers.map(\.name)) ?? "")
        } else if source.chance(3) {
            provider["network"] = .string("nowhere")  // refused: an undeclared tier
        }
        if source.chance(70) { provider["referral"] = .bool(source.chance(50)) }
        root["provider"] = .object(provider)

        // authorization
        if source.chance(80) {
            var authorization = JSONObject()
            if source.chance(90) {
                authorization["prior_authorization"] = .string(source.element(["approved", "approved", "pending", "denied", "none"]) ?? "none")
            }
            if source.chance(75) {
                authorization["approved_on"] = .string(Day(ordinal: requestDate.ordinal &- source.choose(400)).description)
            }
            root["authorization"] = .object(authorization)
        }

        // documents
        if source.chance(75) {
            var list: [JSONValue] = []
            for d in documents where source.chance(60) { list.append(.string(d)) }
            if source.chance(20) { list.append(.string("an unrelated document")) }
            root["documents"] = .array(list)
        }

        // past sessions
        if source.chance(80) {
            var list: [JSONValue] = []
            let count = source.chance(25) ? source.int(5...30) : source.choose(6)
            for _ in 0..<count {
                var s = JSONObject()
                let past = policy.treatments.indices.contains(t) && source.chance(80) ? t : source.choose(max(policy.treatments.count, 1))
                if policy.treatments.indices.contains(past) {
                    let treatment = policy.treatments[past]
                    s["treatment"] = .string(source.chance(85) || treatment.billingCodes.isEmpty
                                             ? treatment.name : source.element(treatment.billingCodes) ?? treatment.name)
                }
                let back = source.chance(95) ? (source.chance(50) ? source.int(1...40) : source.int(1...200)) : source.choose(3) &- 1
                s["date"] = .string(Day(ordinal: requestDate.ordinal &- back).description)
                if source.chance(85) { s["plan_paid"] = money(&source, upTo: 150_000) }
                if source.chance(limitsDoses ? 90 : 20) { s["dose_mg"] = dose(&source) }
                list.append(.object(s))
            }
            root["sessions"] = .array(list)
        }

        // plan
        if source.chance(80) {
            var plan = JSONObject()
            if source.chance(85) { plan["deductible_remaining"] = money(&source, upTo: 300_000) }
            if source.chance(85) { plan["out_of_pocket_remaining"] = money(&source, upTo: 800_000) }
            root["plan"] = .object(plan)
        }

        // Every other path the policy reads, then the lists it counts.
        var value = JSONValue.object(root)
        for path in scalarOrder where !CaseGenerator.isReserved(path) {
            let hints = scalarHints[path] ?? []
            switch source.choose(100) {
            case 0..<12: continue  // absent: unknown
            case 12..<17: CaseGenerator.set(&value, path.split(separator: ".").map(String.init), .null)
            case 17..<21: CaseGenerator.set(&value, path.split(separator: ".").map(String.init), wrong(&source, hints))
            default:
                CaseGenerator.set(&value, path.split(separator: ".").map(String.init),
                                  scalar(&source, source.element(hints), name: path))
            }
        }
        for path in listOrder where !CaseGenerator.isReserved(path) {
            let fields = listFields[path] ?? []
            if source.chance(12) { continue }
            var items: [JSONValue] = []
            for _ in 0..<source.choose(5) {
                if source.chance(4) { items.append(.string("not a record")); continue }
                var o = JSONObject()
                for f in fields {
                    switch source.choose(100) {
                    case 0..<10: continue
                    case 10..<14: o[f.name] = .null
                    case 14..<17: o[f.name] = wrong(&source, f.hints)
                    default: o[f.name] = scalar(&source, source.element(f.hints), name: f.name)
                    }
                }
                items.append(.object(o))
            }
            CaseGenerator.set(&value, path.split(separator: ".").map(String.init),
                              source.chance(3) ? .string("not a list") : .array(items))
        }
        return value
    }

    /// The reserved fields (LANGUAGE.md §5), which the case's own parts above fill in.
    static func isReserved(_ path: String) -> Bool {
        ReservedFields.types[path] != nil || path == "id" || path == "request" || path == "provider"
            || path == "authorization" || path == "plan"
    }

    /// Sets `value` at `path`, making objects on the way; leaves the case as it is where a
    /// shorter path already holds something other than an object.
    static func set(_ root: inout JSONValue, _ path: [String], _ value: JSONValue) {
        guard let key = path.first else { return }
        guard case .object(var o) = root else { return }
        if path.count == 1 {
            if o[key] == nil { o[key] = value }
        } else {
            var child = o[key] ?? .object(JSONObject())
            set(&child, Array(path.dropFirst()), value)
            o[key] = child
        }
        root = .object(o)
    }

    func scalar<S: ChoiceSource>(_ source: inout S, _ hint: Hint?, name: String) -> JSONValue {
        switch hint ?? [Hint.bool, .number, .string, .date, .money][source.choose(5)] {
        case .bool: return .bool(source.chance(50))
        case .number: return number(&source)
        case .money: return money(&source, upTo: 100_000)
        case .date:
            let base = policy.effective ?? Day(year: 2026, month: 1, day: 1) ?? Day(ordinal: 0)
            return .string(Day(ordinal: base.ordinal &+ source.int(0...900) &- 600).description)
        case .code: return .string(source.element(codes) ?? "F33.2")
        case .string:
            let last = name.split(separator: ".").last.map(String.init) ?? name
            var pool = PolicyGenerator.stringPools[name] ?? PolicyGenerator.stringPools[last] ?? ["yes", "no"]
            if last == "treatment" { pool = policy.treatments.map(\.name) + ["other"] }
            return .string(source.element(pool) ?? "")
        }
    }

    func number<S: ChoiceSource>(_ source: inout S) -> JSONValue {
        switch source.choose(8) {
        case 0: return CaseGenerator.number("\(source.choose(8))")
        case 1: return .string("\(source.choose(101))%")
        case 2: return CaseGenerator.number("0.\(source.choose(100))")
        case 3: return CaseGenerator.number(source.element(["0", "-0", "1e1", "18.0", "17.999999999999999999999", "-3", "123456789012345678901234"]) ?? "0")
        case 4:
            // Equal values written differently: distinct() and == must see them as one.
            let forms: [JSONValue] = [CaseGenerator.number("6"), CaseGenerator.number("6.0"), .string("600%"),
                                      CaseGenerator.number("0.2"), .string("20%"), .string("20.0%"), CaseGenerator.number("2e-1"),
                                      .string("6"), CaseGenerator.number("-0.0")]
            return source.element(forms) ?? CaseGenerator.number("6")
        default: return CaseGenerator.number("\(source.choose(41))")
        }
    }

    /// A dose in milligrams: usually a common one, sometimes a fraction or zero; rarely, when
    /// `malformed` allows, one the decoder refuses.
    func dose<S: ChoiceSource>(_ source: inout S, malformed: Bool = false) -> JSONValue {
        switch source.choose(40) {
        case 0: return CaseGenerator.number("0")
        case 1, 2: return CaseGenerator.number("\(source.choose(100)).5")
        case 3 where malformed: return source.chance(50) ? .string("56 mg") : CaseGenerator.number("-\(1 &+ source.choose(50))")
        default: return CaseGenerator.number("\(source.element([28, 56, 84, 112, 168]) ?? 56)")
        }
    }

    static func number(_ text: String) -> JSONValue {
        .number(Decimal(string: text) ?? 0, text: text)
    }

    func money<S: ChoiceSource>(_ source: inout S, upTo cents: Int) -> JSONValue {
        let amount = Money(cents: Int64(truncatingIfNeeded: source.choose(cents)))
        switch source.choose(10) {
        case 0: return CaseGenerator.number("\(amount.cents / 100)")
        case 1: return .string("$" + amount.formatted(grouped: true))
        case 2: return .string("0.00")
        default: return .string(amount.formatted())
        }
    }

    /// A value of another type than the one the policy expects.
    func wrong<S: ChoiceSource>(_ source: inout S, _ hints: [Hint]) -> JSONValue {
        switch source.choose(6) {
        case 0: return hints.contains(.bool) ? CaseGenerator.number("1") : .bool(true)
        case 1: return .string(hints.contains(.string) ? "2026-01-01" : "abc")
        case 2: return .array([CaseGenerator.number("1")])
        case 3: return .object(JSONObject([("x", CaseGenerator.number("1"))]))
        case 4: return .string("2026-02-30")
        default: return hints.contains(.number) ? .string("12 years") : CaseGenerator.number("7")
        }
    }
}
