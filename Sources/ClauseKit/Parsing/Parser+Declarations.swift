/// The declarations: policy header, code sets, treatments, defines and rules.
extension Parser {
    // declaration := codes | treatment | define | rule | limit | network   (policy: see parseHeader)
    mutating func parseDeclaration() throws(ParseFailure) -> Declaration {
        switch current.keyword {
        case .codes: return .codes(try parseCodes())
        case .treatment: return .treatment(try parseTreatment())
        case .define: return .define(try parseDefine())
        case .cover, .deny: return .rule(try parseRule())
        case .limit: return .limit(try parseLimit())
        case .network: return .network(try parseNetwork())
        case .fields: return .fields(try parseFields())
        case nil where isWord("table") && peek(1).isWord: return .table(try parseTable())
        default:
            throw fail(expected: "a declaration (`policy`, `codes`, `treatment`, `define`, `cover`, `deny`, `limit`, `network` or `fields`)",
                       code: .expectedDeclaration)
        }
    }

    // table := "table" NAME STRING? "{" (entry ","?)* "}"   entry := (WORD | STRING) ":" (WORD | STRING)
    mutating func parseTable() throws(ParseFailure) -> TableDecl {
        let keyword = advance()
        let name = try expectName("the table's name after `table`")
        var label: StringLiteral?
        if case .string(let value) = current.kind { label = StringLiteral(value, advance().span) }
        try expect(.leftBrace, "`{` after the table's name")
        var entries: [TableEntry] = []
        while !check(.rightBrace) {
            let key = try tableWord("a key (a word or a string) or `}`")
            try expect(.colon, "`:` after the key, as in `sertraline: SSRI`")
            let value = try tableWord("the key's value (a word or a string)")
            entries.append(TableEntry(key: key, value: value))
            _ = match(.comma)
        }
        skip()
        return TableDecl(name: name, label: label, entries: entries, span: span(from: keyword.span))
    }

    /// A word or a string, as text.
    private mutating func tableWord(_ what: String) throws(ParseFailure) -> StringLiteral {
        if case .string(let value) = current.kind { return StringLiteral(value, advance().span) }
        guard current.isWord else { throw fail(expected: what) }
        let token = advance()
        return StringLiteral(source.text(token.span), token.span)
    }

    // policy := "policy" STRING "{" headerItem* "}"
    // headerItem := "payer" STRING | "version" STRING | "effective" DATE | "expires" DATE | appeals
    //             | "number" STRING | "revised" DATE | "reviewed" DATE | "source" STRING
    // The bulletin's words (`number`, `revised`, `reviewed`, `source`) are matched by text, so
    // they stay ordinary names everywhere else.
    mutating func parseHeader() throws(ParseFailure) -> PolicyHeader {
        let keyword = advance()
        let title = try expectString("the policy's title after `policy`")
        try expect(.leftBrace, "`{` after the policy's title")
        var header = PolicyHeader(title: title, span: keyword.span)
        while !check(.rightBrace) {
            let item = current
            switch item.keyword {
            case .payer:
                skip()
                let value = try expectString("the payer's name after `payer`")
                if header.payer == nil { header.payer = value } else { reportDuplicate(item) }
            case .version:
                skip()
                let value = try expectString("a version string after `version`")
                if header.version == nil { header.version = value } else { reportDuplicate(item) }
            case .effective:
                skip()
                let value = try expectDate("a date such as `2026-01-01` after `effective`")
                if header.effective == nil { header.effective = value } else { reportDuplicate(item) }
            case .expires:
                skip()
                let value = try expectDate("a date such as `2027-01-01` after `expires`")
                if header.expires == nil { header.expires = value } else { reportDuplicate(item) }
            default:
                switch item.isWord ? source.text(item.span) : "" {
                case "appeals":
                    let block = try parseAppeals()
                    if header.appeals == nil { header.appeals = block } else { reportDuplicate(item) }
                case "number":
                    skip()
                    let value = try expectString("the bulletin's number after `number`, as in `number \"CPB 0938\"`")
                    if header.number == nil { header.number = value } else { reportDuplicate(item) }
                case "revised":
                    skip()
                    let value = try expectDate("the date of the bulletin's last revision after `revised`, as in `revised 2025-03-10`")
                    if header.revised == nil { header.revised = value } else { reportDuplicate(item) }
                case "reviewed":
                    skip()
                    let value = try expectDate("the date of the bulletin's last review after `reviewed`, as in `reviewed 2025-06-01`")
                    if header.reviewed == nil { header.reviewed = value } else { reportDuplicate(item) }
                case "source":
                    skip()
                    let value = try expectString("the bulletin's address after `source`, as in `source \"https://example.com/cpb/0938.html\"`")
                    if header.source == nil { header.source = value } else { reportDuplicate(item) }
                default:
                    throw fail(expected: "`payer`, `version`, `effective`, `expires`, `number`, `revised`, `reviewed`, `source`, `appeals` or `}` in the policy header")
                }
            }
        }
        skip()
        header.span = span(from: keyword.span)
        return header
    }

    private mutating func reportDuplicate(_ item: Token) {
        let text = source.text(item.span)
        report(.duplicateName, "duplicate `\(text)` in the policy header", item.span,
               label: "`\(text)` was already given")
    }

    // codes := "codes" NAME "=" "icd10" "{" pattern ("," pattern)* ","? "}"
    mutating func parseCodes() throws(ParseFailure) -> CodeSetDecl {
        let keyword = advance()
        let name = try expectName("a name for the code set after `codes`")
        try expect(.equal, "`=` after the code set's name")
        let systemToken = try expect(.icd10, "`icd10` after `=`")
        let system = Name(source.text(systemToken.span), systemToken.span)
        try expect(.leftBrace, "`{` after `icd10`")
        var patterns: [CodePattern] = []
        patterns.reserveCapacity(8)
        repeat {
            if check(.rightBrace) && !patterns.isEmpty { break }  // trailing comma
            if let pattern = try parseCodePattern() { patterns.append(pattern) }
        } while match(.comma) != nil
        try expect(.rightBrace, "`,` or `}` after a code")
        return CodeSetDecl(name: name, system: system, patterns: patterns, span: span(from: keyword.span))
    }

    // pattern := CODE            e.g. F33.2 | F22 | F33.* | F10.2* | F32.0-F32.5
    /// Nil when the code is malformed (reported) so the rest of the set still parses.
    private mutating func parseCodePattern() throws(ParseFailure) -> CodePattern? {
        guard case .code(let written) = current.kind else {
            throw fail(expected: "a diagnosis code such as `F33.2`, `F33.*` or `F32.0-F32.5`")
        }
        let token = advance()
        let text = Parser.capitals(written)
        if let dash = text.utf8.firstIndex(of: UInt8(ascii: "-")) {
            let low = text[..<dash], high = text[text.utf8.index(after: dash)...]
            guard low.utf8.last != UInt8(ascii: "*"), high.utf8.last != UInt8(ascii: "*") else {
                report(.invalidCode, "invalid code range `\(written)`: a range's ends cannot be `*` patterns", token.span,
                       help: "write a range as `F32.0-F32.5`, or a prefix as `F32.*`")
                return nil
            }
            return CodePattern(.range(low: String(low), high: String(high)), token.span)
        }
        if text.utf8.last == UInt8(ascii: "*") {
            return CodePattern(.prefix(String(text.dropLast())), token.span)
        }
        return CodePattern(.code(text), token.span)
    }

    // treatment := "treatment" NAME STRING "{" (billing | fda)* "}"
    mutating func parseTreatment() throws(ParseFailure) -> TreatmentDecl {
        let keyword = advance()
        let name = try expectName("a name for the treatment after `treatment`")
        let display = try expectString("the treatment's display name (a string) after its name")
        try expect(.leftBrace, "`{` after the treatment's display name")
        var billing: [BillingLine] = []
        var fda: [FDAClause] = []
        while !check(.rightBrace) {
            if check(.billing) {
                billing.append(try parseBilling())
            } else if check(.fda) {
                fda.append(try parseFDAClause())
            } else {
                throw fail(expected: "`billing`, `fda` or `}` in the treatment")
            }
        }
        skip()
        return TreatmentDecl(name: name, displayName: display, billing: billing, fda: fda, span: span(from: keyword.span))
    }

    // billing := "billing" ("hcpcs" | "cpt") CODE ("," CODE)*
    private mutating func parseBilling() throws(ParseFailure) -> BillingLine {
        let keyword = advance()
        let system: BillingSystem
        if match(.hcpcs) != nil {
            system = .hcpcs
        } else if match(.cpt) != nil {
            system = .cpt
        } else {
            throw fail(expected: "`hcpcs` or `cpt` after `billing`")
        }
        var codes: [Name] = []
        repeat {
            guard case .code(let text) = current.kind else {
                throw fail(expected: "a billing code such as `J0013` or `96365`")
            }
            let token = advance()
            if text.utf8.contains(UInt8(ascii: "*")) || text.utf8.contains(UInt8(ascii: "-")) {
                report(.invalidCode, "invalid billing code `\(text)`: billing codes cannot be patterns or ranges", token.span)
            } else {
                codes.append(Name(Parser.capitals(text), token.span))
            }
        } while match(.comma) != nil
        return BillingLine(system: system, codes: codes, span: span(from: keyword.span))
    }

    // fda := "fda" "approved" "for" NAME ("since" DATE)? | "fda" "investigational" ("for" NAME)?
    private mutating func parseFDAClause() throws(ParseFailure) -> FDAClause {
        let keyword = advance()
        if match(.approved) != nil {
            try expect(.for, "`for` and a code set after `fda approved`")
            let codeSet = try expectName("the name of a code set after `for`")
            var since: DateLiteral?
            if match(.since) != nil {
                since = try expectDate("a date such as `2019-03-05` after `since`")
            }
            return .approved(codeSet: codeSet, since: since, span: span(from: keyword.span))
        }
        if match(.investigational) != nil {
            var codeSet: Name?
            if match(.for) != nil {
                codeSet = try expectName("the name of a code set after `for`")
            }
            return .investigational(codeSet: codeSet, span: span(from: keyword.span))
        }
        throw fail(expected: "`approved` or `investigational` after `fda`")
    }

    // define := "define" NAME "=" criterion
    mutating func parseDefine() throws(ParseFailure) -> DefineDecl {
        let keyword = advance()
        let name = try expectName("a name after `define`")
        if let reserved = Keyword(rawValue: name.text), Parser.expressionKeywords.contains(reserved) {
            report(.unexpectedToken, "`\(name.text)` is a keyword and cannot name a definition", name.span)
        }
        // define := "define" NAME ("of" path)? "=" criterion
        var element: [Name]?
        if match(.of) != nil {
            element = try parsePath()
        }
        try expect(.equal, element == nil ? "`=` (or `of` and a list) after the definition's name" : "`=` after the list")
        let value = try parseCriterion()
        var define = DefineDecl(name: name, value: value, span: span(from: keyword.span))
        define.element = element
        return define
    }

    // rule := ("cover" | "deny") NAME ("," NAME)* STRING? ("for" ("initial" | "continuation") | "as" "experimental")?
    //         "when" criterion ("unless" criterion)? requirement*
    mutating func parseRule() throws(ParseFailure) -> RuleDecl {
        let keyword = advance()
        let kind: RuleKind = keyword.keyword == .deny ? .deny : .cover
        var treatments: [Name] = []
        repeat {
            guard current.isWord, !check(.when), !check(.unless), !check(.for) else {
                throw fail(expected: "a treatment name after `\(kind.rawValue)`")
            }
            treatments.append(try expectName("a treatment name"))
        } while match(.comma) != nil
        var title: StringLiteral?
        if case .string(let value) = current.kind {
            title = StringLiteral(value, advance().span)
        }
        var review: (kind: ReviewKind, span: SourceSpan)?
        var experimental: SourceSpan?
        if let forToken = match(.for) {
            guard current.isWord, let reviewKind = ReviewKind(rawValue: source.text(current.span)) else {
                throw fail(expected: "`initial` or `continuation` after `for`, as in `for continuation`")
            }
            let word = advance()
            review = (reviewKind, forToken.span.union(word.span))
            if kind == .deny {
                report(.unexpectedToken, "`for \(reviewKind.rawValue)` is allowed only in `cover` rules", forToken.span.union(word.span),
                       help: "a deny rule applies to every request; put the condition in its `when` criteria")
            }
        } else if let asToken = matchWord("as") {
            let word = try expectWord("experimental", "`experimental` after `as`, as in `deny … as experimental when …`")
            experimental = asToken.span.union(word.span)
            if kind == .cover {
                report(.unexpectedToken, "`as experimental` is allowed only in `deny` rules", asToken.span.union(word.span),
                       help: "an experimental or investigational statement denies the treatment: write it as `deny … as experimental`")
            }
        }
        let after = review != nil ? "`when` after the review kind" : experimental != nil ? "`when` after `as experimental`"
            : title == nil ? "`when` after the rule's treatments" : "`when` after the rule's title"
        try expect(.when, after)
        let when = try parseCriterion()
        var unless: Criterion?
        if let unlessToken = match(.unless) {
            if kind == .cover {
                report(.unexpectedToken, "`unless` is allowed only in `deny` rules", unlessToken.span,
                       help: "move the exception into the `when` criteria, as `not …`")
            }
            unless = try parseCriterion()
        }
        // `requires` on a deny rule is reported here, once per rule (at its first requirement),
        // and nowhere else: the checker leaves it to the parser.
        var requirements: [Requirement] = []
        while check(.requires) {
            let requirement = try parseRequirement()
            if kind == .deny && requirements.isEmpty {
                report(.unexpectedToken, "`requires` is allowed only in `cover` rules", requirement.span,
                       help: "requirements belong to `cover` rules: what must be done for the treatment to be paid")
            }
            requirements.append(requirement)
        }
        var rule = RuleDecl(kind: kind, treatments: treatments, title: title, when: when, unless: unless,
                            requirements: requirements, span: span(from: keyword.span))
        rule.review = review
        rule.experimental = experimental
        return rule
    }

    // requirement := "requires" ("prior_authorization" ("lasting" duration)? | "referral" | "document" STRING)
    private mutating func parseRequirement() throws(ParseFailure) -> Requirement {
        let keyword = advance()
        if let token = match(.prior_authorization) {
            if matchWord("lasting") != nil {
                let lasting = try parseDuration()
                return .priorAuthorization(keyword.span.union(lasting.span), lasting: lasting)
            }
            return .priorAuthorization(keyword.span.union(token.span))
        }
        if let token = match(.referral) {
            return .referral(keyword.span.union(token.span))
        }
        if match(.document) != nil {
            return .document(try expectString("the document's description (a string) after `document`"))
        }
        throw fail(expected: "`prior_authorization`, `referral` or `document` after `requires`")
    }
}

extension Parser {
    /// `text.uppercased()`, without making a new string when it is already in capitals (codes
    /// usually are): no lower-case ASCII letter and nothing outside ASCII.
    static func capitals(_ text: String) -> String {
        text.utf8.allSatisfy({ $0 < 0x80 && !($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) }) ? text : text.uppercased()
    }
}
