import Foundation

/// Lowering of criteria to the fast lane (`FastPredicate`). Outside `where` filters every
/// expression gets a predicate: a node of its own where the lane has one, else its closure
/// (`SlowPredicate`). Inside a filter an expression without a node makes the lowering fail, and
/// the `count`/`distinct` around it runs by its closure.
extension ExprCompiler {
    /// At most this many defines nested inside one another in a fast predicate: the one limit
    /// of the language (the checker's), so the lane never answers where the closures would stop.
    static let fastDefineDepth = Checker.maximumNesting

    /// The policy's JSON keys, which the reader of its cases interns (`JSONKeyTable`).
    var keys: JSONKeyTable { policy.vocabulary.keys }

    /// The fast predicate of a rule's `when` or `unless` criterion.
    mutating func fastCriterion(_ c: ResolvedCriterion) -> FastPredicate {
        var e = c.expr
        // A bare define name is evaluated as the define's own expression (`criterion`).
        if case .define(let i) = c.expr.kind { e = policy.defines[i].expr }
        var depth = 0
        if let fast = fast(e, inFilter: false, depth: &depth) { return fast }
        return SlowPredicate(CompiledNode(run: criterion(c)))
    }

    /// `e`'s predicate, or nil when it has none (only inside a filter, or past the define depth).
    mutating func fast(_ e: ResolvedExpr, inFilter: Bool, depth: inout Int) -> FastPredicate? {
        if let node = fastNode(e, inFilter: inFilter, depth: &depth) { return node }
        guard !inFilter else { return nil }
        return SlowPredicate(CompiledNode(run: expr(e)))
    }

    private mutating func fastNode(_ e: ResolvedExpr, inFilter: Bool, depth: inout Int) -> FastPredicate? {
        switch e.kind {
        case .constant(.bool(let b)):
            return ConstantPredicate(b)
        case .casePath(let path):
            let key = path.joined(separator: ".")
            guard !CaseReader.hasTypedReader(key) else { return nil }
            return CaseBoolPredicate(path, keys: keys)
        case .elementField(let name):
            return inFilter ? ElementBoolPredicate(name, keys: keys) : nil
        case .define(let i):
            // Defines hold no element fields; inside a filter they are left to the closures.
            // Each define is lowered once and shared by its uses (as its closure is), so a
            // define used twice in another, itself used twice, … costs no more to compile.
            guard !inFilter, depth + defineHeight(i) <= ExprCompiler.fastDefineDepth else { return nil }
            if let done = fastDefines[i] { return done }
            var inner = 1
            let body = fastNode(policy.defines[i].expr, inFilter: false, depth: &inner)
            fastDefines[i] = .some(body)
            return body
        case .unary(.not, let operand):
            return fast(operand, inFilter: inFilter, depth: &depth).map(NotPredicate.init)
        case .binary(let op, let l, let r) where op == .and || op == .or:
            guard let left = fast(l, inFilter: inFilter, depth: &depth),
                  let right = fast(r, inFilter: inFilter, depth: &depth) else { return nil }
            return AndOrPredicate(left, right, stop: op == .or)
        case .binary(let op, let l, let r):
            return fastComparison(op, l, r, inFilter: inFilter, depth: &depth)
        case .diagnosisIn(let set):
            return inFilter ? nil : DiagnosisPredicate(codeSets[set])
        case .fda(let status):
            return FDAPredicate(status)
        case .block(let kind, let entries):
            var predicates: [FastPredicate] = []
            for entry in entries {
                var inner = entry.expr
                if case .define(let i) = inner.kind { inner = policy.defines[i].expr }
                guard let p = fast(inner, inFilter: inFilter, depth: &depth) else { return nil }
                predicates.append(p)
            }
            return BlockPredicate(predicates, needed: BlockTally(kind, count: entries.count).needed)
        default:
            return nil
        }
    }

    /// `number OP constant` or `constant OP number` (`numberComparison`'s shapes), and a string
    /// compared with string constants.
    private mutating func fastComparison(_ op: BinaryOperator, _ l: ResolvedExpr, _ r: ResolvedExpr,
                                         inFilter: Bool, depth: inout Int) -> FastPredicate? {
        if let strings = fastStringComparison(op, l, r, inFilter: inFilter) { return strings }
        let holds: ComparePredicate.Holds
        switch op {
        case .less: holds = .init(less: true, equal: false, greater: false)
        case .lessEqual: holds = .init(less: true, equal: true, greater: false)
        case .greater: holds = .init(less: false, equal: false, greater: true)
        case .greaterEqual: holds = .init(less: false, equal: true, greater: true)
        case .equal: holds = .init(less: false, equal: true, greater: false)
        case .notEqual: holds = .init(less: true, equal: false, greater: true)
        default: return nil
        }
        if case .constant(.number(let d)) = r.kind, let k = FixedNumber(d),
           let n = fastNumber(l, inFilter: inFilter, depth: &depth) {
            return ComparePredicate(n, k, flipped: false, holds: holds)
        }
        if case .constant(.number(let d)) = l.kind, let k = FixedNumber(d),
           let n = fastNumber(r, inFilter: inFilter, depth: &depth) {
            return ComparePredicate(n, k, flipped: true, holds: holds)
        }
        return nil
    }

    private mutating func fastNumber(_ e: ResolvedExpr, inFilter: Bool, depth: inout Int) -> FastNumber? {
        switch e.kind {
        case .casePath(let path):
            // Reserved fields have typed readers (`ReservedFields`): left to the closures.
            guard !CaseReader.hasTypedReader(path.joined(separator: ".")) else { return nil }
            return CaseNumber(path, keys: keys)
        case .elementField(let name):
            return inFilter ? ElementNumber(name, keys: keys) : nil
        case .count(let path, let filter), .distinct(let path, _, let filter, nil):
            // Filters do not nest: a count inside a filter is left to the closures; so is a
            // distinct count through a table.
            guard !inFilter else { return nil }
            var field: String?
            if case .distinct(_, let f, _, _) = e.kind { field = f }
            var predicate: FastPredicate?
            if let filter {
                guard let p = fast(filter, inFilter: true, depth: &depth) else { return nil }
                predicate = p
            }
            return CountNumber(path, field: field, filter: predicate, keys: keys)
        default:
            return nil
        }
    }

    /// `s == "…"`, `"…" == s`, `s != "…"`, `s in ["…", …]` for a string read from the case.
    private func fastStringComparison(_ op: BinaryOperator, _ l: ResolvedExpr, _ r: ResolvedExpr,
                                      inFilter: Bool) -> FastPredicate? {
        func strings(_ e: ResolvedExpr) -> [String]? {
            switch e.kind {
            case .constant(.string(let s)): return [s]
            case .constant(.list(let values)):
                let all = values.compactMap { v -> String? in if case .string(let s) = v { return s } else { return nil } }
                return all.count == values.count ? all : nil
            case .list(let items):
                let all = items.compactMap { i -> String? in if case .constant(.string(let s)) = i.kind { return s } else { return nil } }
                return all.count == items.count ? all : nil
            default: return nil
            }
        }
        switch op {
        case .equal, .notEqual:
            if case .constant(.string(let k)) = r.kind, let s = fastString(l, inFilter: inFilter) {
                return StringInPredicate(s, [k], negated: op == .notEqual)
            }
            if case .constant(.string(let k)) = l.kind, let s = fastString(r, inFilter: inFilter) {
                return StringInPredicate(s, [k], negated: op == .notEqual)
            }
            return nil
        case .in:
            guard let list = strings(r), let s = fastString(l, inFilter: inFilter) else { return nil }
            return StringInPredicate(s, list, negated: false)
        default:
            return nil
        }
    }

    /// A reader of a string the case holds, for the fields that read as plain strings.
    private func fastString(_ e: ResolvedExpr, inFilter: Bool) -> FastString? {
        switch e.kind {
        case .casePath(let path):
            let key = path.joined(separator: ".")
            if let text = ReservedFields.byPath[key]?.text { return ReservedString(text) }
            guard !CaseReader.hasTypedReader(key) else { return nil }
            return CaseString(path, keys: keys)
        case .elementField(let name):
            return inFilter ? ElementString(name, keys: keys) : nil
        default:
            return nil
        }
    }

    /// How many defines nest in define `i`, itself included; a cycle (which the checker
    /// rejects) counts as too deep.
    mutating func defineHeight(_ i: Int) -> Int {
        if let h = defineHeights[i] { return h }
        defineHeights[i] = Int.max / 4  // while `i` is being measured: a cycle back to it
        var deepest = 0
        func visit(_ e: ResolvedExpr) {
            switch e.kind {
            case .define(let j): deepest = max(deepest, defineHeight(j))
            case .list(let items): items.forEach(visit)
            case .unary(_, let x), .inCodeSet(let x, _): visit(x)
            case .binary(_, let l, let r): visit(l); visit(r)
            case .count(_, let f), .distinct(_, _, let f, _), .aggregate(_, _, _, let f): f.map(visit)
            case .inTable(let x, _): visit(x)
            case .within(let a, let b, let c): visit(a); visit(b); visit(c)
            case .daysSince(let x): visit(x)
            case .block(_, let entries): entries.forEach { visit($0.expr) }
            case .constant, .casePath, .elementField, .elementPath, .diagnosisIn, .fda, .known: break
            }
        }
        visit(policy.defines[i].expr)
        let h = min(deepest, Int.max / 4) + 1
        defineHeights[i] = h
        return h
    }
}
