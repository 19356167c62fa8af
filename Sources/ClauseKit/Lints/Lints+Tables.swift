/// Lints over tables: code sets and limit blocks.
extension Linter {
    /// Two patterns of one code set that match a common code.
    mutating func lintCodeSets() {
        for case .codes(let set) in file.declarations {
            for (j, later) in set.patterns.enumerated() {
                guard let earlier = set.patterns[..<j].first(where: { Linter.overlap($0, later) }) else { continue }
                let a = ExpressionPrinter.codePattern(earlier), b = ExpressionPrinter.codePattern(later)
                let same = a == b
                warn(.overlappingCodes, same ? "`\(b)` appears twice in code set `\(set.name.text)`"
                                             : "`\(b)` overlaps `\(a)` in code set `\(set.name.text)`",
                     at: later.span, label: same ? "already listed" : "codes such as `\(Linter.witness(earlier, later) ?? b)` match both",
                     help: "remove or narrow one of the patterns")
            }
        }
    }

    /// The strings that stand for a pattern when looking for a code two patterns share.
    static func samples(_ p: CodePattern) -> [String] {
        switch p.kind {
        case .code(let c): return [c]
        case .prefix(let prefix): return [prefix]
        case .range(let low, let high): return [low, high]
        }
    }

    /// A code both patterns match, if there is one among their sample strings.
    static func witness(_ a: CodePattern, _ b: CodePattern) -> String? {
        (samples(a) + samples(b)).first { a.matches($0) && b.matches($0) }
    }

    static func overlap(_ a: CodePattern, _ b: CodePattern) -> Bool { witness(a, b) != nil }

    /// A limit line that a stricter line of the same block always undercuts: it allows at least
    /// as much over a window no longer, in every week where it applies.
    mutating func lintLimits() {
        for case .limit(let block) in file.declarations {
            for (i, line) in block.lines.enumerated() {
                for (k, other) in block.lines.enumerated() where k != i {
                    guard Linter.shadows(other, line), !(Linter.shadows(line, other) && k > i) else { continue }
                    let text = source.text(line.span), stricter = source.text(other.span)
                    warn(.shadowedLimit, "limit `\(text)` never binds", at: line.span,
                         label: "`\(stricter)` (line \(self.line(other.span))) is always at least as strict",
                         help: "remove it, or loosen the other line")
                    break
                }
            }
        }
    }

    /// Whether limit `a` always allows no more than limit `b`, wherever `b` applies.
    static func shadows(_ a: LimitLine, _ b: LimitLine) -> Bool {
        switch (a, b) {
        case (.sessions(let n, let per, let phase, _), .sessions(let m, let otherPer, let otherPhase, _)):
            return n <= m && atLeastAsLong(per.value, otherPer.value) && covers(phase, otherPhase)
        case (.dose(let x, let per, let phase, _), .dose(let y, let otherPer, let otherPhase, _)):
            // A line counts the doses of window sessions in its phase (all without one), so the
            // same reasoning as for session counts holds.
            return x <= y && atLeastAsLong(per.value, otherPer.value) && covers(phase, otherPhase)
        case (.benefitMaximum(let x, let per, _), .benefitMaximum(let y, let otherPer, _)):
            return x <= y && atLeastAsLong(per.value, otherPer.value)
        default:
            return false
        }
    }

    /// Whether phase `a` applies in every week where `b` does (no phase: every week).
    static func covers(_ a: Phase?, _ b: Phase?) -> Bool {
        switch (a, b) {
        case (nil, _): return true
        case (_, nil): return false
        case (.weeks(let a1, let b1)?, .weeks(let a2, let b2)?): return a1 <= a2 && b2 <= b1
        case (.fromWeek(let a1)?, .weeks(let a2, _)?), (.fromWeek(let a1)?, .fromWeek(let a2)?): return a1 <= a2
        case (.weeks?, .fromWeek?): return false
        }
    }

    /// Whether window `a` is certainly at least as long as window `b` (months are 28-31 days).
    static func atLeastAsLong(_ a: Duration, _ b: Duration) -> Bool {
        if a.unit == b.unit { return a.amount >= b.amount }
        return days(a).shortest >= days(b).longest
    }

    static func days(_ d: Duration) -> (shortest: Int, longest: Int) {
        let n = d.amount
        switch d.unit {
        case .days: return (n, n)
        case .weeks: return (n.multipliedReportingOverflow(by: 7).partialValue, n.multipliedReportingOverflow(by: 7).partialValue)
        case .months: return (n.multipliedReportingOverflow(by: 28).partialValue, n.multipliedReportingOverflow(by: 31).partialValue)
        case .years: return (n.multipliedReportingOverflow(by: 365).partialValue, n.multipliedReportingOverflow(by: 366).partialValue)
        }
    }
}
