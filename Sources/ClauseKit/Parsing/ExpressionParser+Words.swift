/// Expressions that start with a word: booleans, paths and the keyword forms.
extension Parser {
    // wordExpr := "true" | "false" | diagnosisIn | fdaStatus | "known" path | count | distinct
    //           | "any" block | atLeast | path
    mutating func parseWordExpression(_ keyword: Keyword?) throws(ParseFailure) -> Expr {
        let token = current
        switch keyword {
        case .true?, .false?:
            skip()
            return Expr(.bool(keyword == .true), token.span)
        case .diagnosis? where peek(1).keyword == .in:
            return try parseDiagnosisIn()
        case .fda?:
            return try parseFDAStatus()
        case .known?:
            skip()
            let path = try parsePath()
            return Expr(.known(path), span(from: token.span))
        case .count?:
            return try parseCount()
        case .distinct?:
            return try parseDistinct()
        case .any?:
            skip()
            guard check(.leftBrace) else { throw fail(expected: "`{` after `any`") }
            return try parseBlock(.any, start: token.span)
        case .at?:
            return try parseAtLeast()
        case .days? where peek(1).isWord && source.text(peek(1).span) == "since":
            // daysSince := "days" "since" unary
            skip()
            skip()
            try enterNesting()
            defer { depth -= 1 }
            let operand = try parseExpression(limit: Parser.unaryPower)
            return Expr(.daysSince(operand), span(from: token.span))
        case nil where peek(1).kind == .leftParen && Aggregate(rawValue: source.text(token.span)) != nil:
            return try parseAggregate()
        default:
            if isAtDeclarationStart { throw fail(expected: "an expression") }
            return Expr(.path(try parsePath()), span(from: token.span))
        }
    }

    // path := NAME ("." WORD)*       any word may follow a dot
    mutating func parsePath() throws(ParseFailure) -> [Name] {
        guard isName(current) else {
            throw fail(expected: "a name or a path such as `patient.age`")
        }
        let first = current.span  // the span alone: no copy of the token
        skip()
        // The names gather in `pathScratch` and are then copied into an array of exactly their
        // number (most paths have one or two): no room for four kept in every path of the tree.
        pathScratch.removeAll(keepingCapacity: true)
        pathScratch.append(Name(nameText(first), first))
        while match(.dot) != nil {
            pathScratch.append(try expectName("a field name after `.`"))
        }
        return Array(pathScratch)
    }

    // diagnosisIn := "diagnosis" "in" NAME
    private mutating func parseDiagnosisIn() throws(ParseFailure) -> Expr {
        let keyword = advance()
        skip()  // `in`
        guard isName(current) else {
            throw fail(expected: "the name of a code set after `diagnosis in`")
        }
        let name = try expectName("the name of a code set")
        return Expr(.diagnosisIn(name), span(from: keyword.span))
    }

    // fdaStatus := "fda" ("approved" | "off_label" | "investigational")
    private mutating func parseFDAStatus() throws(ParseFailure) -> Expr {
        let keyword = advance()
        let status: FDAStatus
        switch current.keyword {
        case .approved?: status = .approved
        case .off_label?: status = .offLabel
        case .investigational?: status = .investigational
        default: throw fail(expected: "`approved`, `off_label` or `investigational` after `fda`")
        }
        skip()
        return Expr(.fda(status), span(from: keyword.span))
    }

    // count := "count" "(" path ("where" expr)? ")"
    private mutating func parseCount() throws(ParseFailure) -> Expr {
        let keyword = advance()
        let (path, filter) = try parseListQuery(after: "count")
        return Expr(.count(list: path, filter: filter), span(from: keyword.span))
    }

    // distinct := "distinct" "(" (path | NAME "(" path ")") ("where" expr)? ")"
    //   the path's last segment names the field; with NAME, the table's values for the fields count
    private mutating func parseDistinct() throws(ParseFailure) -> Expr {
        let keyword = advance()
        try expect(.leftParen, "`(` after `distinct`")
        try enterNesting()
        defer { depth -= 1 }
        let open = current.span
        var path = try parsePath()
        var table: Name?
        if path.count == 1, match(.leftParen) != nil {
            // `distinct(TABLE(LIST.FIELD) …)`
            table = path[0]
            path = try parsePath()
            try expect(.rightParen, "`)` after the list's field")
        }
        var filter: Expr?
        if match(.where) != nil {
            filter = try parseExpression()
        }
        try expect(.rightParen, filter == nil ? "`where` or `)` after the list" : "`)` to close `distinct(`")
        guard path.count >= 2, let field = path.last else {
            report(.unexpectedToken, "`distinct` needs a list and a field, as in `distinct(history.trials.drug_class)`",
                   span(from: open), help: "the last segment of the path names the field whose values are counted")
            throw ParseFailure()
        }
        return Expr(.distinct(list: Array(path.dropLast()), field: field, filter: filter, table: table), span(from: keyword.span))
    }

    // aggregate := ("sum" | "min" | "max") "(" path "." WORD ("where" expr)? ")"
    private mutating func parseAggregate() throws(ParseFailure) -> Expr {
        let keyword = advance()
        let word = source.text(keyword.span)
        guard let kind = Aggregate(rawValue: word) else { throw fail(expected: "`sum`, `min` or `max`") }
        let open = current.span
        let (path, filter) = try parseListQuery(after: word)
        guard path.count >= 2, let field = path.last else {
            report(.unexpectedToken, "`\(word)` needs a list and a field, as in `\(word)(history.trials.weeks)`",
                   span(from: open), help: "the last segment of the path names the field whose values are taken")
            throw ParseFailure()
        }
        return Expr(.aggregate(kind, list: Array(path.dropLast()), field: field, filter: filter), span(from: keyword.span))
    }

    /// `"(" path ("where" expr)? ")"` after `count`, `distinct`, `sum`, `min` or `max`.
    private mutating func parseListQuery(after word: String) throws(ParseFailure) -> ([Name], Expr?) {
        try expect(.leftParen, "`(` after `\(word)`")
        try enterNesting()
        defer { depth -= 1 }
        let path = try parsePath()
        var filter: Expr?
        if match(.where) != nil {
            filter = try parseExpression()
        }
        try expect(.rightParen, filter == nil ? "`where` or `)` after the list" : "`)` to close `\(word)(`")
        return (path, filter)
    }

    // atLeast := "at" "least" INT "of" block
    private mutating func parseAtLeast() throws(ParseFailure) -> Expr {
        let keyword = advance()
        try expect(.least, "`least` after `at`, as in `at least 2 of { … }`")
        let count = try expectInteger("a whole number after `at least`")
        try expect(.of, "`of` after `at least \(count.value)`")
        guard check(.leftBrace) else { throw fail(expected: "`{` after `of`") }
        return try parseBlock(.atLeast(count.value), start: keyword.span)
    }

    /// A word that may be a bare name in an expression: any word but the expression keywords.
    func isName(_ token: Token) -> Bool {
        guard token.isWord else { return false }
        guard let keyword = token.keyword else { return true }
        return !Parser.isExpressionKeyword(keyword)
    }

    /// `expressionKeywords.contains(keyword)`, without hashing.
    static func isExpressionKeyword(_ keyword: Keyword) -> Bool {
        switch keyword {
        case .and, .or, .not, .in, .true, .false, .known, .count, .distinct, .fda, .any, .at, .where: return true
        default: return false
        }
    }
}
