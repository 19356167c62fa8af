import Foundation

/// Limits, network tiers and durations.
extension Parser {
    // limit := "limit" NAME "{" limitLine* "}"
    mutating func parseLimit() throws(ParseFailure) -> LimitDecl {
        let keyword = advance()
        let treatment = try expectName("a treatment name after `limit`")
        try expect(.leftBrace, "`{` after the limit's treatment")
        var lines: [LimitLine] = []
        while !check(.rightBrace) {
            lines.append(try parseLimitLine())
        }
        skip()
        return LimitDecl(treatment: treatment, lines: lines, span: span(from: keyword.span))
    }

    // limitLine := INT ("sessions" | "session") "per" duration phase?
    //            | NUMBER "mg" "per" duration phase?
    //            | MONEY "per" duration
    //            | ("initial" | "continuation")? "authorization" "lasts" duration
    //            | "new" "course" "after" duration "without" "sessions"
    private mutating func parseLimitLine() throws(ParseFailure) -> LimitLine {
        let start = current.span
        switch current.kind {
        case .number(let value, _) where peek(1).isWord && source.text(peek(1).span) == "mg":
            skip()
            skip()
            try expect(.per, "`per` and a duration after `mg`, as in `168 mg per 7 days`")
            let per = try parseDuration()
            let phase = try parsePhase()
            return .dose(milligrams: value, per: per, phase: phase, span: span(from: start))
        case .number:
            let count = try expectInteger("a whole number of sessions")
            guard check(.sessions) || isWord("session") else {
                throw fail(expected: "`sessions` after the number of sessions (or `mg` for a dose limit)")
            }
            skip()
            try expect(.per, "`per` and a duration after `sessions`, as in `8 sessions per 28 days`")
            let per = try parseDuration()
            let phase = try parsePhase()
            return .sessions(count: count.value, per: per, phase: phase, span: span(from: start))
        case .money(let cents):
            skip()
            try expect(.per, "`per` and a duration after the amount, as in `$6,000 per 365 days`")
            let per = try parseDuration()
            return .benefitMaximum(amount: Money(cents: cents), per: per, span: span(from: start))
        case .word(.authorization):
            skip()
            try expect(.lasts, "`lasts` after `authorization`")
            let duration = try parseDuration()
            return .authorizationLasts(duration, review: nil, span: span(from: start))
        case .word(nil) where ReviewKind(rawValue: source.text(current.span)) != nil:
            let review = ReviewKind(rawValue: source.text(advance().span))
            try expect(.authorization, "`authorization lasts` after `\(review?.rawValue ?? "")`, as in `continuation authorization lasts 6 months`")
            try expect(.lasts, "`lasts` after `authorization`")
            let duration = try parseDuration()
            return .authorizationLasts(duration, review: review, span: span(from: start))
        case .word(nil) where isWord("new"):
            skip()
            try expectWord("course", "`course` after `new`, as in `new course after 6 months without sessions`")
            try expect(.after, "`after` and a duration, as in `new course after 6 months without sessions`")
            let gap = try parseDuration()
            try expectWord("without", "`without sessions` after the duration")
            try expect(.sessions, "`sessions` after `without`")
            return .newCourse(after: gap, span: span(from: start))
        default:
            throw fail(expected: "a limit line (`N sessions per …`, `N mg per …`, `$X per …`, `authorization lasts …`, `new course after …`) or `}`")
        }
    }

    // phase := "during" ("weeks" | "week") INT "-" INT | "from" ("week" | "weeks") INT
    private mutating func parsePhase() throws(ParseFailure) -> Phase? {
        if match(.during) != nil {
            guard match(.weeks) != nil || match(.week) != nil else {
                throw fail(expected: "`weeks` after `during`, as in `during weeks 1-4`")
            }
            let first = try expectInteger("the first week of the phase")
            try expect(.minus, "`-` between the phase's first and last week, as in `1-4`")
            let last = try expectInteger("the last week of the phase")
            return .weeks(first.value, last.value)
        }
        if match(.from) != nil {
            guard match(.week) != nil || match(.weeks) != nil else {
                throw fail(expected: "`week` after `from`, as in `from week 5`")
            }
            return .fromWeek(try expectInteger("a week number after `from week`").value)
        }
        return nil
    }

    // duration := INT unit     unit := "day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years"
    mutating func parseDuration() throws(ParseFailure) -> DurationLiteral {
        let amount = try expectInteger("a duration such as `28 days`")
        guard let unit = current.keyword.flatMap(Parser.durationUnit) else {
            throw fail(expected: "a unit (`days`, `weeks`, `months` or `years`) after `\(amount.value)`")
        }
        skip()
        return DurationLiteral(Duration(amount.value, unit), span(from: amount.span))
    }

    static func durationUnit(_ keyword: Keyword) -> Duration.Unit? {
        switch keyword {
        case .day, .days: return .days
        case .week, .weeks: return .weeks
        case .month, .months: return .months
        case .year, .years: return .years
        default: return nil
        }
    }

    // network := "network" "{" tier* "}"
    mutating func parseNetwork() throws(ParseFailure) -> NetworkDecl {
        let keyword = advance()
        try expect(.leftBrace, "`{` after `network`")
        var tiers: [TierDecl] = []
        while !check(.rightBrace) {
            tiers.append(try parseTier())
        }
        skip()
        return NetworkDecl(tiers: tiers, span: span(from: keyword.span))
    }

    // tier := "tier" NAME cost ("after" "deductible")? ("," "requires" "referral")?
    private mutating func parseTier() throws(ParseFailure) -> TierDecl {
        let keyword = try expect(.tier, "`tier` or `}` in the network")
        let name = try expectName("the tier's name after `tier`")
        let cost = try parseTierCost()
        var afterDeductible = false
        if match(.after) != nil {
            try expect(.deductible, "`deductible` after `after`")
            afterDeductible = true
        }
        var requiresReferral = false
        if match(.comma) != nil {
            try expect(.requires, "`requires referral` after `,`")
            try expect(.referral, "`referral` after `requires`")
            requiresReferral = true
        }
        return TierDecl(name: name, cost: cost, afterDeductible: afterDeductible,
                        requiresReferral: requiresReferral, span: span(from: keyword.span))
    }

    // cost := "coinsurance" PERCENT | "copay" MONEY ("coinsurance" PERCENT)? | "not" "covered"
    private mutating func parseTierCost() throws(ParseFailure) -> TierCost {
        if match(.coinsurance) != nil {
            return .coinsurance(try expectPercent())
        }
        if match(.copay) != nil {
            guard case .money(let cents) = current.kind else {
                throw fail(expected: "an amount such as `$40` after `copay`")
            }
            skip()
            if match(.coinsurance) != nil {
                return .copayThenCoinsurance(Money(cents: cents), try expectPercent())
            }
            return .copay(Money(cents: cents))
        }
        if match(.not) != nil {
            try expect(.covered, "`covered` after `not`")
            return .notCovered
        }
        throw fail(expected: "the tier's cost (`coinsurance P%`, `copay $X` or `not covered`)")
    }

    private mutating func expectPercent() throws(ParseFailure) -> Decimal {
        guard case .percent(let fraction) = current.kind else {
            throw fail(expected: "a percentage such as `20%` after `coinsurance`")
        }
        skip()
        return fraction
    }
}
