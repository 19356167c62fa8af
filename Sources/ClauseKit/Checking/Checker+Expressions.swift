import Foundation

extension Checker {
    enum Scope { case global, element }

    mutating func resolveCriterion(_ c: Criterion, scope: Scope) -> ResolvedCriterion {
        ResolvedCriterion(expr: resolve(c.expr, scope: scope), label: c.label?.value, span: c.span)
    }

    /// Reports excessive nesting once per policy (the first place it is reached).
    mutating func reportNesting(_ message: String, at span: SourceSpan) {
        guard !reportedNesting else { return }
        reportedNesting = true
        error(.nestingTooDeep, message, at: span, help: "split the condition into fewer, flatter defines")
    }

    /// Reports a criterion whose static type cannot be true or false.
    mutating func expectBool(_ e: ResolvedExpr, context: String) {
        guard e.type != .bool, e.type != .any else { return }
        error(.typeMismatch, "\(context) must be true or false, but this is \(e.type.phrase)", at: e.span,
              help: "compare it with something, e.g. `patient.age >= 18`")
    }

    /// Resolves an expression. Checking recurses through here, `resolvePath`, `resolveDefineReference`
    /// and `resolveDefine` (a chain of defines) as deep as `maximumNesting`: these stay small, and
    /// the other kinds are resolved in `resolveOther`, so the stack holds little per level.
    mutating func resolve(_ expr: Expr, scope: Scope) -> ResolvedExpr {
        nesting += 1
        defer { nesting -= 1 }
        deepest = max(deepest, nesting)
        guard nesting <= Checker.maximumNesting else { return resolveTooDeep(at: expr.span) }
        switch expr.kind {
        case .path(let names): return resolvePath(names, span: expr.span, scope: scope)
        case .binary(let op, let lhs, let rhs): return resolveBinary(op, lhs, rhs, span: expr.span, scope: scope)
        default: return resolveOther(expr, scope: scope)
        }
    }

    mutating func resolveTooDeep(at span: SourceSpan) -> ResolvedExpr {
        reportNesting("expressions nest more than \(Checker.maximumNesting) levels deep, counted through defines", at: span)
        return ResolvedExpr(.constant(.bool(false)), span, .any)
    }

    /// Every kind but paths and binary operators.
    mutating func resolveOther(_ expr: Expr, scope: Scope) -> ResolvedExpr {
        let span = expr.span
        switch expr.kind {
        case .number(let d, _): return ResolvedExpr(.constant(.number(d)), span, .number)
        case .percent(let d): return ResolvedExpr(.constant(.number(d)), span, .number)
        case .money(let m): return ResolvedExpr(.constant(.money(m)), span, .money)
        case .date(let d): return ResolvedExpr(.constant(.date(d)), span, .date)
        case .duration(let d): return ResolvedExpr(.constant(.duration(d)), span, .duration)
        case .string(let s): return ResolvedExpr(.constant(.string(s)), span, .string)
        case .bool(let b): return ResolvedExpr(.constant(.bool(b)), span, .bool)
        case .list(let items):
            let resolved = items.map { resolve($0, scope: scope) }
            return ResolvedExpr(.list(resolved), span, .list)
        case .path(let names):
            return resolvePath(names, span: span, scope: scope)
        case .unary(let op, let operand):
            let r = resolve(operand, scope: scope)
            switch op {
            case .not, .documented:
                expectBool(r, context: "the operand of `\(op.rawValue)`")
                return ResolvedExpr(.unary(op, r), span, .bool)
            case .negate:
                if !Checker.isNegatable(r.type) {
                    error(.typeMismatch, "cannot negate \(r.type.phrase)", at: r.span)
                }
                return ResolvedExpr(.unary(op, r), span, r.type)
            }
        case .binary(let op, let lhs, let rhs):
            return resolveBinary(op, lhs, rhs, span: span, scope: scope)
        case .diagnosisIn(let set):
            let s = resolveCodeSet(set) ?? 0
            return ResolvedExpr(.diagnosisIn(codeSet: s), span, .bool)
        case .fda(let status):
            return ResolvedExpr(.fda(status), span, .bool)
        case .known(let names):
            if let first = names.first, let last = names.last {
                checkDeclaredPath(names, span: first.span.union(last.span), needsList: false)
            }
            return ResolvedExpr(.known(paths.path(names)), span, .bool)
        case .count(let list, let filter):
            let path = resolveListPath(list)
            let f = filter.map { resolveFilter($0, list: path) }
            return ResolvedExpr(.count(list: path, filter: f), span, .number)
        case .distinct(let list, let field, let filter, let table):
            let path = resolveListPath(list)
            let f = filter.map { resolveFilter($0, list: path) }
            var t: Int?
            if let table {
                t = tableIndex[table.text]
                if t != nil { used(.table, table) }
                if t == nil {
                    error(.undeclaredName, "unknown table `\(table.text)`", at: table.span,
                          label: suggestion(for: table.text, among: Array(tableIndex.keys)),
                          help: "declare it: `table \(table.text) { key: value … }`")
                }
            }
            return ResolvedExpr(.distinct(list: path, field: paths.path([field])[0], filter: f, table: t), span, .number)
        case .aggregate(let kind, let list, let field, let filter):
            let path = resolveListPath(list)
            let f = filter.map { resolveFilter($0, list: path) }
            // The field's values decide the type: numbers, money or durations to add, and dates too to order.
            return ResolvedExpr(.aggregate(kind, list: path, field: paths.path([field])[0], filter: f), span, .any)
        case .within(let value, let duration, let anchor):
            let v = resolve(value, scope: scope), d = resolve(duration, scope: scope), a = resolve(anchor, scope: scope)
            for side in [v, a] where side.type != .date && side.type != .any {
                error(.typeMismatch, "`within … of` compares dates, but this is \(side.type.phrase)", at: side.span)
            }
            if d.type != .duration && d.type != .any {
                error(.typeMismatch, "`within` takes a duration such as `30 days`, but this is \(d.type.phrase)", at: d.span)
            }
            return ResolvedExpr(.within(v, d, of: a), span, .bool)
        case .daysSince(let operand):
            let o = resolve(operand, scope: scope)
            if o.type != .date && o.type != .any {
                error(.typeMismatch, "`days since` takes a date, but this is \(o.type.phrase)", at: o.span)
            }
            return ResolvedExpr(.daysSince(o), span, .number)
        case .block(let kind, let entries):
            let resolved = entries.map { resolveCriterion($0, scope: scope) }
            for i in resolved.indices { expectBool(resolved[i].expr, context: "each criterion of a block") }
            if case .atLeast(let n) = kind, n > entries.count {
                error(.typeMismatch, "`at least \(n) of` a block of \(Plural.count(entries.count, "criterion", "criteria")) can never be met", at: span,
                      help: "lower the number or add criteria")
            }
            if entries.isEmpty {
                error(.unexpectedToken, "a criteria block needs at least one criterion", at: span)
            }
            return ResolvedExpr(.block(kind, resolved), span, .bool)
        }
    }

    /// A condition on one element of the list at `list`: a `where` filter or an element define's body.
    mutating func resolveFilter(_ e: Expr, list: [String], context: String = "a `where` condition") -> ResolvedExpr {
        let outer = currentList
        currentList = list
        defer { currentList = outer }
        let r = resolve(e, scope: .element)
        expectBool(r, context: context)
        return r
    }

    /// The list argument of `count`/`distinct`: a case path (a bare `sessions` etc. included).
    mutating func resolveListPath(_ names: [Name]) -> [String] {
        if names.count == 1, let first = names.first, defineIndex[first.text] != nil {
            error(.wrongKindOfName, "`\(first.text)` is a `define`; `count` and `distinct` read a list of the case",
                  at: first.span, help: "write a path such as `history.trials`")
        }
        if names.count == 1, let first = names.first, CaseList(rawValue: first.text) == nil {
            error(.undeclaredName, "unknown list `\(first.text)`", at: first.span,
                  label: suggestion(for: first.text, among: ["diagnoses", "documents", "sessions"]),
                  help: "a bare list name is `diagnoses`, `documents` or `sessions`; other lists are read by path, e.g. `history.trials`")
        }
        if names.count > 1 { checkDeclaredPath(names, span: names[0].span.union(names[names.count - 1].span), needsList: true) }
        return paths.path(names)
    }

    mutating func resolvePath(_ names: [Name], span: SourceSpan, scope: Scope) -> ResolvedExpr {
        if names.count == 1, let name = names.first, let i = defineIndex[name.text], let own = defineElements[i] {
            // An element define: only inside a `where` over its own list.
            if scope == .element, currentList == own {
                return resolveDefineReference(i, name: name, span: span)
            }
            let listText = own.joined(separator: ".")
            error(.wrongKindOfName, "`\(name.text)` describes an element of `\(listText)`, so it is usable only in a `where` over that list",
                  at: name.span, help: "write `count(\(listText) where \(name.text))` or use it inside such a `where`")
            return ResolvedExpr(.constant(.bool(false)), span, .bool)
        }
        if names.count == 1, scope != .element, let name = names.first, let i = defineIndex[name.text] {
            return resolveDefineReference(i, name: name, span: span)
        }
        return resolveOtherPath(names, span: span, scope: scope)
    }

    /// A bare name that is a define.
    mutating func resolveDefineReference(_ i: Int, name: Name, span: SourceSpan) -> ResolvedExpr {
        used(.define, name)
        // A resolved define's type alone, without copying its expression out of the table.
        let type: StaticType
        if defineState[i] == .done, let known = defineTypes[i] {
            type = known
        } else {
            type = resolveDefine(i, from: name.span)?.type ?? .any
        }
        let reach = nesting + (defineHeight[i] ?? 0)
        deepest = max(deepest, reach)
        if reach > Checker.maximumNesting { reportDefineTooDeep(name) }
        return ResolvedExpr(.define(i), span, type)
    }

    mutating func reportDefineTooDeep(_ name: Name) {
        reportNesting("`\(name.text)` nests more than \(Checker.maximumNesting) levels deep, counted through the defines it uses", at: name.span)
    }

    /// The roots of the case paths `file` reads outside `where` filters, the lists that
    /// `count` and the like read included, with the reserved roots and the `fields` roots.
    static func caseRoots(_ file: PolicyFile) -> Set<String> {
        var roots = Set(ReservedFields.all.compactMap(\.names.first))
        func visit(_ e: Expr) {
            e.forEachNode(intoFilters: false) { node in
                switch node.kind {
                case .path(let names) where names.count > 1: roots.insert(names[0].text)
                case .known(let names): if let first = names.first { roots.insert(first.text) }
                case .count(let list, _), .distinct(let list, _, _, _), .aggregate(_, let list, _, _):
                    // The list is read from the case; its filter is about the element.
                    if let first = list.first { roots.insert(first.text) }
                default: break
                }
            }
        }
        for decl in file.declarations {
            switch decl {
            case .define(let d): visit(d.value.expr)
            case .rule(let r):
                visit(r.when.expr)
                if let u = r.unless { visit(u.expr) }
            case .fields(let f): for field in f.fields { if let first = field.path.first { roots.insert(first.text) } }
            default: break
            }
        }
        return roots
    }

    /// A path that is not a bare define: an element field, a case path, or an error.
    mutating func resolveOtherPath(_ names: [Name], span: SourceSpan, scope: Scope) -> ResolvedExpr {
        if scope == .element, names.count > 1, !caseRoots.contains(names[0].text) {
            // A field nested in the element: `augmentation.drug_class` of a trial.
            return ResolvedExpr(.elementPath(paths.path(names)), span, .any)
        }
        if names.count == 1, let name = names.first {
            if scope == .element {
                // Shared like a path, so the case reader interns the field's key (`caseKeys`).
                return ResolvedExpr(.elementField(paths.path(names)[0]), span, .any)
            }
            if codeSetIndex[name.text] != nil {
                error(.wrongKindOfName, "`\(name.text)` is a code set, not a value", at: name.span,
                      help: "test a diagnosis with `diagnosis in \(name.text)`")
                return ResolvedExpr(.constant(.bool(false)), span, .any)
            }
            if CaseList(rawValue: name.text) != nil {
                return ResolvedExpr(.casePath(paths.path(names)), span, .list)
            }
            let candidates = Array(defineIndex.keys) + ["diagnoses", "documents", "sessions"]
            // In a define's body, a bare unknown name is most often a field of a list's element
            // (`weeks` of a trial): the help says how to describe an element.
            let help = defineStack.isEmpty
                ? "a bare name is a `define` or one of `diagnoses`, `documents`, `sessions`; read the case with a dotted path such as `patient.\(name.text)`"
                : "a bare name is a `define` or one of `diagnoses`, `documents`, `sessions`; read the case with a dotted path such as "
                    + "`patient.\(name.text)`, or, for a field of each element of a list, write `define NAME of LIST = …` (e.g. `of history.trials`)"
            error(.undeclaredName, "unknown name `\(name.text)`", at: name.span,
                  label: suggestion(for: name.text, among: candidates), help: help)
            return ResolvedExpr(.constant(.bool(false)), span, .any)
        }
        let type = checkDeclaredPath(names, span: span, needsList: false)
        usedPath(names, type)
        return ResolvedExpr(.casePath(paths.path(names)), span, type)
    }

    mutating func resolveBinary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, span: SourceSpan, scope: Scope) -> ResolvedExpr {
        // `X in CODESET`
        if op == .in, case .path(let names) = rhs.kind, names.count == 1, let name = names.first,
           let set = codeSetIndex[name.text] {
            used(.codeSet, name)
            let l = resolve(lhs, scope: scope)
            if l.type != .string, l.type != .any {
                error(.typeMismatch, "only a diagnosis code can be tested against code set `\(name.text)`, but this is \(l.type.phrase)", at: l.span)
            }
            return ResolvedExpr(.inCodeSet(l, codeSet: set), span, .bool)
        }
        // `X in TABLE`
        if op == .in, case .path(let names) = rhs.kind, names.count == 1, let name = names.first, let t = tableIndex[name.text] {
            used(.table, name)
            let l = resolve(lhs, scope: scope)
            if l.type != .string, l.type != .any {
                error(.typeMismatch, "only a string can be looked up in table `\(name.text)`, but this is \(l.type.phrase)", at: l.span)
            }
            return ResolvedExpr(.inTable(l, table: t), span, .bool)
        }
        let l = resolve(lhs, scope: scope)
        let r = resolve(rhs, scope: scope)
        switch op {
        case .and, .or:
            expectBool(l, context: "the operand of `\(op.rawValue)`")
            expectBool(r, context: "the operand of `\(op.rawValue)`")
            return ResolvedExpr(.binary(op, l, r), span, .bool)
        case .in:
            if r.type != .list, r.type != .any {
                error(.typeMismatch, "`in` needs a list or a code set on its right, but this is \(r.type.phrase)", at: r.span,
                      help: "write `x in [\"a\", \"b\"]` or `x in CODESET`")
            }
            return ResolvedExpr(.binary(op, l, r), span, .bool)
        case .equal, .notEqual:
            if let bad = Checker.incompatible(l, r) {
                error(.typeMismatch, "cannot compare \(l.type.phrase) with \(r.type.phrase)", at: bad.span)
            }
            return ResolvedExpr(.binary(op, l, r), span, .bool)
        case .less, .lessEqual, .greater, .greaterEqual:
            for side in Checker.unordered(l, r) {
                error(.typeMismatch, "`\(op.rawValue)` orders numbers, money, dates and durations, but this is \(side.type.phrase)",
                      at: side.span)
            }
            if let bad = Checker.incompatible(l, r) {
                error(.typeMismatch, "cannot compare \(l.type.phrase) with \(r.type.phrase)", at: bad.span)
            }
            return ResolvedExpr(.binary(op, l, r), span, .bool)
        case .add, .subtract, .multiply, .divide:
            let type = arithmeticType(op, l, r)
            return ResolvedExpr(.binary(op, l, r), span, type)
        }
    }

    static func isNegatable(_ type: StaticType) -> Bool {
        type == .number || type == .money || type == .duration || type == .any
    }

    /// Whether values of this type have no order and no arithmetic (booleans, strings, lists).
    static func isUnordered(_ type: StaticType) -> Bool {
        type == .bool || type == .string || type == .list
    }

    /// The operands, left first, whose type has no order; empty (no allocation) in the usual case.
    static func unordered(_ l: ResolvedExpr, _ r: ResolvedExpr) -> [ResolvedExpr] {
        let left = isUnordered(l.type), right = isUnordered(r.type)
        if !left && !right { return [] }
        return left && right ? [l, r] : left ? [l] : [r]
    }

    /// For two statically known types that can never be compared, the operand to blame (the right one).
    static func incompatible(_ l: ResolvedExpr, _ r: ResolvedExpr) -> ResolvedExpr? {
        guard l.type != .any, r.type != .any, l.type != r.type else { return nil }
        return r
    }

    mutating func arithmeticType(_ op: BinaryOperator, _ l: ResolvedExpr, _ r: ResolvedExpr) -> StaticType {
        for side in Checker.unordered(l, r) {
            error(.typeMismatch, "`\(op.rawValue)` does arithmetic, but this is \(side.type.phrase)", at: side.span)
            return .any
        }
        // With a side read from the case, the type is known only at evaluation.
        if l.type == .any || r.type == .any { return .any }
        switch (op, l.type, r.type) {
        case (.add, .number, .number), (.subtract, .number, .number),
             (.multiply, .number, .number), (.divide, .number, .number):
            return .number
        case (.add, .money, .money), (.subtract, .money, .money),
             (.multiply, .money, .number), (.multiply, .number, .money), (.divide, .money, .number):
            return .money
        case (.divide, .money, .money):
            return .number
        case (.subtract, .date, .date):
            return .duration
        case (.add, .date, .duration), (.subtract, .date, .duration), (.add, .duration, .date):
            return .date
        case (.add, .duration, .duration), (.subtract, .duration, .duration):
            return .duration
        case (.multiply, .duration, .number), (.multiply, .number, .duration):
            return .duration
        default:
            error(.typeMismatch, "cannot \(Checker.verb(op)) \(l.type.phrase) and \(r.type.phrase)", at: r.span,
                  help: l.type == .money && r.type == .number && (op == .add || op == .subtract)
                      ? "write the amount as money, e.g. `$40`" : nil)
            return .any
        }
    }

    static func verb(_ op: BinaryOperator) -> String {
        switch op {
        case .add: return "add"
        case .subtract: return "subtract"
        case .multiply: return "multiply"
        case .divide: return "divide"
        default: return op.rawValue
        }
    }
}
