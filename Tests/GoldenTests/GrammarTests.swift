import Foundation
import Testing
import ClauseKit

/// The TextMate grammar (Grammar/clause.tmLanguage.json): valid JSON, every regex compiles,
/// every `include` resolves, the literal scopes match what they name, and every keyword of
/// Grammar/clause.ebnf (and of the lexer) is coloured as a keyword somewhere in real policies.
@Suite struct GrammarTests {
    static let repository = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// One regex of the grammar with the scopes it assigns: to the whole match and to capture groups.
    struct Rule {
        var regex: NSRegularExpression
        var name: String?
        var captures: [Int: String]
    }

    static func load() throws -> [String: Any] {
        let data = try Data(contentsOf: repository.appendingPathComponent("Grammar/clause.tmLanguage.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every `match` and `begin` regex in the grammar, depth first.
    static func rules(_ grammar: [String: Any]) throws -> [Rule] {
        var found: [Rule] = []
        func captures(_ value: Any?) -> [Int: String] {
            guard let dict = value as? [String: Any] else { return [:] }
            var out: [Int: String] = [:]
            for (k, v) in dict { if let i = Int(k), let n = (v as? [String: Any])?["name"] as? String { out[i] = n } }
            return out
        }
        func visit(_ node: Any) throws {
            if let list = node as? [Any] { for x in list { try visit(x) } }
            guard let dict = node as? [String: Any] else { return }
            let name = dict["name"] as? String
            if let match = dict["match"] as? String {
                found.append(Rule(regex: try NSRegularExpression(pattern: match, options: [.anchorsMatchLines]),
                                  name: name, captures: captures(dict["captures"])))
            }
            if let begin = dict["begin"] as? String {
                found.append(Rule(regex: try NSRegularExpression(pattern: begin, options: [.anchorsMatchLines]),
                                  name: name, captures: captures(dict["beginCaptures"] ?? dict["captures"])))
                _ = try NSRegularExpression(pattern: try #require(dict["end"] as? String), options: [.anchorsMatchLines])
            }
            for key in ["patterns", "repository"] {
                if let sub = dict[key] as? [Any] { try visit(sub) }
                if let sub = dict[key] as? [String: Any] { for (_, v) in sub { try visit(v) } }
            }
        }
        try visit(grammar)
        return found
    }

    /// Quoted lower-case words of the EBNF, outside its `(* … *)` comments.
    static func ebnfKeywords() throws -> Set<String> {
        let text = try String(contentsOf: repository.appendingPathComponent("Grammar/clause.ebnf"), encoding: .utf8)
        let uncommented = try NSRegularExpression(pattern: #"\(\*.*?\*\)"#, options: [.dotMatchesLineSeparators])
            .stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: " ")
        let quoted = try NSRegularExpression(pattern: #""([a-z][a-z0-9_]+)""#)
        let ns = uncommented as NSString
        return Set(quoted.matches(in: uncommented, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) })
    }

    static func isKeywordScope(_ s: String) -> Bool {
        s.hasPrefix("keyword.") || s.hasPrefix("storage.") || s.hasPrefix("constant.language.")
    }

    @Test func grammarIsValidAndSelfConsistent() throws {
        let g = try GrammarTests.load()
        #expect(g["scopeName"] as? String == "source.clause")
        #expect((g["fileTypes"] as? [String]) == ["clause"])
        let repo = try #require(g["repository"] as? [String: Any])
        // Every include names a repository entry.
        let text = String(decoding: try JSONSerialization.data(withJSONObject: g), as: UTF8.self)
        let includes = try NSRegularExpression(pattern: ##""include":"#([^"]+)""##)
        let ns = text as NSString
        let names = includes.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
        #expect(names.count > 10)
        for n in names { #expect(repo[n] != nil, "unresolved include #\(n)") }
        #expect(try GrammarTests.rules(g).count > 40)
    }

    @Test func everyKeywordIsColouredInRealPolicies() throws {
        let keywords = try GrammarTests.ebnfKeywords()
        // The EBNF's keywords, as parsed here: a sanity check that the extraction works.
        #expect(keywords.isSuperset(of: ["policy", "codes", "icd10", "cover", "deny", "when", "unless", "prior_authorization",
                                         "at", "least", "of", "off_label", "session", "years", "true", "where"]))
        #expect(!keywords.contains("n") && !keywords.contains("any character except newline"))
        let all = keywords.union(Keyword.allCases.map(\.rawValue))

        var sample = ""
        for name in ["acme-ppo", "valley-hmo", "bayou-medicaid"] {
            sample += try String(contentsOf: GrammarTests.repository.appendingPathComponent("Policies/\(name).clause"), encoding: .utf8)
        }
        sample += """
        policy "x" { payer "p" version "1" effective 2026-01-01 expires 2027-01-01 }
        policy "y" { appeals { urgent decision within 1 hour } }
        policy "z" { number "CPB 1" revised 2025-01-01 reviewed 2025-02-01 source "https://a.org/p" }
        fields { patient.age: number  patient.name: string  patient.pregnant: boolean  patient.born: date  history.trials: list }
        treatment t "T" { billing cpt 96365  fda investigational for trd }
        define d = known patient.age and not (count(sessions where date > request.date - 1 year) >= 1) or fda off_label
        cover t when at least 1 of { d  diagnosis in trd } requires referral
        limit t { 1 session per 1 day from week 5  2 sessions per 1 month during week 1-2  $5 per 2 years }
        network { tier a not covered  tier b copay $4 coinsurance 10% after deductible, requires referral }
        cover t "Initial" for initial when d requires prior_authorization lasting 4 weeks
        cover t for continuation when d
        deny t "E&I" as experimental when fda off_label
        limit t { 168 mg per 7 days during weeks 1-4  84.5 mg per 7 days from week 5
          initial authorization lasts 4 weeks  continuation authorization lasts 6 months
          new course after 6 months without sessions }
        define e of history.trials = weeks > 1
        define s = sum(history.trials.weeks) > min(history.trials.weeks) + max(history.trials.weeks)
          and patient.d within 3 days of request.date and days since patient.d > 1
        cover t when documented patient.age >= 18
        table classes "label" { sertraline: SSRI, "st john's wort": herbal }
        cover t when distinct(classes(history.trials.drug)) >= 2 and patient.drug in classes
        x = true or false
        """
        let ns = sample as NSString
        var coloured = Set<String>()
        let wordRegex = try NSRegularExpression(pattern: "[A-Za-z_][A-Za-z0-9_]*")
        func words(_ s: String) {
            let n = s as NSString
            for m in wordRegex.matches(in: s, range: NSRange(location: 0, length: n.length)) { coloured.insert(n.substring(with: m.range)) }
        }
        for rule in try GrammarTests.rules(try GrammarTests.load()) {
            for m in rule.regex.matches(in: sample, range: NSRange(location: 0, length: ns.length)) {
                if let name = rule.name, GrammarTests.isKeywordScope(name) { words(ns.substring(with: m.range)) }
                for (group, scope) in rule.captures where GrammarTests.isKeywordScope(scope) && group < m.numberOfRanges {
                    let r = m.range(at: group)
                    if r.location != NSNotFound { words(ns.substring(with: r)) }
                }
            }
        }
        let uncovered = all.subtracting(coloured).sorted()
        #expect(uncovered.isEmpty, "keywords without a keyword scope: \(uncovered)")
    }

    /// The first match of any rule whose scope (or a capture's scope) starts with `scope`.
    func firstMatch(_ scope: String, in sample: String) throws -> [String] {
        let ns = sample as NSString
        var out: [String] = []
        for rule in try GrammarTests.rules(try GrammarTests.load()) {
            guard let m = rule.regex.firstMatch(in: sample, range: NSRange(location: 0, length: ns.length)) else { continue }
            if rule.name?.hasPrefix(scope) == true { out.append(ns.substring(with: m.range)) }
            for (group, name) in rule.captures where name.hasPrefix(scope) && group < m.numberOfRanges && m.range(at: group).location != NSNotFound {
                out.append(ns.substring(with: m.range(at: group)))
            }
        }
        return out
    }

    @Test(arguments: [
        ("comment.line", "a # note", "# note"),
        ("constant.character.escape", #"say \"hi\""#, #"\""#),
        ("constant.other.date", "effective 2026-01-01 ", "2026-01-01"),
        ("constant.numeric.money", "copay $1,500.00 then", "$1,500.00"),
        ("constant.numeric.percent", "improvement <= 25%", "25%"),
        ("constant.numeric.duration", "per 28 days", "28 days"),
        ("constant.numeric.clause", "age >= 18", "18"),
        ("constant.other.code", "{ F32.0-F32.5, F33.*", "F32.0-F32.5"),
        ("constant.other.code", "{ F10.2* }", "F10.2*"),
        ("constant.other.code", "{ Z01.818 }", "Z01.818"),
        ("constant.other.code", "billing hcpcs J0013", "J0013"),
        ("entity.name.function.define", "define adult = x", "adult"),
        ("entity.name.type.treatment", "deny esketamine, iv_ketamine \"t\" when", "esketamine, iv_ketamine"),
        ("entity.name.type.codeset", "codes psychosis = icd10 {", "psychosis"),
        ("entity.name.tag.tier", "tier in_network coinsurance", "in_network"),
        ("variable.other.member", "patient.age >= 18", "patient.age"),
        ("keyword.operator.comparison", "patient.age >= 18", ">="),
        ("keyword.other.qualifier", "cover t \"T\" for continuation when", "for"),
        ("constant.language.review-kind", "cover t \"T\" for initial when", "initial"),
        ("constant.language.experimental", "deny t as experimental when", "experimental"),
        ("keyword.other.requirement", "requires prior_authorization lasting 6 months", "lasting"),
        ("keyword.other.limit", "new course after", "new"),
        ("keyword.other.limit", "limit t { 168 mg per 7 days }", "mg"),
    ])
    func scopesMatchWhatTheyName(scope: String, sample: String, expected: String) throws {
        let matches = try firstMatch(scope, in: sample)
        #expect(matches.contains(expected), "\(scope) in \(sample): \(matches)")
    }
}
