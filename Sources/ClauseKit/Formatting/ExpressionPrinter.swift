import Foundation

/// Prints expressions and literals in their canonical one-line form, with the fewest
/// parentheses that keep the tree the same. `Formatter` lays out blocks over several lines;
/// a block nested inside a larger expression is printed on one line. Its declaration pieces
/// (limit lines, rule qualifiers, requirements) are public: the REPL's `:show` prints them.
public enum ExpressionPrinter {
    /// Binding power: 1 `or`, 2 `and`, 3 comparisons and `in`, 4 `+ -`, 5 `* /`, 6 unary, 7 primary.
    static func precedence(_ e: Expr) -> Int {
        switch e.kind {
        case .binary(let op, _, _): return precedence(op)
        case .within, .unary(.documented, _): return 3
        case .unary, .daysSince: return 6
        default: return 7
        }
    }

    static func precedence(_ op: BinaryOperator) -> Int {
        switch op {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in: return 3
        case .add, .subtract: return 4
        case .multiply, .divide: return 5
        }
    }

    static func render(_ e: Expr) -> String {
        switch e.kind {
        case .number(let d, let isInteger):
            let text = decimal(d)
            return !isInteger && !text.contains(".") ? text + ".0" : text
        case .percent(let d): return decimal(d * 100) + "%"
        case .money(let m): return money(m)
        case .date(let d): return d.description
        case .duration(let d): return d.description
        case .string(let s): return quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .list(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        case .path(let names): return path(names)
        case .unary(let op, let operand):
            let inner = wrap(operand, precedence(operand) < (op == .documented ? 3 : 6))
            switch op {
            case .not: return "not " + inner
            case .documented: return "documented " + inner
            case .negate: return "-" + inner
            }
        case .binary(let op, let l, let r):
            let p = precedence(op)
            let left = wrap(l, precedence(l) < p || (p == 3 && precedence(l) == 3))
            let right = wrap(r, precedence(r) <= p)
            return "\(left) \(op.rawValue) \(right)"
        case .diagnosisIn(let set): return "diagnosis in \(set.text)"
        case .fda(let status): return "fda \(status.rawValue)"
        case .known(let names): return "known \(path(names))"
        case .count(let list, let filter):
            return "count(\(path(list))\(filter.map { " where " + render($0) } ?? ""))"
        case .distinct(let list, let field, let filter, let table):
            let argument = table.map { "\($0.text)(\(path(list + [field])))" } ?? path(list + [field])
            return "distinct(\(argument)\(filter.map { " where " + render($0) } ?? ""))"
        case .aggregate(let kind, let list, let field, let filter):
            return "\(kind.rawValue)(\(path(list + [field]))\(filter.map { " where " + render($0) } ?? ""))"
        case .within(let value, let duration, let anchor):
            // A comparison: operands that are comparisons or looser are parenthesised.
            return "\(wrap(value, precedence(value) <= 3)) within \(wrap(duration, precedence(duration) <= 3)) of "
                + wrap(anchor, precedence(anchor) <= 3)
        case .daysSince(let operand):
            return "days since " + wrap(operand, precedence(operand) < 6)
        case .block(let kind, let entries):
            let inner = entries.map { criterion($0) }.joined(separator: " ")
            return blockOpener(kind) + " " + inner + " }"
        }
    }

    /// An expression with its label, on one line.
    static func criterion(_ c: Criterion) -> String {
        render(c.expr) + (c.label.map { " " + quote($0.value) } ?? "")
    }

    static func blockOpener(_ kind: BlockKind) -> String {
        switch kind {
        case .all: return "{"
        case .any: return "any {"
        case .atLeast(let n): return "at least \(n) of {"
        }
    }

    static func wrap(_ e: Expr, _ parenthesize: Bool) -> String {
        parenthesize ? "(" + render(e) + ")" : render(e)
    }

    /// A table's key or value: bare when it is a plain word that is not a keyword, else quoted.
    static func tableWord(_ s: String) -> String {
        let isWord = s.utf8.first.map { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95 } ?? false
            && s.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
        return isWord && Keyword(rawValue: s) == nil ? s : quote(s)
    }

    static func path(_ names: [Name]) -> String { names.map(\.text).joined(separator: ".") }

    static func decimal(_ d: Decimal) -> String {
        NSDecimalNumber(decimal: d).description(withLocale: Locale(identifier: "en_US_POSIX"))
    }

    /// `$40`, `$1,500`, `$1,500.50`: cents only when there are some.
    static func money(_ m: Money) -> String {
        let text = m.dollars
        return text.hasSuffix(".00") ? String(text.dropLast(3)) : text
    }

    /// A string literal with `"`, `\`, newline and tab escaped.
    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return out + "\""
    }

    static func cost(_ c: TierCost) -> String {
        switch c {
        case .coinsurance(let p): return "coinsurance \(decimal(p * 100))%"
        case .copay(let m): return "copay \(money(m))"
        case .copayThenCoinsurance(let m, let p): return "copay \(money(m)) coinsurance \(decimal(p * 100))%"
        case .notCovered: return "not covered"
        }
    }

    public static func limitLine(_ line: LimitLine) -> String {
        switch line {
        case .sessions(let count, let per, let phase, _):
            return "\(Plural.count(count, "session")) per \(per.value)" + phaseText(phase)
        case .dose(let milligrams, let per, let phase, _):
            return "\(decimal(milligrams)) mg per \(per.value)" + phaseText(phase)
        case .benefitMaximum(let amount, let per, _): return "\(money(amount)) per \(per.value)"
        case .authorizationLasts(let d, let review, _):
            return (review.map { "\($0.rawValue) " } ?? "") + "authorization lasts \(d.value)"
        case .newCourse(let gap, _): return "new course after \(gap.value) without sessions"
        }
    }

    /// What follows a rule's title: ` for initial`, ` for continuation`, ` as experimental`, or nothing.
    public static func ruleQualifier(review: ReviewKind?, experimental: Bool) -> String {
        if let review { return " for \(review.rawValue)" }
        return experimental ? " as experimental" : ""
    }

    /// `requires prior_authorization [lasting D]`, `requires referral`, `requires document "…"`.
    public static func requirement(_ r: Requirement) -> String {
        switch r {
        case .priorAuthorization(_, let lasting): return "requires prior_authorization" + (lasting.map { " lasting \($0.value)" } ?? "")
        case .referral: return "requires referral"
        case .document(let d): return "requires document \(quote(d.value))"
        }
    }

    static func phaseText(_ phase: Phase?) -> String {
        switch phase {
        case .weeks(let a, let b)?: return " during weeks \(a)-\(b)"
        case .fromWeek(let a)?: return " from week \(a)"
        case nil: return ""
        }
    }

    static func codePattern(_ p: CodePattern) -> String {
        switch p.kind {
        case .code(let c): return c
        case .prefix(let p): return p + "*"
        case .range(let low, let high): return low + "-" + high
        }
    }
}
