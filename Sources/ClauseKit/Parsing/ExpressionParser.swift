/// Expressions, parsed by precedence climbing over a table of binding powers (as Lua's
/// `subexpr` does): an operator binds while its left power exceeds the current limit, and
/// its right operand is parsed with its right power as the new limit. Equal left and right
/// powers make an operator left-associative.
extension Parser {
    /// Binding powers, loosest first. Comparisons and `in` share one level and do not chain.
    static let bindingPowers: [BinaryOperator: (left: Int, right: Int)] = [
        .or: (1, 1),
        .and: (2, 2),
        .equal: (3, 3), .notEqual: (3, 3), .less: (3, 3), .lessEqual: (3, 3),
        .greater: (3, 3), .greaterEqual: (3, 3), .in: (3, 3),
        .add: (4, 4), .subtract: (4, 4),
        .multiply: (5, 5), .divide: (5, 5),
    ]

    /// `bindingPowers[op]`, without hashing.
    static func bindingPower(_ op: BinaryOperator) -> (left: Int, right: Int) {
        switch op {
        case .or: return (1, 1)
        case .and: return (2, 2)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in: return (3, 3)
        case .add, .subtract: return (4, 4)
        case .multiply, .divide: return (5, 5)
        }
    }

    /// Unary `-` and `not` bind tighter than every binary operator.
    static let unaryPower = 6

    /// Words that cannot start a path: they begin or continue other expressions.
    /// (`diagnosis` is a path unless `in` follows it.)
    static let expressionKeywords: Set<Keyword> = [
        .and, .or, .not, .in, .true, .false, .known, .count, .distinct, .fda, .any, .at, .where,
    ]

    // criterion := expr STRING?
    mutating func parseCriterion() throws(ParseFailure) -> Criterion {
        let expr = try parseExpression()
        var label: StringLiteral?
        if case .string(let value) = current.kind {
            label = StringLiteral(value, advance().span)
        }
        return Criterion(expr: expr, label: label)
    }

    // expr := unary (binaryOp expr)*      binding powers from `bindingPowers`
    mutating func parseExpression(limit: Int = 0) throws(ParseFailure) -> Expr {
        var lhs = try parseUnary()
        // Each operator applied here deepens the tree by one level; they count towards the nesting limit.
        var levels = 0
        defer { depth -= levels }
        var lastComparison: BinaryOperator?
        while true {
            // `X within D of Y`: a comparison (it does not chain), with `within` and `of` as its words.
            if isWord("within"), Parser.bindingPower(.lessEqual).left > limit {
                if let previous = lastComparison {
                    report(.unexpectedToken, "comparisons cannot be chained: `\(previous.rawValue)` followed by `within`",
                           current.span, help: "join the comparisons with `and`")
                    throw ParseFailure()
                }
                try enterNesting()
                levels += 1
                skip()
                let power = Parser.bindingPower(.lessEqual).right
                let duration = try parseExpression(limit: power)
                try expect(.of, "`of` after the duration, as in `scores.phq9_date within 30 days of request.date`")
                let anchor = try parseExpression(limit: power)
                lhs = Expr(.within(lhs, duration, of: anchor), lhs.span.union(anchor.span))
                lastComparison = .lessEqual
                continue
            }
            guard let op = binaryOperator(current), case let power = Parser.bindingPower(op), power.left > limit else { break }
            if op.isComparison, let previous = lastComparison {
                report(.unexpectedToken, "comparisons cannot be chained: `\(previous.rawValue)` followed by `\(op.rawValue)`",
                       current.span, help: "join the comparisons with `and`, as in `a < b and b < c`")
                throw ParseFailure()
            }
            try enterNesting()
            levels += 1
            skip()
            let rhs = try parseExpression(limit: power.right)
            lhs = Expr(.binary(op, lhs, rhs), lhs.span.union(rhs.span))
            lastComparison = op.isComparison ? op : nil
        }
        return lhs
    }

    private func binaryOperator(_ token: Token) -> BinaryOperator? {
        switch token.kind {
        case .plus: return .add
        case .minus: return .subtract
        case .star: return .multiply
        case .slash: return .divide
        case .equalEqual: return .equal
        case .bangEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .word(.in): return .in
        case .word(.and): return .and
        case .word(.or): return .or
        default: return nil
        }
    }

    /// Whether `token` can begin an operand (after a prefix word such as `documented`): a word
    /// other than a binary operator or `where`, a `(`, a `{`, `not` or `-`.
    static func startsOperand(_ token: Token) -> Bool {
        switch token.kind {
        case .word(.and?), .word(.or?), .word(.in?), .word(.where?): return false
        case .word, .leftParen, .leftBrace, .minus: return true
        default: return false
        }
    }

    // unary := ("-" | "not" | "documented") unary | primary
    private mutating func parseUnary() throws(ParseFailure) -> Expr {
        let op: UnaryOperator
        switch current.kind {
        case .minus: op = .negate
        case .word(.not): op = .not
        // `documented X`; `documented` alone (or before `.`, an operator or the end) stays a name.
        case .word(nil) where isWord("documented") && Parser.startsOperand(peek(1)):
            op = .documented
        default: return try parsePrimary()
        }
        try enterNesting()
        defer { depth -= 1 }
        let token = advance()
        // `documented` covers a whole comparison (`documented scores.phq9 >= 15`), not `and`/`or`.
        let operand = try parseExpression(limit: op == .documented ? Parser.bindingPower(.and).left : Parser.unaryPower)
        return Expr(.unary(op, operand), token.span.union(operand.span))
    }

    // primary := NUMBER | NUMBER unit | PERCENT | MONEY | DATE | STRING | "true" | "false"
    //          | "(" expr ")" | list | block | "diagnosis" "in" NAME | "fda" fdaStatus
    //          | "known" path | count | distinct | path
    private mutating func parsePrimary() throws(ParseFailure) -> Expr {
        let token = current
        switch token.kind {
        case .number(let value, let isInteger):
            if let unit = peek(1).keyword.flatMap(Parser.durationUnit) {
                guard isInteger, let amount = Int(source.text(token.span)) else {
                    report(.invalidNumber, "a duration needs a whole number, found `\(source.text(token.span))`", token.span)
                    throw ParseFailure()
                }
                skip()
                skip()
                return Expr(.duration(Duration(amount, unit)), span(from: token.span))
            }
            skip()
            return Expr(.number(value, isInteger: isInteger), token.span)
        case .percent(let value):
            skip()
            return Expr(.percent(value), token.span)
        case .money(let cents):
            skip()
            return Expr(.money(Money(cents: cents)), token.span)
        case .date(let day):
            skip()
            return Expr(.date(day), token.span)
        case .string(let value):
            skip()
            return Expr(.string(value), token.span)
        case .leftParen:
            return try parseParenthesized()
        case .leftBracket:
            return try parseList()
        case .leftBrace:
            return try parseBlock(.all, start: token.span)
        case .word(let keyword):
            return try parseWordExpression(keyword)
        default:
            throw fail(expected: "an expression")
        }
    }

    // "(" expr ")"   the expression's span grows to include the parentheses
    private mutating func parseParenthesized() throws(ParseFailure) -> Expr {
        try enterNesting()
        defer { depth -= 1 }
        let open = advance()
        let inner = try parseExpression()
        try expect(.rightParen, "`)` to close the parenthesis")
        return Expr(inner.kind, span(from: open.span))
    }

    // list := "[" (expr ("," expr)* ","?)? "]"
    private mutating func parseList() throws(ParseFailure) -> Expr {
        try enterNesting()
        defer { depth -= 1 }
        let open = advance()
        var elements: [Expr] = []
        while !check(.rightBracket) {
            elements.append(try parseExpression())
            if match(.comma) == nil { break }
        }
        try expect(.rightBracket, "`,` or `]` in the list")
        return Expr(.list(elements), span(from: open.span))
    }

    // block := "{" criterion* "}"      (after "any" or "at" "least" INT "of", or alone)
    mutating func parseBlock(_ kind: BlockKind, start: SourceSpan) throws(ParseFailure) -> Expr {
        try enterNesting()
        defer { depth -= 1 }
        try expect(.leftBrace, "`{` to open the block")
        // The criteria gather on a stack shared by nested blocks, then move to an array of
        // exactly their number: one allocation per block, no room wasted in the tree.
        let base = criterionStack.count
        defer { criterionStack.removeSubrange(base...) }
        while !check(.rightBrace) {
            if check(.endOfFile) || isAtDeclarationStart {
                throw fail(expected: "`}` to close the block")
            }
            criterionStack.append(try parseCriterion())
        }
        skip()
        // Moved off the stack (last first, then put back in order), not copied: no reference
        // count of a criterion's parts is touched.
        var entries: [Criterion] = []
        entries.reserveCapacity(criterionStack.count - base)
        while criterionStack.count > base { entries.append(criterionStack.removeLast()) }
        entries.reverse()
        return Expr(.block(kind, entries), span(from: start))
    }
}
