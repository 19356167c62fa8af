/// Lints over review kinds (LANGUAGE.md §4, courses and review kinds): cover rules restricted to
/// one kind, and a rule's own authorization length against its limit block.
extension Linter {
    /// A treatment whose cover rules all apply to one review kind only: a request of the other
    /// kind has no cover rule left and is denied `no_coverage_rule`. Every first request of a
    /// course is `initial`, and every later one `continuation`, so this is never intended.
    mutating func lintReviewKinds() {
        for case .treatment(let t) in file.declarations {
            let covers = coverRules(for: [t.name])
            guard let first = covers.first?.review else { continue }
            for kind in ReviewKind.allCases where !covers.contains(where: { $0.review == nil || $0.review?.kind == kind }) {
                let other = first.kind.rawValue
                warn(.reviewKindWithoutCover, "\(kind.rawValue) requests for `\(t.name.text)` can never be covered",
                     at: first.span, label: "every cover rule of `\(t.name.text)` is `for \(other)`",
                     help: "add a `cover \(t.name.text) … for \(kind.rawValue)` rule, or drop `for \(other)` from a rule "
                         + "that should apply to both; otherwise \(ReviewKind.describe(kind)) is denied (`no_coverage_rule`)")
            }
        }
    }

    /// `requires prior_authorization lasting D` longer than the limit block's authorization
    /// length for a review kind the rule applies to: the rule's own length wins, so its approvals
    /// outlast what the block says an authorization lasts.
    mutating func lintRuleAuthorizationLengths() {
        for rule in coverRules {
            guard let lasting = rule.requirements.lazy.compactMap({ r -> DurationLiteral? in
                if case .priorAuthorization(_, let lasting?) = r { return lasting }
                return nil
            }).first else { continue }
            let kinds = rule.review.map { [$0.kind] } ?? ReviewKind.allCases
            search: for name in rule.treatments {
                guard let t = policy.treatmentIndex(named: name.text), policy.limits.indices.contains(t) else { continue }
                for kind in kinds {
                    guard let block = policy.limits[t].authorization(for: kind),
                          Linter.days(lasting.value).shortest > Linter.days(block.lasts).longest else { continue }
                    let own = policy.limits[t].reviewAuthorizationLasts[kind] != nil
                    let line = (own ? "\(kind.rawValue) " : "") + "authorization lasts \(block.lasts)"
                    warn(.authorizationOutlastsLimit,
                         "this rule's prior authorization lasts longer than `\(name.text)`'s limit block allows",
                         at: lasting.span, label: "`lasting \(lasting.value)` is longer than `\(line)` (line \(block.line))",
                         help: "the rule's own length wins over the block's; shorten `lasting`, or change the block's line "
                             + "if longer approvals are intended")
                    break search
                }
            }
        }
    }
}

extension ReviewKind {
    /// The requests of a kind, in words.
    static func describe(_ kind: ReviewKind) -> String {
        switch kind {
        case .initial: return "the first request of every course"
        case .continuation: return "every request after a course's first session"
        }
    }
}
