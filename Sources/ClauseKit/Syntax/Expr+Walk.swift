extension Expr {
    /// Visits this expression and every expression inside it, parents first. With
    /// `intoFilters: false` the `where` filters of `count`, `distinct`, `sum`/`min`/`max` are not
    /// entered: what they read is about one element of the list, not the case. The one walk over
    /// expressions for the checker's case roots and the lints.
    public func forEachNode(intoFilters: Bool = true, _ visit: (Expr) -> Void) {
        visit(self)
        switch kind {
        case .list(let items): for item in items { item.forEachNode(intoFilters: intoFilters, visit) }
        case .unary(_, let x), .daysSince(let x): x.forEachNode(intoFilters: intoFilters, visit)
        case .binary(_, let l, let r):
            l.forEachNode(intoFilters: intoFilters, visit)
            r.forEachNode(intoFilters: intoFilters, visit)
        case .count(_, let f), .distinct(_, _, let f, _), .aggregate(_, _, _, let f):
            if intoFilters, let f { f.forEachNode(intoFilters: intoFilters, visit) }
        case .within(let a, let b, let c): for x in [a, b, c] { x.forEachNode(intoFilters: intoFilters, visit) }
        case .block(_, let entries): for entry in entries { entry.expr.forEachNode(intoFilters: intoFilters, visit) }
        default: break
        }
    }
}
