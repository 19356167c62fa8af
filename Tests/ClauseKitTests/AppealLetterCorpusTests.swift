import Foundation
import Testing
@testable import ClauseKit

/// Every example case (Policies/cases/NAME/*.json with Policies/NAME.clause) for which
/// `clause appeal` writes a letter (denied, pending, partially covered), with its decision.
struct AppealCorpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    struct Entry {
        let name: String
        let decision: Decision
        let letter: String
    }

    static func letters() throws -> [Entry] {
        let fm = FileManager.default
        let casesDir = root.appendingPathComponent("Policies/cases")
        var out: [Entry] = []
        for policyName in try fm.contentsOfDirectory(atPath: casesDir.path).sorted() {
            let policyURL = root.appendingPathComponent("Policies/\(policyName).clause")
            guard fm.fileExists(atPath: policyURL.path) else { continue }
            let source = SourceFile(name: policyName, bytes: [UInt8](try Data(contentsOf: policyURL)))
            let policy = try #require(Checker.check(source: source).policy, "\(policyName) does not check")
            let compiled = CompiledPolicy(policy)
            let dir = casesDir.appendingPathComponent(policyName)
            for file in try fm.contentsOfDirectory(atPath: dir.path).sorted() where file.hasSuffix(".json") {
                let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent(file)))
                // A case the policy rejects (an unknown treatment) gets no decision, and no letter.
                guard let c = try? CaseDecoder.decode(bytes: bytes, vocabulary: policy.vocabulary) else { continue }
                let d = try compiled.decide(c, explain: true)
                guard AppealLetter.notAppealable(d) == nil else { continue }
                let text = AppealLetter(policy: policy, patientCase: c, decision: d).render()
                out.append(Entry(name: "\(policyName)/\(file)", decision: d, letter: text))
            }
        }
        return out
    }

    /// Every criterion of a trace, entries included.
    static func all(_ t: CriterionTrace) -> [CriterionTrace] { [t] + t.children.flatMap(all) }

    static func criteria(_ r: RuleTrace) -> [CriterionTrace] { all(r.when) + (r.unless.map(all) ?? []) }

    static func matches(_ pattern: String, _ text: String) throws -> [[String]] {
        let re = try NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
        }
    }
}

@Suite struct AppealLetterCorpusTests {
    @Test func theCorpusHasDeniedPendingAndPartialCases() throws {
        let kinds = Set(try AppealCorpus.letters().map(\.decision.kind))
        #expect(kinds == [.denied, .pending, .partiallyCovered])
    }

    /// (a) Every criterion the letter states as met ("- **NAME** (policy line N): met.", and
    /// the entries it was "Met through") has outcome true in the decision's trace of the rule
    /// the letter argues under; a rule said to be met as a whole has outcome true.
    @Test func everyCriterionStatedAsMetIsTrueInTheDecision() throws {
        var checked = 0
        for e in try AppealCorpus.letters() {
            let ruleLine = try AppealCorpus.matches(#"The policy's rule ".*?" \(line (\d+)\) covers"#, e.letter).first.map { Int($0[1]) }
            let metLines = try AppealCorpus.matches(#"(?m)^- \*\*(.+?)\*\* \(policy line (\d+)\): met\.(?: .*?Met through: (.*)\.)?$"#, e.letter)
            if !metLines.isEmpty {
                let rule = try #require(e.decision.reasons.first { $0.line == ruleLine ?? -1 }, "\(e.name): the rule argued under")
                let criteria = AppealCorpus.criteria(rule)
                func isMet(_ name: String, line: Int?) {
                    // An unlabelled block ("all of the following") is told apart by its line.
                    var named = criteria.filter { AppealLetter.name($0) == name }
                    if let line, named.contains(where: { $0.line == line }) { named = named.filter { $0.line == line } }
                    #expect(!named.isEmpty, "\(e.name): '\(name)' stated met but not a criterion of the rule")
                    #expect(named.allSatisfy { $0.outcome == .true }, "\(e.name): '\(name)' stated met but its outcome is not true")
                    checked += 1
                }
                for m in metLines {
                    isMet(m[1], line: Int(m[2]))
                    if !m[3].isEmpty { m[3].components(separatedBy: "; ").forEach { isMet($0, line: nil) } }
                }
            }
            for m in try AppealCorpus.matches(#"member meets the criteria of the policy's rule ".*?" \(line (\d+)\)"#, e.letter) {
                #expect(e.decision.reasons.first { $0.line == Int(m[1]) }?.outcome == .true, "\(e.name): rule stated met")
            }
            if e.letter.contains("the member meets that rule's coverage criteria") {
                #expect(e.decision.decidingRules.contains { r in e.decision.reasons.contains { $0.rule == r && $0.outcome == .true } },
                        "\(e.name): rule stated met")
            }
            // What is unmet is never claimed: no "as the records show" over a list of changes.
            #expect(!e.letter.contains("as the enclosed records show"), "\(e.name)")
            #expect(!e.letter.contains("Enclosed is documentation showing"), "\(e.name)")
        }
        #expect(checked > 100)
    }

    /// Unmet and unknown criteria become placeholders for the clinician, never claims.
    @Test func unmetCriteriaArePlaceholders() throws {
        for e in try AppealCorpus.letters() {
            for m in try AppealCorpus.matches(#"(?m)^- \*\*(.+?)\*\* \(policy line \d+\): the plan (found this not met|lacked the facts)(.*)$"#, e.letter) {
                #expect(m[3].contains("[The enclosed records document ") && m[3].hasSuffix(" — fill in or remove.]"), "\(e.name): \(m[0])")
            }
        }
        let one = try #require(try AppealCorpus.letters().first { $0.name == "acme-ppo/one-drug-class.json" })
        #expect(one.letter.contains("- **failed antidepressants of 2 or more classes, each taken 6+ weeks with 25% or less improvement** "
            + "(policy line 34): the plan found this not met. [The enclosed records document that the member meets it: failed antidepressants"))
        #expect(one.letter.contains("- **member is 18 or older** (policy line 32): met. The case shows age: 34."))
    }

    /// (b) The letter speaks in the policy's labels and in words: no case path, no operator.
    @Test func noCasePathsOrOperators() throws {
        let forbidden = ["patient.", "history.", "scores.", "request.", "provider.", " >= ", " <= ", " == ", "where "]
        for e in try AppealCorpus.letters() {
            for f in forbidden { #expect(!e.letter.contains(f), "\(e.name): contains `\(f)`") }
        }
    }

    /// (c) Each criterion label is cited by a single line number throughout the letter.
    @Test func eachCriterionIsCitedByOneLine() throws {
        var cited = 0
        for e in try AppealCorpus.letters() {
            let names = Set(e.decision.reasons.flatMap(AppealCorpus.criteria).map(AppealLetter.name))
            for name in names {
                let pattern = NSRegularExpression.escapedPattern(for: name) + #"\**,? \((?:policy )?line (\d+)"#
                let lines = Set(try AppealCorpus.matches(pattern, e.letter).map { $0[1] })
                #expect(lines.count <= 1, "\(e.name): '\(name)' cited by lines \(lines.sorted())")
                if !lines.isEmpty { cited += 1 }
            }
        }
        #expect(cited > 100)
    }

    /// The criterion a define names is cited by the line naming it in the rule (34), not by the
    /// define's own line (28), in the criteria and in the answer.
    @Test func aDefineIsCitedByItsLineInTheRule() throws {
        let one = try #require(try AppealCorpus.letters().first { $0.name == "acme-ppo/one-drug-class.json" })
        #expect(one.letter.contains("[The enclosed records document that the member meets: failed antidepressants of 2 or more classes, "
            + "each taken 6+ weeks with 25% or less improvement (policy line 34) — fill in or remove.]"))
        #expect(!one.letter.contains("line 28"))
    }

    @Test func unlabelledCriteriaAreInWords() {
        #expect(AppealLetter.words("distinct(history.trials.drug_class where weeks >= 6 and improvement <= 25%) >= 2")
            == "different (drug class with weeks at least 6 and improvement at most 25%) at least 2")
        #expect(AppealLetter.words("fda off_label") == "FDA off-label")
        #expect(AppealLetter.words("a diagnosis in `suicidal_ideation` (e.g. R45.851)") == "a diagnosis in `suicidal_ideation` (e.g. R45.851)")
    }
}
