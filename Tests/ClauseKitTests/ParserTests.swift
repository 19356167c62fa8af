import Foundation
import Testing
@testable import ClauseKit

private func source(_ text: String) -> SourceFile { SourceFile(name: "test.clause", text: text) }

private func parse(_ text: String) -> ParseResult { Parser.parse(source(text)) }

private func declarations(_ text: String) -> ParseResult { Parser.parseDeclarations(source(text)) }

/// The expression as a fully parenthesised string, to check structure.
private func shape(_ expr: Expr) -> String {
    switch expr.kind {
    case .number(let v, _): return "\(v)"
    case .percent(let v): return "\(v)%"
    case .money(let m): return m.dollars
    case .date(let d): return d.description
    case .duration(let d): return d.description
    case .string(let s): return "\"\(s)\""
    case .bool(let b): return "\(b)"
    case .list(let items): return "[" + items.map(shape).joined(separator: ", ") + "]"
    case .path(let names): return names.map(\.text).joined(separator: ".")
    case .unary(let op, let e): return "(\(op.rawValue) \(shape(e)))"
    case .binary(let op, let l, let r): return "(\(shape(l)) \(op.rawValue) \(shape(r)))"
    case .diagnosisIn(let n): return "diagnosis in \(n.text)"
    case .fda(let s): return "fda \(s.rawValue)"
    case .known(let p): return "known " + p.map(\.text).joined(separator: ".")
    case .count(let list, let filter):
        return "count(" + list.map(\.text).joined(separator: ".") + (filter.map { " where " + shape($0) } ?? "") + ")"
    case .distinct(let list, let field, let filter, let table):
        let argument: String = list.map(\.text).joined(separator: ".") + " :: " + field.text
        let mapped: String = table.map { "\($0.text)(\(argument))" } ?? argument
        return "distinct(" + mapped + (filter.map { " where " + shape($0) } ?? "") + ")"
    case .aggregate(let kind, let list, let field, let filter):
        return "\(kind.rawValue)(" + list.map(\.text).joined(separator: ".") + " :: \(field.text)"
            + (filter.map { " where " + shape($0) } ?? "") + ")"
    case .within(let a, let d, let b): return "(\(shape(a)) within \(shape(d)) of \(shape(b)))"
    case .daysSince(let e): return "(days since \(shape(e)))"
    case .block(let kind, let items):
        let prefix: String
        switch kind {
        case .all: prefix = "all"
        case .any: prefix = "any"
        case .atLeast(let n): prefix = "atLeast\(n)"
        }
        return prefix + "{" + items.map { shape($0.expr) + ($0.label.map { " \"\($0.value)\"" } ?? "") }
            .joined(separator: "; ") + "}"
    }
}

private func expression(_ text: String) -> (shape: String?, diagnostics: [Diagnostic], eof: Bool) {
    let (criterion, diagnostics, eof) = Parser.parseExpression(source(text))
    return (criterion.map { shape($0.expr) }, diagnostics, eof)
}

private func counts(_ file: PolicyFile) -> [String: Int] {
    var result: [String: Int] = [:]
    for declaration in file.declarations {
        let key: String
        switch declaration {
        case .header: key = "header"
        case .codes: key = "codes"
        case .treatment: key = "treatment"
        case .define: key = "define"
        case .rule(let r): key = r.kind.rawValue
        case .limit: key = "limit"
        case .network: key = "network"
        case .fields: key = "fields"
        case .table: key = "table"
        }
        result[key, default: 0] += 1
    }
    return result
}

@Test func acmePolicyParsesWithoutDiagnostics() throws {
    let result = parse(SpecPolicies.acmePPO)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    #expect(!result.unexpectedEndOfInput)
    let header = try #require(result.file.header)
    #expect(header.title.value == "Acme Health PPO: Ketamine and Esketamine")
    #expect(header.payer?.value == "Acme Health")
    #expect(header.effective?.value == Day(year: 2026, month: 1, day: 1))
    #expect(header.expires == nil)
    #expect(counts(result.file) == ["codes": 3, "treatment": 2, "define": 2, "cover": 2, "deny": 2, "limit": 1, "network": 1])
}

@Test func valleyPolicyParsesWithoutDiagnostics() throws {
    let file = source(SpecPolicies.valleyHMO)
    let result = Parser.parse(file)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    #expect(result.file.header?.expires?.value == Day(year: 2027, month: 2, day: 1))
    #expect(counts(result.file) == ["codes": 4, "treatment": 2, "define": 1, "cover": 2, "deny": 2, "limit": 2, "network": 1])

    // Spans reproduce the source text.
    guard case .rule(let rule) = result.file.declarations[8] else {
        Issue.record("expected the iv_ketamine cover rule")
        return
    }
    #expect(rule.title?.value == "IV ketamine for refractory depression")
    #expect(rule.requirements.count == 3)
    #expect(file.text(rule.span).hasPrefix("cover iv_ketamine"))
    #expect(file.text(rule.span).hasSuffix("\"treatment plan with response measures\""))
    guard case .block(.all, let items) = rule.when.expr.kind else {
        Issue.record("expected an all-block")
        return
    }
    #expect(items.count == 4)
    #expect(file.text(items[0].expr.span) == "patient.age >= 21")
    #expect(items[0].label?.value == "member is 21 or older")
    guard case .block(.atLeast(2), let inner) = items[2].expr.kind else {
        Issue.record("expected at least 2 of")
        return
    }
    #expect(inner.count == 4)
    #expect(inner[3].label == nil)
    #expect(file.text(items[2].expr.span).hasPrefix("at least 2 of {"))
    #expect(file.text(items[2].expr.span).hasSuffix("severe\n  }"))
}

@Test func codePatterns() throws {
    let result = declarations("codes x = icd10 { f33.*, F10.2*, F32.0-F32.5, F22, F32.A, }")
    #expect(result.diagnostics.isEmpty)
    guard case .codes(let set) = result.file.declarations.first else {
        Issue.record("expected a code set")
        return
    }
    #expect(set.name.text == "x")
    #expect(set.system.text == "icd10")
    #expect(set.patterns.map(\.kind) == [
        .prefix("F33."), .prefix("F10.2"), .range(low: "F32.0", high: "F32.5"), .code("F22"), .code("F32.A"),
    ])
    #expect(set.patterns[2].span == SourceSpan(start: 33, end: 44))
}

@Test func treatments() {
    let text = """
        treatment t "T" {
          billing hcpcs j0013, G2082
          billing cpt 96365
          fda approved for mdd since 2019-03-05
          fda investigational
          fda investigational for ptsd
        }
        """
    let result = declarations(text)
    #expect(result.diagnostics.isEmpty)
    guard case .treatment(let t) = result.file.declarations.first else {
        Issue.record("expected a treatment")
        return
    }
    #expect(t.displayName.value == "T")
    #expect(t.billing.map(\.system) == [.hcpcs, .cpt])
    #expect(t.billing.map { $0.codes.map(\.text) } == [["J0013", "G2082"], ["96365"]])
    #expect(t.fda.count == 3)
    if case .approved(let set, let since, _) = t.fda[0] {
        #expect(set.text == "mdd")
        #expect(since?.value == Day(year: 2019, month: 3, day: 5))
    } else {
        Issue.record("expected fda approved")
    }
    if case .investigational(let set, _) = t.fda[2] { #expect(set?.text == "ptsd") }
}

@Test func precedence() {
    #expect(expression("a or b and c").shape == "(a or (b and c))")
    #expect(expression("1 + 2 * 3").shape == "(1 + (2 * 3))")
    #expect(expression("not a and b").shape == "((not a) and b)")
    #expect(expression("1 - 2 - 3").shape == "((1 - 2) - 3)")
    #expect(expression("-a * b").shape == "((- a) * b)")
    #expect(expression("(a or b) and c").shape == "((a or b) and c)")
    #expect(expression("x.y in [1, 2] and z < 2 weeks").shape == "((x.y in [1, 2]) and (z < 2 weeks))")
    #expect(expression("(s.base - s.now) / s.base >= 50%").shape == "(((s.base - s.now) / s.base) >= 0.5%)")
}

@Test func keywordExpressions() {
    #expect(expression("diagnosis in mdd and diagnosis.code == \"x\"").shape
        == "(diagnosis in mdd and (diagnosis.code == \"x\"))")
    #expect(expression("fda off_label or known patient.age").shape == "(fda off_label or known patient.age)")
    #expect(expression("count(sessions) < 8").shape == "(count(sessions) < 8)")
    #expect(expression("distinct(history.trials.drug_class where weeks >= 6)").shape
        == "distinct(history.trials :: drug_class where (weeks >= 6))")
    #expect(expression("x.weeks.sessions == true").shape == "(x.weeks.sessions == true)")
    let single = expression("distinct(trials)")
    #expect(single.shape == nil)
    #expect(single.diagnostics.map(\.code) == [.unexpectedToken])
}

@Test func spansReproduceSource() throws {
    let file = source("(a + b) * -c \"label\"")
    let (criterion, diagnostics, _) = Parser.parseExpression(file)
    #expect(diagnostics.isEmpty)
    let c = try #require(criterion)
    #expect(file.text(c.expr.span) == "(a + b) * -c")
    #expect(c.label?.value == "label")
    #expect(file.text(c.span) == "(a + b) * -c \"label\"")
    guard case .binary(.multiply, let lhs, _) = c.expr.kind else {
        Issue.record("expected a product")
        return
    }
    #expect(file.text(lhs.span) == "(a + b)")
}

@Test func labelsInBlocks() {
    let result = expression("any { x \"one\" y == \"a\" \"two\" z }")
    #expect(result.diagnostics.isEmpty)
    #expect(result.shape == "any{x \"one\"; (y == \"a\") \"two\"; z}")
    #expect(expression("at least 2 of { a b { c d } }").shape == "atLeast2{a; b; all{c; d}}")
}

@Test func comparisonsDoNotChain() {
    let result = expression("a < b < c")
    #expect(result.shape == nil)
    #expect(result.diagnostics.map(\.code) == [.unexpectedToken])
    #expect(result.diagnostics.first?.span == SourceSpan(start: 6, end: 7))
    #expect(expression("(a < b) == c").shape == "((a < b) == c)")
}

@Test func defineAndRules() {
    let text = """
        define severe = any { p >= 20 "high" } "severe"
        cover a, b "Title" when x requires prior_authorization requires referral requires document "doc"
        deny a when y unless z "in a trial"
        """
    let result = declarations(text)
    #expect(result.diagnostics.isEmpty)
    guard result.file.declarations.count == 3,
          case .define(let define) = result.file.declarations[0],
          case .rule(let cover) = result.file.declarations[1],
          case .rule(let deny) = result.file.declarations[2] else {
        Issue.record("expected define, cover, deny")
        return
    }
    #expect(define.value.label?.value == "severe")
    #expect(cover.treatments.map(\.text) == ["a", "b"])
    #expect(cover.requirements.count == 3)
    #expect(cover.requirements.last == .document(StringLiteral("doc", SourceSpan(start: 139, end: 144))))
    #expect(deny.unless?.label?.value == "in a trial")
}

@Test func limitsWithPhases() {
    let text = """
        limit t {
          8 sessions per 28 days during weeks 1-4
          4 sessions per 28 days from week 5
          $6,000 per 1 year
          authorization lasts 6 months
        }
        """
    let result = declarations(text)
    #expect(result.diagnostics.isEmpty)
    guard case .limit(let limit) = result.file.declarations.first, limit.lines.count == 4 else {
        Issue.record("expected a limit with 4 lines")
        return
    }
    if case .sessions(8, let per, .weeks(1, 4)?, let span) = limit.lines[0] {
        #expect(per.value == Duration(28, .days))
        #expect(span == SourceSpan(start: 12, end: 51))
    } else {
        Issue.record("line 1: \(limit.lines[0])")
    }
    if case .sessions(4, _, .fromWeek(5)?, _) = limit.lines[1] {} else { Issue.record("line 2") }
    if case .benefitMaximum(let amount, let per, _) = limit.lines[2] {
        #expect(amount == Money(cents: 600_000))
        #expect(per.value == Duration(1, .years))
    } else {
        Issue.record("line 3")
    }
    if case .authorizationLasts(let d, nil, _) = limit.lines[3] { #expect(d.value == Duration(6, .months)) }
}

@Test func tierCosts() {
    let text = """
        network {
          tier a coinsurance 10%
          tier b copay $40 after deductible
          tier c copay $25.50 coinsurance 20% after deductible, requires referral
          tier d not covered
        }
        """
    let result = declarations(text)
    #expect(result.diagnostics.isEmpty)
    guard case .network(let network) = result.file.declarations.first else {
        Issue.record("expected a network")
        return
    }
    #expect(network.tiers.map(\.cost) == [
        .coinsurance(Decimal(string: "0.1") ?? 0), .copay(Money(cents: 4000)),
        .copayThenCoinsurance(Money(cents: 2550), Decimal(string: "0.2") ?? 0), .notCovered,
    ])
    #expect(network.tiers.map(\.afterDeductible) == [false, true, true, false])
    #expect(network.tiers.map(\.requiresReferral) == [false, false, true, false])
}

@Test func headerIsRequiredOnce() {
    let missing = parse("define a = 1")
    #expect(missing.diagnostics.map(\.code) == [.missingHeader])
    #expect(missing.diagnostics.first?.span == SourceSpan(start: 0, end: 0))
    let twice = parse("policy \"A\" { payer \"x\" payer \"y\" } policy \"B\" { }")
    #expect(twice.diagnostics.map(\.code) == [.duplicateName])
    #expect(twice.file.header?.title.value == "A")
    #expect(twice.file.header?.payer?.value == "x")
    if case .header(let second)? = twice.file.declarations.first {
        #expect(second.title.value == "B")
    } else {
        Issue.record("the second header should be kept as a declaration")
    }
    #expect(declarations("define a = 1").diagnostics.isEmpty)
}

@Test func recoveryReportsEachError() {
    let text = """
        policy "P" { effective 2026-01-01 }
        define a = 1 +
        cover x "t" { a }
        limit x { 8 sessions per 28 fortnights }
        define ok = a
        """
    let result = parse(text)
    #expect(result.diagnostics.map(\.code) == [.unexpectedToken, .unexpectedToken, .unexpectedToken])
    #expect(result.diagnostics.map(\.message) == [
        "expected an expression, found `cover`",
        "expected `when` after the rule's title, found `{`",
        "expected a unit (`days`, `weeks`, `months` or `years`) after `28`, found `fortnights`",
    ])
    #expect(!result.unexpectedEndOfInput)
    // The declaration after the errors is still parsed.
    if case .define(let ok)? = result.file.declarations.last { #expect(ok.name.text == "ok") }
}

@Test func unclosedCodeSetDoesNotSwallowTheFile() {
    let result = declarations("codes x = icd10 { F33, F34\ncover esk when { patient.age >= 18 }")
    #expect(result.diagnostics.map(\.message) == ["expected `,` or `}` after a code, found `cover`"])
    #expect(counts(result.file) == ["cover": 1])
}

@Test func lexerErrorsDoNotCascade() {
    let result = parse("policy \"P\" { effective 2026-02-30 }\ndefine a = x @ y\ndefine b = 1")
    #expect(result.diagnostics.map(\.code) == [.invalidDate, .invalidCharacter])
    #expect(result.file.declarations.count == 2)  // `define a = x`, then `define b`
}

@Test func unexpectedEndOfInput() {
    for text in ["cover x when {", "define a = 1 +", "cover x when", "limit x { 8 sessions", "define a = (1"] {
        let result = declarations(text)
        #expect(result.unexpectedEndOfInput, "\(text)")
        #expect(result.diagnostics.map(\.code) == [.unexpectedEndOfInput], "\(text)")
        #expect(result.diagnostics.first?.message == "unexpected end of input")
    }
    #expect(parse("cover x when {").unexpectedEndOfInput)
    #expect(expression("a and").eof)
    #expect(!declarations("define a = 1 + )").unexpectedEndOfInput)
}

@Test func integersInGrammarPositions() {
    let tooLarge = declarations("define a = at least 99999999999999999999 of { x }")
    #expect(tooLarge.diagnostics.map(\.code) == [.numberTooLarge])
    let fraction = declarations("limit t { 2.5 sessions per 7 days }")
    #expect(fraction.diagnostics.map(\.code) == [.invalidNumber])
    #expect(fraction.diagnostics.first?.span == SourceSpan(start: 10, end: 13))
}

@Test func deepNestingIsRejectedWithoutCrashing() {
    for opener in ["(", "[", "{", "not ", "- ", "any {"] {
        let text = "define a = " + String(repeating: opener, count: 100_000)
        let result = declarations(text)
        #expect(result.diagnostics.map(\.code) == [.nestingTooDeep], "\(opener)")
        #expect(result.diagnostics.first?.message == "expressions nest more than 200 levels deep")
    }
    let chain = declarations("define a = " + Array(repeating: "x", count: 100_000).joined(separator: " or "))
    #expect(chain.diagnostics.map(\.code) == [.nestingTooDeep])
    // 200 levels are fine.
    let ok = declarations("define a = " + String(repeating: "(", count: 199) + "1" + String(repeating: ")", count: 199))
    #expect(ok.diagnostics.isEmpty)
}

@Test func randomTokenSoupNeverCrashes() {
    let vocabulary = ["policy", "\"t\"", "{", "}", "(", ")", "[", "]", ",", ".", "=", "==", "<", "+", "-", "*",
                      "cover", "deny", "define", "limit", "network", "codes", "icd10", "treatment", "billing",
                      "hcpcs", "F33.*", "when", "unless", "requires", "any", "at", "least", "of", "2", "$40",
                      "20%", "2026-01-01", "x", "a.b", "count", "distinct", "where", "known", "not", "and", "or",
                      "in", "diagnosis", "fda", "approved", "tier", "copay", "sessions", "per", "days", "@", "\""]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<300 {
        let words = (0..<40).map { _ in vocabulary[Int.random(in: 0..<vocabulary.count, using: &generator)] }
        let text = words.joined(separator: " ")
        let result = parse(text)
        _ = declarations(text)
        _ = Parser.parseExpression(source(text))
        #expect(result.diagnostics.allSatisfy { $0.span.end <= text.utf8.count })
    }
}

@Test func listAndDateForms() {
    #expect(expression("sum(history.trials.weeks where improvement <= 25%) >= 12").shape
        == "(sum(history.trials :: weeks where (improvement <= 0.25%)) >= 12)")
    #expect(expression("x within 30 days of request.date and y").shape == "((x within 30 days of request.date) and y)")
    #expect(expression("x within 30 days of request.date - 1 day").shape == "(x within 30 days of (request.date - 1 day))")
    #expect(expression("days since a.b + 1 <= 90").shape == "(((days since a.b) + 1) <= 90)")
    #expect(expression("min(a)").shape == nil)
    #expect(expression("a < b within 3 days of c").shape == nil)
}

@Test func documentedCoversAComparison() {
    #expect(expression("documented a.b >= 15 and c").shape == "((documented (a.b >= 15)) and c)")
    #expect(expression("not documented a.b").shape == "(not (documented a.b))")
}

@Test func tableDeclarationsAndLookups() {
    #expect(expression("distinct(classes(history.trials.drug) where weeks > 1) >= 2").shape
        == "(distinct(classes(history.trials :: drug) where (weeks > 1)) >= 2)")
    let file = parse("policy \"x\" { }\ntable classes \"label\" { sertraline: SSRI, \"st john's wort\": herbal }\ndefine table = 1").file
    guard case .table(let t)? = file.declarations.first else {
        Issue.record("no table")
        return
    }
    #expect(t.entries.map(\.key.value) == ["sertraline", "st john's wort"])
    #expect(t.label?.value == "label")
    // `table` stays a name where no table is declared.
    #expect(file.declarations.count == 2)
}
