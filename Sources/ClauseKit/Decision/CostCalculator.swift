import Foundation

/// The member's and the plan's shares, session by session, in exact cents (LANGUAGE.md §4).
enum CostCalculator {
    /// All sessions billed to the member in full (a denial).
    static func uncovered(tier: String?, billed: Money, sessions: Int) -> CostShare {
        var rows: [SessionCost] = []
        var total = Money.zero
        rows.reserveCapacity(max(0, min(sessions, 10_000)))
        for n in 0..<max(0, min(sessions, 10_000)) {
            rows.append(SessionCost(number: n + 1, covered: false, allowed: billed, deductible: .zero, copay: .zero,
                                    coinsurance: .zero, overMaximum: .zero, outOfPocketCapped: false,
                                    patientPays: billed, planPays: .zero))
        }
        total = multiply(billed, sessions) ?? Money(cents: Int64.max)
        return CostShare(tier: tier, planPays: .zero, patientPays: total, sessions: rows, ifRequirementsMet: false)
    }

    static func multiply(_ m: Money, _ n: Int) -> Money? {
        let (r, o) = m.cents.multipliedReportingOverflow(by: Int64(n))
        return o ? nil : Money(cents: r)
    }

    /// Rounds `amount × fraction` half to even, in cents.
    static func percentage(_ amount: Money, _ fraction: Decimal) -> Money {
        var product = Decimal(amount.cents) * fraction
        var rounded = Decimal()
        NSDecimalRound(&rounded, &product, 0, .bankers)
        return Money(cents: NSDecimalNumber(decimal: rounded).int64Value)
    }

    /// The tier's coinsurance fraction in fixed form, when it has one that fits.
    static func fixedRate(_ tier: Tier) -> FixedNumber? {
        switch tier.cost {
        case .coinsurance(let p), .copayThenCoinsurance(_, let p): return FixedNumber(p)
        case .copay, .notCovered: return nil
        }
    }

    /// `percentage(amount, fraction)` in integers when `rate` (the same fraction in fixed
    /// form) allows, rounding half to even as `NSDecimalRound` does; nil when it would overflow.
    static func percentage(_ amount: Money, _ fraction: Decimal, rate: FixedNumber?) -> Money {
        if let rate, let m = fixedPercentage(amount.cents, rate) { return m }
        return percentage(amount, fraction)
    }

    static func fixedPercentage(_ cents: Int64, _ rate: FixedNumber) -> Money? {
        guard rate.scale >= 0, rate.scale <= 18 else { return nil }
        let (product, overflow) = cents.multipliedReportingOverflow(by: rate.units)
        guard !overflow else { return nil }
        let divisor = FixedNumber.powers[rate.scale]
        var quotient = product / divisor
        let twice = (product % divisor).magnitude * 2  // < 2 × 10^18: fits
        if twice > divisor.magnitude || (twice == divisor.magnitude && quotient % 2 != 0) {
            quotient += product < 0 ? -1 : 1
        }
        return Money(cents: quotient)
    }

    /// The cost of `covered` sessions (the rest uncovered), or nil when a fact it needs is missing;
    /// then `missing` lists the case paths.
    /// `tierIndex` is the provider's tier in `policy.tiers`.
    static func cost(policy: CheckedPolicy, patientCase: PatientCase, tierIndex: Int?, covered: Int,
                     benefits: [BenefitMaximumCheck], rate: FixedNumber?, missing: inout [String]) -> CostShare? {
        let request = patientCase.request
        guard let billed = request.billedPerSession else {
            missing.append("request.billed_per_session")
            return nil
        }
        guard let tierIndex else {
            missing.append("provider.network")
            return nil
        }
        if policy.tiers[tierIndex].afterDeductible && patientCase.deductibleRemaining == nil { missing.append("plan.deductible_remaining") }
        if patientCase.outOfPocketRemaining == nil { missing.append("plan.out_of_pocket_remaining") }
        guard missing.isEmpty else { return nil }
        let tierCost = policy.tiers[tierIndex].cost

        var deductibleLeft = policy.tiers[tierIndex].afterDeductible ? (patientCase.deductibleRemaining ?? .zero) : .zero
        var outOfPocketLeft = patientCase.outOfPocketRemaining ?? .zero
        var benefitLeft: Money?
        for b in benefits { benefitLeft = min(benefitLeft ?? b.remaining, b.remaining) }
        var rows: [SessionCost] = []
        var planTotal = Money.zero, patientTotal = Money.zero

        // Every covered session is costed; at most `rowCount` rows are kept for display.
        let rowCount = max(0, min(request.sessions, 100_000))
        rows.reserveCapacity(rowCount)
        for n in 0..<max(rowCount, min(covered, request.sessions)) {
            var row = SessionCost(number: n + 1, covered: n < covered, allowed: billed, deductible: .zero, copay: .zero,
                                  coinsurance: .zero, overMaximum: .zero, outOfPocketCapped: false,
                                  patientPays: billed, planPays: .zero)
            if n < covered {
                // The deductible first, then copay and coinsurance on the rest.
                let toDeductible = min(billed, deductibleLeft)
                deductibleLeft = Money(cents: deductibleLeft.cents - toDeductible.cents)
                let rest = Money(cents: billed.cents - toDeductible.cents)
                var copay = Money.zero, coinsurance = Money.zero
                switch tierCost {
                case .copay(let c):
                    copay = min(c, rest)
                case .coinsurance(let p):
                    coinsurance = percentage(rest, p, rate: rate)
                case .copayThenCoinsurance(let c, let p):
                    copay = min(c, rest)
                    coinsurance = percentage(Money(cents: rest.cents - copay.cents), p, rate: rate)
                case .notCovered:
                    coinsurance = rest
                }
                var share = toDeductible.cents + copay.cents + coinsurance.cents
                if share > outOfPocketLeft.cents {
                    share = outOfPocketLeft.cents
                    row.outOfPocketCapped = true
                }
                outOfPocketLeft = Money(cents: outOfPocketLeft.cents - share)
                row.deductible = toDeductible
                row.copay = copay
                row.coinsurance = coinsurance
                var plan = billed.cents - share
                // A benefit maximum cuts the plan's payment; the member pays the rest,
                // which does not count towards the out-of-pocket maximum.
                if let left = benefitLeft {
                    let paid = min(plan, left.cents)
                    row.overMaximum = Money(cents: plan - paid)
                    share += plan - paid
                    plan = paid
                    benefitLeft = Money(cents: left.cents - paid)
                }
                row.patientPays = Money(cents: share)
                row.planPays = Money(cents: plan)
            }
            if n < rowCount { rows.append(row) }
            guard let p = planTotal.adding(row.planPays), let m = patientTotal.adding(row.patientPays) else {
                missing.append("request.billed_per_session")
                return nil
            }
            planTotal = p
            patientTotal = m
        }
        // Sessions beyond those costed above are uncovered, billed in full.
        let costed = max(rowCount, min(covered, request.sessions))
        if request.sessions > costed, let extra = multiply(billed, request.sessions - costed),
           let m = patientTotal.adding(extra) {
            patientTotal = m
        }
        return CostShare(tier: policy.tiers[tierIndex].name, planPays: planTotal, patientPays: patientTotal, sessions: rows,
                         ifRequirementsMet: false)
    }
}

/// How a tier's cost reads in words, the one wording every output uses (text, HTML report,
/// CRD qualifications): `coinsurance 20%`, `copay $40.00`, `copay $10.00 then coinsurance 10%`,
/// `not covered`, each followed by ` after deductible` when the tier says so.
extension TierCost {
    public var costDescription: String {
        switch self {
        case .coinsurance(let p): return "coinsurance \(TierCost.percent(p))"
        case .copay(let m): return "copay \(m.dollars)"
        case .copayThenCoinsurance(let m, let p): return "copay \(m.dollars) then coinsurance \(TierCost.percent(p))"
        case .notCovered: return "not covered"
        }
    }

    /// A coinsurance fraction as a percentage: 0.2 is `20%`, 0.125 is `12.5%`.
    public static func percent(_ fraction: Decimal) -> String {
        "\(NSDecimalNumber(decimal: fraction * 100).stringValue)%"
    }
}

extension Tier {
    /// The tier's cost in words (`TierCost.costDescription`), with ` after deductible`.
    public var costDescription: String {
        cost.costDescription + (afterDeductible ? " after deductible" : "")
    }
}
