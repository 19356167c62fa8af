/// The bulletin fields of the policy header (`number`, `revised`, `reviewed`, `source`).
/// Duplicates are reported by the parser.
extension Checker {
    mutating func checkBulletin(_ header: PolicyHeader?) -> PolicyBulletin {
        guard let h = header else { return PolicyBulletin() }
        var bulletin = PolicyBulletin(number: h.number?.value, revised: h.revised?.value,
                                      reviewed: h.reviewed?.value, source: h.source?.value)
        if let s = h.source, !PolicyBulletin.isWebAddress(s.value) {
            error(.invalidAddress, "`source` must be the bulletin's web address, not \(ExpressionPrinter.quote(s.value))",
                  at: s.span, label: "not an http(s) URL",
                  help: "write the address the bulletin is published at, as in `source \"https://example.com/policies/cpb-0938.html\"`")
            bulletin.source = nil
        }
        // A revision is also a review: the last review is never earlier than the last revision.
        if let revised = h.revised, let reviewed = h.reviewed, reviewed.value < revised.value {
            error(.invalidDateOrder, "the bulletin was last reviewed on \(reviewed.value), before its last revision on \(revised.value)",
                  at: reviewed.span, label: "earlier than `revised`",
                  help: "a revision is also a review: `reviewed` is the date of the last review, revision or not, so it is never earlier than `revised`")
        }
        return bulletin
    }
}
