import Foundation
import ClauseKit

extension ReplSession {
    /// A REPL command: its name, arguments as typed in help, and one line of help.
    struct Command {
        var name: String
        var arguments: String
        var help: String
    }

    static let commands: [Command] = [
        Command(name: "help", arguments: "", help: "list the commands"),
        Command(name: "load", arguments: "FILE", help: "load a policy file (typed declarations are dropped)"),
        Command(name: "reload", arguments: "", help: "re-read the policy and case files, keeping typed declarations and case edits"),
        Command(name: "case", arguments: "FILE", help: "load a patient case (JSON)"),
        Command(name: "show", arguments: "WHAT [NAME]",
                help: "show the case, the policy (its text; --plain without line numbers), rules, limits [TREATMENT], tiers, codes [NAME], defines or treatments"),
        Command(name: "eval", arguments: "[TREATMENT]", help: "decide the case (for another treatment if named) and say why"),
        Command(name: "why", arguments: "", help: "the full explanation of the last decision"),
        Command(name: "whynot", arguments: "", help: "what would make the last decision covered (paths to coverage)"),
        Command(name: "set", arguments: "PATH = VALUE", help: "change a value of the case (JSON, or a bare word as a string)"),
        Command(name: "unset", arguments: "PATH", help: "remove a value from the case, making it unknown"),
        Command(name: "whatif", arguments: "PATH = VALUE[, PATH = VALUE…]",
                help: "the decision before and after the changes, leaving the case as it is"),
        Command(name: "reset", arguments: "", help: "undo typed declarations and case edits: back to the loaded files"),
        Command(name: "save", arguments: "FILE",
                help: "write the session's policy to FILE, formatted as `clause fmt` does, typed declarations in place"),
        Command(name: "quit", arguments: "", help: "leave (also Ctrl-D on an empty line)"),
    ]

    static var helpText: String {
        let width = commands.map { ($0.name + " " + $0.arguments).count }.max() ?? 0
        var s = "Commands:\n"
        for c in commands {
            let head = ":" + c.name + (c.arguments.isEmpty ? "" : " " + c.arguments)
            s += "  " + head.padding(toLength: width + 3, withPad: " ", startingAt: 0) + c.help + "\n"
        }
        s += """

        Anything else is Clause: an expression is evaluated against the case
        (`patient.age >= 18`, `adequate_trials`, `count(sessions)`); a declaration
        (`define`, `codes`, `cover`, `deny`, `limit`, `network`, `treatment`) joins the
        session's policy, replacing one of the same name. An unfinished line (an open
        brace, a trailing operator) continues on a `...>` prompt, and so does a rule, which a
        `requires` or `unless` line may still continue, or a declaration over several lines,
        which a label line may: an empty line ends it. Ctrl-C or
        Ctrl-D on `...>` drops the unfinished input. `quit`, `exit` and `help` alone are the
        commands; Ctrl-R searches the history.
        """
        return s
    }

    /// Runs a `:command` line.
    func command(_ line: String) {
        let body = line.dropFirst().trimmingCharacters(in: .whitespaces)
        let name = String(body.prefix { !$0.isWhitespace })
        let argument = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        switch name {
        case "help", "h", "?": out.write(ReplSession.helpText + "\n")
        case "load", "l":
            guard !argument.isEmpty else { return fail("`:load` needs a policy file") }
            loadPolicy(argument, keepTyped: false)
        case "reload", "r": reload()
        case "case", "c":
            guard !argument.isEmpty else { return fail("`:case` needs a case file (JSON)") }
            loadCase(argument)
        case "show", "s": show(argument)
        case "eval", "e": evalCommand(argument)
        case "why", "w": why()
        case "whynot": whynot()
        case "set": setCommand(argument)
        case "unset": unsetCommand(argument)
        case "whatif": whatif(argument)
        case "reset": reset()
        case "save":
            guard !argument.isEmpty else { return fail("`:save` needs a file to write the policy to") }
            save(argument)
        case "quit", "q", "exit": quitRequested = true
        default:
            let names = ReplSession.commands.map(\.name)
            let best = names.min { replEditDistance(name, $0) < replEditDistance(name, $1) }
            var message = "unknown command `:\(name)`"
            if let best, replEditDistance(name, best) <= 2 { message += "; did you mean `:\(best)`?" }
            fail(message + " (`:help` lists the commands)")
        }
    }

    func reload() {
        guard policyPath != nil || casePath != nil else { return fail("nothing to reload: no policy or case file is loaded") }
        if let path = policyPath { loadPolicy(path, keepTyped: true) }
        if let path = casePath {
            let saved = edits
            if loadCase(path) && !saved.isEmpty {
                edits = saved
                refreshCase()
                say("\(saved.count) case \(Plural.word(saved.count, "edit")) kept")
                if let problem = caseProblem { say("note: \(problem)") }
            }
        }
    }

    func reset() {
        let typed = sessionPolicy.typedCount
        let edited = edits.count
        sessionPolicy = loadedPolicy
        edits = []
        let (result, _, _) = check(sessionPolicy)
        let note = result.policy.flatMap { install($0) }
        say("reset: \(typed) typed \(Plural.word(typed, "declaration")) and \(edited) case \(Plural.word(edited, "edit")) undone")
        if let note { say(note) }
    }

    /// Writes the session's policy, formatted, a typed declaration in the place of the one it
    /// replaced. The policy always checks; a file needs its `policy` header to be read back.
    func save(_ path: String) {
        let source = SourceFile(name: path, bytes: sessionPolicy.saveText())
        let text: String
        switch Formatter.format(source) {
        case .success(let formatted): text = formatted
        case .failure(let failure) where failure.diagnostics.contains(where: { $0.code == .missingHeader }):
            return fail("the session's policy has no `policy` header, so a file could not be read back; nothing was written. "
                        + "Type one first, such as `policy \"Title\" { payer \"Payer\" effective 2026-01-01 }`")
        case .failure(let failure):
            render(failure.diagnostics, in: source)
            return fail("the session's policy could not be formatted; nothing was written")
        }
        do { try Files.write(text, to: path) } catch { return fail("\(error)") }
        let lines = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        say("saved the session's policy to \(path) (\(Plural.count(lines, "line")))")
    }

    // MARK: Decisions

    func evalCommand(_ argument: String) {
        guard var c = requireCase() else { return }
        if !argument.isEmpty {
            guard let t = policy.treatmentIndex(named: argument) else {
                let names = policy.treatments.map { "`\($0.name)`" }.joined(separator: ", ")
                return fail("unknown treatment `\(argument)`; the policy declares \(names.isEmpty ? "none" : names)")
            }
            c.request.treatment = t
        }
        guard let d = decide(c) else { return }
        lastDecision = (d, policy)
        let renderer = TextRenderer(policy: policy, color: color)
        var text = renderer.headline(d) + "\n"
        let deciding = d.reasons.filter { d.decidingRules.contains($0.rule) }
        for r in deciding { text += renderer.renderRule(r, deciding: true) }
        if d.kind == .needsInformation, !d.missing.isEmpty {
            text += "  missing: " + d.missing.joined(separator: ", ") + "\n"
        }
        for u in d.unmet { text += "  ☐ \(u.text)  line \(u.line)\n" }
        text += "(`:why` for the full explanation)\n"
        out.write(text)
    }

    func why() {
        guard let (d, decidedBy) = lastDecision else { return fail("no decision yet; decide the case with `:eval`") }
        out.write(TextRenderer(policy: decidedBy, color: color).render(d))
    }

    /// The paths to coverage of the last decision: what would make it covered.
    func whynot() {
        guard let (d, decidedBy) = lastDecision else { return fail("no decision yet; decide the case with `:eval`") }
        if d.kind == .covered { return out.write("Covered: nothing needs to change.\n") }
        let text = TextRenderer(policy: decidedBy, color: color).renderPaths(d)
        out.write(text.isEmpty ? "No change to the case's facts or requirements makes it covered.\n"
                               : String(text.drop { $0 == "\n" }))
    }

    // MARK: Case edits

    /// Parses `PATH = VALUE`.
    func parseAssignment(_ text: String) -> (path: CasePath, value: JSONValue)? {
        guard let eq = text.firstIndex(of: "=") else {
            fail("expected `PATH = VALUE`, such as `patient.age = 17`")
            return nil
        }
        let path: CasePath
        switch CasePath.parse(String(text[..<eq])) {
        case .success(let p): path = p
        case .failure(let e):
            fail(e.message)
            return nil
        }
        switch TypedValue.parse(String(text[text.index(after: eq)...])) {
        case .success(let v): return (path, v)
        case .failure(let e):
            fail(e.message)
            return nil
        }
    }

    func setCommand(_ argument: String) {
        guard caseRoot != nil else { return fail("no case loaded; load one with `:case FILE`") }
        guard let (path, value) = parseAssignment(argument) else { return }
        applyEdit(path: path, value: value)
    }

    func unsetCommand(_ argument: String) {
        guard caseRoot != nil else { return fail("no case loaded; load one with `:case FILE`") }
        switch CasePath.parse(argument) {
        case .failure(let e): fail(e.message)
        case .success(let path): applyEdit(path: path, value: nil)
        }
    }

    /// Applies an edit if the edited case still reads; says what changed.
    func applyEdit(path: CasePath, value: JSONValue?) {
        let old: JSONValue?
        let root: JSONValue?
        do {
            old = try editedRoot().flatMap { path.value(in: $0) }
            root = try editedRoot(with: [(path, value)])
        } catch {
            return fail(error.message)
        }
        guard let root else { return }
        if case .failure(let e) = decode(root) { return fail(e.message + "; the case is unchanged") }
        if value == nil && old == nil { return say("\(path) is not in the case") }
        edits.append((path, value))
        refreshCase()
        let was = old.map { "was " + JSONWriter.write($0, pretty: false) } ?? "was not in the case"
        say("\(path) = \(value.map { JSONWriter.write($0, pretty: false) } ?? "unknown (removed)")  (\(was))")
    }

    func whatif(_ argument: String) {
        guard let before = requireCase() else { return }
        var changes: [(path: CasePath, value: JSONValue?)] = []
        for part in ReplSession.splitTopLevel(argument, on: ",") {
            guard let (path, value) = parseAssignment(part) else { return }
            changes.append((path, value))
        }
        guard !changes.isEmpty else { return fail("`:whatif` needs `PATH = VALUE`, such as `patient.age = 17`") }
        let root: JSONValue?
        do { root = try editedRoot(with: changes) } catch { return fail(error.message) }
        guard let root else { return }
        let after: PatientCase
        switch decode(root) {
        case .success(let c): after = c
        case .failure(let e): return fail(e.message)
        }
        guard let d0 = decide(before), let d1 = decide(after) else { return }
        let renderer = TextRenderer(policy: policy, color: color)
        var text = "before: " + renderer.headline(d0) + "\n"
        text += "after:  " + renderer.headline(d1) + "\n"
        var changed: [String] = []
        for r1 in d1.reasons {
            guard let r0 = d0.reasons.first(where: { $0.rule == r1.rule }), r0.outcome != r1.outcome else { continue }
            let title = r1.title.map { " \"\($0)\"" } ?? ""
            changed.append("  \(r1.kind.rawValue)\(title)  line \(r1.line): \(r0.outcome.rawValue) → \(r1.outcome.rawValue)")
        }
        if changed.isEmpty {
            text += d0.summary == d1.summary ? "no change\n" : "no rule changed its outcome\n"
        } else {
            text += "rules that changed:\n" + changed.joined(separator: "\n") + "\n"
        }
        text += "(the case is unchanged; `:set` to keep a change)\n"
        out.write(text)
    }

    /// Splits on a separator outside quotes, brackets and braces.
    static func splitTopLevel(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var inString = false
        var escaped = false
        for ch in text {
            if inString {
                if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" { inString = false }
            } else if ch == "\"" {
                inString = true
            } else if ch == "[" || ch == "{" {
                depth += 1
            } else if ch == "]" || ch == "}" {
                depth -= 1
            } else if ch == separator && depth == 0 {
                parts.append(current)
                current = ""
                continue
            }
            current.append(ch)
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { parts.append(current) }
        return parts
    }
}
