/// The `appeals { … }` block of the policy header. Its words (`file`, `within`, `urgent`,
/// `hours`, …) are matched by text, so they stay ordinary names everywhere else.
extension Parser {
    func isWord(_ text: String) -> Bool {
        current.isWord && source.text(current.span) == text
    }

    @discardableResult
    mutating func expectWord(_ text: String, _ what: String) throws(ParseFailure) -> Token {
        guard isWord(text) else { throw fail(expected: what) }
        return advance()
    }

    // appeals    := "appeals" "{" appealItem* "}"
    // appealItem := "file" "within" period | "urgent" "decision" "within" period
    //             | "standard" "decision" "within" period | "external" "review" "within" period
    //             | "address" STRING
    mutating func parseAppeals() throws(ParseFailure) -> AppealsDecl {
        let keyword = advance()
        try expect(.leftBrace, "`{` after `appeals`")
        var block = AppealsDecl(span: keyword.span)
        while !check(.rightBrace) {
            let item = current
            let word = item.isWord ? source.text(item.span) : ""
            switch word {
            case "file":
                skip()
                try expectWord("within", "`within` after `file`, as in `file within 180 days`")
                let d = try parseAppealPeriod()
                if block.fileWithin == nil { block.fileWithin = d } else { duplicateAppealItem(item) }
            case "urgent", "standard":
                skip()
                try expectWord("decision", "`decision within` after `\(word)`, as in `\(word) decision within \(word == "urgent" ? "72 hours" : "30 days")`")
                try expectWord("within", "`within` after `\(word) decision`")
                let d = try parseAppealPeriod()
                if word == "urgent" {
                    if block.urgentDecision == nil { block.urgentDecision = d } else { duplicateAppealItem(item) }
                } else {
                    if block.standardDecision == nil { block.standardDecision = d } else { duplicateAppealItem(item) }
                }
            case "external":
                skip()
                try expectWord("review", "`review within` after `external`, as in `external review within 4 months`")
                try expectWord("within", "`within` after `external review`")
                let d = try parseAppealPeriod()
                if block.externalReview == nil { block.externalReview = d } else { duplicateAppealItem(item) }
            case "address":
                skip()
                let s = try expectString("the address appeals are sent to, as a string")
                if block.address == nil { block.address = s } else { duplicateAppealItem(item) }
            default:
                throw fail(expected: "`file within`, `urgent decision within`, `standard decision within`, `external review within`, `address` or `}` in `appeals`")
            }
        }
        skip()
        block.span = span(from: keyword.span)
        return block
    }

    // period := INT ("hour" | "hours" | "day" | "days" | "week" | "weeks" | "month" | "months" | "year" | "years")
    mutating func parseAppealPeriod() throws(ParseFailure) -> AppealDeadline {
        let amount = try expectInteger("a period such as `180 days` or `72 hours`")
        if amount.value == 0 {
            report(.invalidNumber, "an appeal deadline must be longer than zero", amount.span)
        }
        if isWord("hour") || isWord("hours") {
            skip()
            return AppealDeadline(.hours(amount.value), span(from: amount.span))
        }
        guard let unit = current.keyword.flatMap(Parser.durationUnit) else {
            throw fail(expected: "a unit (`hours`, `days`, `weeks`, `months` or `years`) after `\(amount.value)`")
        }
        skip()
        return AppealDeadline(.duration(Duration(amount.value, unit)), span(from: amount.span))
    }

    private mutating func duplicateAppealItem(_ item: Token) {
        let text = source.text(item.span)
        report(.duplicateName, "duplicate `\(text)` in `appeals`", item.span, label: "`\(text)` was already given")
    }
}
