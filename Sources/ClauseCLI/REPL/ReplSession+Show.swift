import Foundation
import ClauseKit

extension ReplSession {
    static let showTopics = ["case", "policy", "rules", "limits", "tiers", "codes", "defines", "treatments"]

    /// `:show case|policy|rules|limits [TREATMENT]|tiers|codes [NAME]|defines|treatments`
    func show(_ argument: String) {
        let words = argument.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let topic = words.first else {
            return fail("`:show` needs one of " + ReplSession.showTopics.map { "`\($0)`" }.joined(separator: ", "))
        }
        let name = words.count > 1 ? words[1] : nil
        switch topic {
        case "case": showCase()
        case "policy":
            guard name == nil || name == "--plain" else { return fail("`:show policy` takes only `--plain` (the text without line numbers)") }
            showPolicy(plain: name == "--plain")
        case "rules": showRules()
        case "limits": showLimits(name)
        case "tiers": showTiers()
        case "codes": showCodes(name)
        case "defines": showDefines()
        case "treatments": showTreatments()
        default:
            fail("cannot show `\(topic)`; expected one of " + ReplSession.showTopics.map { "`\($0)`" }.joined(separator: ", "))
        }
    }

    func showCase() {
        let root: JSONValue?
        do { root = try editedRoot() } catch { return fail(error.message) }
        guard let root else { return fail("no case loaded; load one with `:case FILE`") }
        var text = JSONWriter.write(root) + "\n"
        if !edits.isEmpty {
            text += "(\(casePath ?? "case") with \(Plural.count(edits.count, "edit")): "
                + Completer.unique(edits.map { "\($0.path)" }).joined(separator: ", ") + ")\n"
        }
        if let problem = caseProblem { text += "note: \(problem)\n" }
        out.write(text)
    }

    /// The session's policy text with line numbers in a gutter: the lines explanations cite.
    /// With `plain`, the text alone, to copy (`:save FILE` writes it formatted).
    func showPolicy(plain: Bool = false) {
        let source = policy.source
        guard !source.bytes.isEmpty else { return say("(the session's policy is empty: `:load FILE` or type declarations)") }
        let count = source.lineStarts.count
        let width = String(count).count
        var text = ""
        var blankRun = 0
        for line in 1...count {
            let content = source.lineText(line)
            if content.allSatisfy({ $0 == " " || $0 == "\t" }) {
                blankRun += 1
                if blankRun > 1 { continue }
            } else {
                blankRun = 0
            }
            if plain {
                text += (blankRun > 0 ? "" : content) + "\n"
                continue
            }
            let number = String(line)
            text += String(repeating: " ", count: width - number.count) + number + " | " + content + "\n"
        }
        out.write(text)
    }

    func showRules() {
        guard !policy.rules.isEmpty else { return say("(no rules)") }
        var text = ""
        for r in policy.rules {
            let targets = r.treatments.map { policy.treatments[$0].name }.joined(separator: ", ")
            let title = r.title.map { " \"\($0)\"" } ?? ""
            let qualifier = ExpressionPrinter.ruleQualifier(review: r.review, experimental: r.experimental)
            let lasting = r.authorizationLasts.map { ", prior authorization lasting \($0)" } ?? ""
            text += "\(r.kind.rawValue) \(targets)\(title)\(qualifier)\(lasting)  line \(r.line)\n"
        }
        out.write(text)
    }

    /// Each limit block (or one treatment's) in canonical form, every line with its policy line.
    func showLimits(_ treatment: String?) {
        if let treatment, policy.treatmentIndex(named: treatment) == nil {
            let names = policy.treatments.map { "`\($0.name)`" }.joined(separator: ", ")
            return fail("unknown treatment `\(treatment)`; the policy declares \(names.isEmpty ? "none" : names)")
        }
        // The checked policy keeps each line's meaning; its canonical text comes from the syntax.
        let source = policy.source
        let blocks = Parser.parseDeclarations(source).file.declarations.compactMap { d -> LimitDecl? in
            guard case .limit(let l) = d, treatment == nil || l.treatment.text == treatment else { return nil }
            return l
        }
        guard !blocks.isEmpty else { return say(treatment.map { "(no limits for `\($0)`)" } ?? "(no limits)") }
        var text = ""
        for block in blocks {
            text += "limit \(block.treatment.text)  line \(source.line(of: block.span))\n"
            let lines = block.lines.map { ExpressionPrinter.limitLine($0) }
            let width = lines.map(\.count).max() ?? 0
            for (line, printed) in zip(block.lines, lines) {
                text += "  " + printed.padding(toLength: width + 2, withPad: " ", startingAt: 0) + "line \(source.line(of: line.span))\n"
            }
        }
        out.write(text)
    }

    func showTiers() {
        guard !policy.tiers.isEmpty else { return say("(no network tiers)") }
        let width = policy.tiers.map(\.name.count).max() ?? 0
        var text = ""
        for t in policy.tiers {
            text += t.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + TextRenderer.describe(t)
            if t.requiresReferral { text += ", requires referral" }
            text += "  line \(t.line)\n"
        }
        out.write(text)
    }

    func showCodes(_ name: String?) {
        guard let name else {
            guard !policy.codeSets.isEmpty else { return say("(no code sets)") }
            return out.write(policy.codeSets.map { "\($0.name)  line \(policy.source.line(of: $0.span))" }.joined(separator: "\n") + "\n")
        }
        guard let set = policy.codeSets.first(where: { $0.name == name }) else {
            let names = policy.codeSets.map { "`\($0.name)`" }.joined(separator: ", ")
            return fail("unknown code set `\(name)`; the policy declares \(names.isEmpty ? "none" : names)")
        }
        let patterns = set.patterns.map { p -> String in
            switch p.kind {
            case .code(let c): return c
            case .prefix(let prefix): return prefix + "*"
            case .range(let low, let high): return "\(low)-\(high)"
            }
        }
        say("codes \(set.name) = icd10 { \(patterns.joined(separator: ", ")) }  line \(policy.source.line(of: set.span))")
        if let c = patientCase {
            var codes = c.diagnoses
            if let d = c.request.diagnosis, !codes.contains(d) { codes.append(d) }
            let inSet = codes.filter { set.contains($0) }
            say("the case's diagnoses in it: " + (inSet.isEmpty ? "none" : inSet.joined(separator: ", ")))
        }
    }

    func showDefines() {
        guard !policy.defines.isEmpty else { return say("(no defines)") }
        var text = ""
        for d in policy.defines {
            text += "\(d.name) = \(policy.source.text(d.expr.span).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))"
            if let label = d.label { text += "  \"\(label)\"" }
            text += "  line \(policy.source.line(of: d.span))\n"
        }
        out.write(text)
    }

    func showTreatments() {
        guard !policy.treatments.isEmpty else { return say("(no treatments)") }
        var text = ""
        for t in policy.treatments {
            text += "\(t.name)  \"\(t.displayName)\""
            if !t.billingCodes.isEmpty { text += "  billing " + t.billingCodes.joined(separator: ", ") }
            text += "  line \(policy.source.line(of: t.span))\n"
        }
        out.write(text)
    }
}

/// Levenshtein distance, for "did you mean" in commands and completion.
func replEditDistance(_ a: String, _ b: String) -> Int { editDistance(a, b) }
