import Foundation

/// The expressions, blocks, labels and values of a generated policy (`PolicyWriter`): typed, so
/// every expression the writer draws checks.
extension PolicyWriter {
    // MARK: Expressions

    mutating func expr(_ type: GenType, depth: Int, element: PolicyGenerator.ListSpec?) -> GenExpr {
        switch type {
        case .bool: return bool(depth, element)
        case .number: return number(depth, element)
        case .money: return moneyExpr(depth, element)
        case .date: return dateExpr(depth, element)
        case .duration: return durationExpr(depth, element)
        case .string: return stringExpr(element)
        }
    }

    /// `e` as the operand of a binary operator of precedence `p` (right operands bind one tighter).
    func operand(_ e: GenExpr, _ p: Int, right: Bool = false) -> String {
        (e.prec < p || (right && e.prec == p)) ? "(\(e.text))" : e.text
    }

    func binary(_ l: GenExpr, _ op: String, _ r: GenExpr, _ p: Int) -> GenExpr {
        // Comparisons do not chain: both sides bind tighter.
        let chainless = p == 3
        return GenExpr(text: "\(operand(l, chainless ? 4 : p)) \(op) \(operand(r, chainless ? 4 : p, right: true))", prec: p)
    }

    func unary(_ op: String, _ e: GenExpr) -> GenExpr {
        let inner = e.prec < 6 || e.text.hasPrefix("-") ? "(\(e.text))" : e.text
        return GenExpr(text: op == "not" ? "not \(inner)" : "-\(inner)", prec: 6)
    }

    /// A criterion as a block entry: an entry cannot start with `-` (it would continue the
    /// previous entry as a subtraction) or a string (it would label the previous entry).
    func entry(_ e: GenExpr) -> String {
        e.text.hasPrefix("-") || e.text.hasPrefix("\"") ? "(\(e.text))" : e.text
    }

    mutating func definesOf(_ type: GenType) -> [String] {
        defines.filter { $0.type == type }.map(\.name)
    }

    mutating func bool(_ depth: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        let d = depth &- 1
        let choices = depth <= 0 ? 9 : 17
        switch pick(choices) {
        case 0:
            if let element, let field = element.fields.first(where: { $0.type == .bool }) {
                return GenExpr(text: field.name, prec: 7)
            }
            return GenExpr(text: one(PolicyGenerator.boolPaths), prec: 7)
        case 1: return comparison(.number, d, element)
        case 2: return GenExpr(text: chance(50) ? "true" : "false", prec: 7)
        case 3:
            if let element, !element.fields.isEmpty, chance(30) {
                return GenExpr(text: "known \(one(element.fields.map(\.name)))", prec: 7)
            }
            return GenExpr(text: "known \(anyPath())", prec: 7)
        case 4:
            guard !codeSets.isEmpty else { return comparison(.number, d, element) }
            return GenExpr(text: "diagnosis in \(one(codeSets))", prec: 7)
        case 5: return GenExpr(text: "fda \(one(["approved", "off_label", "investigational"]))", prec: 7)
        case 6:
            let names = definesOf(.bool)
            guard element == nil, !names.isEmpty else { return comparison(.money, d, element) }
            return GenExpr(text: one(names), prec: 7)
        case 7: return comparison(pickComparable(), d, element)
        case 8: return element == nil ? countComparison(d, element) : comparison(.number, d, element)
        case 9: return binary(bool(d, element), "and", bool(d, element), 2)
        case 10: return binary(bool(d, element), "or", bool(d, element), 1)
        case 11: return unary("not", bool(d, element))
        case 12: return block(depth: d, element: element)
        case 13: return inList(d, element)
        case 14:
            guard !codeSets.isEmpty else { return inList(d, element) }
            let left: GenExpr = chance(40) ? GenExpr(text: "request.diagnosis", prec: 7)
                : chance(50) ? GenExpr(text: "patient.primary_code", prec: 7) : stringExpr(element)
            return binary(left, "in", GenExpr(text: one(codeSets), prec: 7), 3)
        case 16 where chance(30):
            // Two facts the checker cannot type: what they hold decides (or fails) at evaluation.
            let types: [GenType] = [.number, .string, .date, .money, .bool]
            let a = types[pick(types.count)], b = types[pick(types.count)]
            return binary(untypedFact(a), one(["==", "!=", "<", ">="]), untypedFact(b), 3)
        case 15:
            return binary(GenExpr(text: "(\(bool(d, element).text))", prec: 7), one(["==", "!="]),
                          GenExpr(text: "(\(bool(d, element).text))", prec: 7), 3)
        default: return comparison(.number, d, element)
        }
    }

    mutating func pickComparable() -> GenType {
        switch pick(4) {
        case 0: return .date
        case 1: return .duration
        case 2: return .money
        default: return .string
        }
    }

    mutating func comparison(_ type: GenType, _ d: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        let ops = type == .string ? ["==", "!="] : ["==", "!=", "<", "<=", ">", ">="]
        let op = one(ops)
        var l = chance(60) ? fact(type, element) : expr(type, depth: d, element: element)
        var r = expr(type, depth: d, element: element)
        // Usually a fact on the left and a constant on the right, as policies are written.
        if chance(70) { r = literal(type, element) }
        if type == .string && l.text.hasPrefix("\"") && r.text.hasPrefix("\"") { l = stringPath(element) }
        return binary(l, op, r, 3)
    }

    /// A case path the checker does not type (not a reserved field) that usually holds `type`.
    mutating func untypedFact(_ type: GenType) -> GenExpr {
        let paths: [String]
        switch type {
        case .number: paths = PolicyGenerator.numberPaths
        case .string: paths = PolicyGenerator.stringPaths
        case .date: paths = PolicyGenerator.datePaths
        case .money: paths = PolicyGenerator.moneyPaths
        case .bool, .duration: paths = PolicyGenerator.boolPaths
        }
        return GenExpr(text: one(paths.filter { ReservedFields.types[$0] == nil }), prec: 7)
    }

    /// A fact of the case (or of the element, inside `where`) of the given type.
    mutating func fact(_ type: GenType, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        if let element, chance(75), let f = source.element(element.fields.filter({ $0.type == type })) {
            return GenExpr(text: f.name, prec: 7)
        }
        switch type {
        case .bool: return GenExpr(text: one(PolicyGenerator.boolPaths), prec: 7)
        case .number: return GenExpr(text: one(PolicyGenerator.numberPaths), prec: 7)
        case .money: return GenExpr(text: one(PolicyGenerator.moneyPaths), prec: 7)
        case .date: return GenExpr(text: one(PolicyGenerator.datePaths), prec: 7)
        case .string: return stringPath(element)
        case .duration:
            return binary(GenExpr(text: "request.date", prec: 7), "-", fact(.date, element), 4)
        }
    }

    mutating func countComparison(_ d: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        let call = listCall(d)
        return binary(call, one([">=", "<", "==", ">", "<=", "!="]), GenExpr(text: "\(pick(4))", prec: 7), 3)
    }

    /// `count(LIST [where …])` or `distinct(LIST.FIELD [where …])`.
    mutating func listCall(_ d: Int) -> GenExpr {
        let list = PolicyGenerator.lists[pick(PolicyGenerator.lists.count)]
        var filter = ""
        if !list.fields.isEmpty, chance(65) {
            filter = " where " + bool(max(d, 0), list).text
        } else if list.fields.isEmpty, chance(3) {
            filter = " where weeks > 2"  // elements that are not records: an evaluation error
        }
        if !list.fields.isEmpty, chance(35) {
            let field = one(list.fields.map(\.name))
            return GenExpr(text: "distinct(\(list.path).\(field)\(filter))", prec: 7)
        }
        return GenExpr(text: "count(\(list.path)\(filter))", prec: 7)
    }

    mutating func inList(_ d: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        if chance(50) {
            let left = stringPath(element)
            var items: [String] = []
            for _ in 0..<(1 &+ pick(3)) { items.append(stringLiteral(for: left.text)) }
            return binary(left, "in", GenExpr(text: "[\(items.joined(separator: ", "))\(chance(10) ? "," : "")]", prec: 7), 3)
        }
        let left = number(0, element)
        var items: [String] = []
        for _ in 0..<pick(4) { items.append(chance(25) ? fact(.number, element).text : number(0, nil).text) }
        return binary(left, "in", GenExpr(text: "[\(items.joined(separator: ", "))]", prec: 7), 3)
    }

    mutating func number(_ depth: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        let d = depth &- 1
        switch pick(depth <= 0 ? 7 : 11) {
        case 0: return literal(.number, element)
        case 1:
            if let element, chance(70), let f = source.element(element.fields.filter({ $0.type == .number })) {
                return GenExpr(text: f.name, prec: 7)
            }
            return GenExpr(text: one(PolicyGenerator.numberPaths), prec: 7)
        case 2: return GenExpr(text: "\(pick(100))%", prec: 7)
        case 3: return GenExpr(text: "\(pick(100)).\(pick(100))", prec: 7)
        case 4: return element == nil ? listCall(max(d, 0)) : literal(.number, element)
        case 5:
            let names = definesOf(.number)
            guard element == nil, !names.isEmpty else { return GenExpr(text: one(PolicyGenerator.numberPaths), prec: 7) }
            return GenExpr(text: one(names), prec: 7)
        case 6: return GenExpr(text: one(["0", "1", "9223372036854775807", "0.000001"]), prec: 7)
        case 7: return binary(number(d, element), one(["+", "-"]), number(d, element), 4)
        case 8: return binary(number(d, element), one(["*", "/"]), number(d, element), 5)
        case 9: return unary("-", number(d, element))
        default:
            // money / money is a number
            return binary(moneyExpr(d, element), "/", moneyExpr(d, element), 5)
        }
    }

    mutating func moneyExpr(_ depth: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        let d = depth &- 1
        switch pick(depth <= 0 ? 3 : 7) {
        case 0: return literal(.money, element)
        case 1:
            if let element, element.fields.contains(where: { $0.type == .money }), chance(70) {
                return GenExpr(text: "plan_paid", prec: 7)
            }
            return GenExpr(text: one(PolicyGenerator.moneyPaths), prec: 7)
        case 2:
            let names = definesOf(.money)
            guard element == nil, !names.isEmpty else { return literal(.money, element) }
            return GenExpr(text: one(names), prec: 7)
        case 3: return binary(moneyExpr(d, element), one(["+", "-"]), moneyExpr(d, element), 4)
        case 4:
            return chance(50) ? binary(moneyExpr(d, element), "*", number(d, element), 5)
                : binary(number(d, element), "*", moneyExpr(d, element), 5)
        case 5: return binary(moneyExpr(d, element), "/", number(d, element), 5)
        default: return unary("-", moneyExpr(d, element))
        }
    }

    mutating func dateExpr(_ depth: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        let d = depth &- 1
        switch pick(depth <= 0 ? 3 : 5) {
        case 0: return literal(.date, element)
        case 1:
            if let element, chance(70), let f = source.element(element.fields.filter({ $0.type == .date })) {
                return GenExpr(text: f.name, prec: 7)
            }
            return GenExpr(text: one(PolicyGenerator.datePaths), prec: 7)
        case 2:
            let names = definesOf(.date)
            guard element == nil, !names.isEmpty else { return GenExpr(text: "request.date", prec: 7) }
            return GenExpr(text: one(names), prec: 7)
        case 3: return binary(dateExpr(d, element), one(["+", "-"]), durationExpr(d, element), 4)
        default: return binary(durationExpr(d, element), "+", dateExpr(d, element), 4)
        }
    }

    mutating func durationExpr(_ depth: Int, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        let d = depth &- 1
        switch pick(depth <= 0 ? 2 : 6) {
        case 0: return GenExpr(text: duration(), prec: 7)
        case 1:
            let names = definesOf(.duration)
            guard element == nil, !names.isEmpty else { return GenExpr(text: duration(), prec: 7) }
            return GenExpr(text: one(names), prec: 7)
        case 2: return binary(dateExpr(d, element), "-", dateExpr(d, element), 4)
        case 3: return binary(durationExpr(d, element), one(["+", "-"]), durationExpr(d, element), 4)
        case 4:
            return chance(50) ? binary(durationExpr(d, element), "*", number(0, element), 5)
                : binary(number(0, element), "*", durationExpr(d, element), 5)
        default: return unary("-", durationExpr(d, element))
        }
    }

    mutating func stringExpr(_ element: PolicyGenerator.ListSpec?) -> GenExpr {
        chance(30) ? literal(.string, element) : stringPath(element)
    }

    mutating func stringPath(_ element: PolicyGenerator.ListSpec?) -> GenExpr {
        if let element, chance(75), let f = source.element(element.fields.filter({ $0.type == .string })) {
            return GenExpr(text: f.name, prec: 7)
        }
        return GenExpr(text: one(PolicyGenerator.stringPaths), prec: 7)
    }

    mutating func anyPath() -> String {
        switch pick(5) {
        case 0: return one(PolicyGenerator.numberPaths)
        case 1: return one(PolicyGenerator.boolPaths)
        case 2: return one(PolicyGenerator.stringPaths)
        case 3: return one(PolicyGenerator.datePaths)
        default: return one(PolicyGenerator.moneyPaths)
        }
    }

    mutating func literal(_ type: GenType, _ element: PolicyGenerator.ListSpec?) -> GenExpr {
        switch type {
        case .bool: return GenExpr(text: chance(50) ? "true" : "false", prec: 7)
        case .number:
            switch pick(4) {
            case 0: return GenExpr(text: "\(pick(40))", prec: 7)
            case 1: return GenExpr(text: "\(pick(101))%", prec: 7)
            case 2: return GenExpr(text: "\(pick(30)).\(pick(10))", prec: 7)
            default: return GenExpr(text: "\(pick(8))", prec: 7)
            }
        case .money: return GenExpr(text: money(small: chance(50)), prec: 7)
        case .date: return GenExpr(text: "\(date(from: 2024, years: 4))", prec: 7)
        case .duration: return GenExpr(text: duration(), prec: 7)
        case .string:
            let field = element?.fields.first { $0.type == .string }?.name ?? one(PolicyGenerator.stringPaths)
            return GenExpr(text: stringLiteral(for: field), prec: 7)
        }
    }

    /// A string literal a path is likely to equal.
    mutating func stringLiteral(for path: String) -> String {
        let pool: [String]
        switch path {
        case "request.treatment", "treatment": pool = treatments + ["other"]
        case "provider.network": pool = tiers + ["nowhere"]
        case "request.diagnosis": pool = ["F33.2", "F32.A", "F22", "Z01.818"]
        default: pool = PolicyGenerator.stringPools[path] ?? ["yes", "no"]
        }
        return quoted(one(pool))
    }

    // MARK: Blocks and labels

    mutating func block(depth: Int, element: PolicyGenerator.ListSpec?) -> GenExpr {
        var entries: [String] = []
        let count = 1 &+ pick(4)
        for _ in 0..<count {
            entries.append(entry(bool(depth &- 1, element)) + (element == nil ? optionalLabel() : ""))
        }
        let opening: String
        switch pick(3) {
        case 1: opening = "any {"
        case 2: opening = "at least \(chance(90) ? 1 &+ pick(count) : 0) of {"
        default: opening = "{"
        }
        if chance(50) || element != nil {
            return GenExpr(text: "\(opening) \(entries.joined(separator: " ")) }", prec: 7)
        }
        return GenExpr(text: "\(opening)\n    \(entries.joined(separator: "\n    "))\n  }", prec: 7)
    }

    mutating func optionalLabel() -> String {
        chance(55) ? " \"\(label())\"" : ""
    }

    mutating func label() -> String {
        let words = ["member is 18 or older", "diagnosis of major depression", "REMS-certified setting",
                     "two failed trials", "pregnancy", "enrolled in a clinical trial", "severe symptoms",
                     "with \\\"quotes\\\" and a \\\\ backslash", "caf\u{e9} \u{2014} d\u{e9}j\u{e0} vu", "tab\\tand newline\\n"]
        return one(words)
    }

    func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    // MARK: Values

    mutating func date(from year: Int, years: Int) -> Day {
        let start = Day(year: year, month: 1, day: 1)?.ordinal ?? 0
        return Day(ordinal: start &+ pick(365 &* max(years, 1)))
    }

    mutating func money(small: Bool) -> String {
        switch pick(small ? 3 : 4) {
        case 0: return "$\(pick(100))"
        case 1: return "$\(pick(500)).\(pick(10))\(pick(10))"
        case 2: return "$\(pick(60)).\(pick(10))"
        default: return "$\(1 &+ pick(20)),\(pick(10))00.00"
        }
    }
}
