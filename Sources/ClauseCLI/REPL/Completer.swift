import Foundation
import ClauseKit

/// Tab completion: what may follow the text before the cursor. Pure, given the names it
/// knows; files are listed through `listFiles` so tests need no disk.
struct Completer {
    var commands: [String] = ReplSession.commands.map(\.name)
    var showTopics: [String] = ReplSession.showTopics
    var treatments: [String] = []
    var defines: [String] = []
    var codeSets: [String] = []
    /// Every object path of the case: `patient`, `patient.age`, `history.trials`, …
    var casePaths: [String] = []
    /// The earlier lines of an unfinished input (a declaration continued on `...>`), which
    /// give the line being typed its context: inside a `limit` block, in a rule's head.
    var pending = ""
    /// Entries of a directory (`""` is the working directory), folders ending in `/`.
    var listFiles: (String) -> [String] = Completer.directoryEntries

    /// The offset (in characters) where the completed word starts, and the candidates for it.
    func complete(_ before: String) -> (start: Int, candidates: [String]) {
        let chars = Array(before)
        if chars.first == ":" {
            guard let space = chars.firstIndex(of: " ") else {
                return (0, commands.map { ":" + $0 }.filter { $0.hasPrefix(before) })
            }
            let command = String(chars[1..<space])
            let args = Array(chars[(space + 1)...])
            let wordStart = (args.lastIndex(where: { $0 == " " || $0 == "," }).map { $0 + 1 } ?? 0)
            let word = String(args[wordStart...])
            let start = space + 1 + wordStart
            let earlier = args[..<wordStart].split(separator: " ").map { String($0) }
            switch command {
            case "load", "l", "case", "c", "save":
                return (start, files(matching: word))
            case "show", "s":
                if earlier.isEmpty { return (start, showTopics.filter { $0.hasPrefix(word) }) }
                if earlier == ["codes"] { return (start, codeSets.filter { $0.hasPrefix(word) }) }
                if earlier == ["limits"] { return (start, treatments.filter { $0.hasPrefix(word) }) }
                if earlier == ["policy"] { return (start, ["--plain"].filter { $0.hasPrefix(word) }) }
                return (start, [])
            case "eval", "e":
                return (start, earlier.isEmpty ? treatments.filter { $0.hasPrefix(word) } : [])
            case "set", "unset", "whatif":
                // Only the path before `=` is completed.
                if args[..<wordStart].last(where: { $0 != " " }) == "=" { return (start, []) }
                return (start, pathCandidates(word))
            default:
                return (start, [])
            }
        }
        // Clause text: complete the name or path being typed.
        var i = chars.count
        while i > 0, chars[i - 1].isASCII, chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_" || chars[i - 1] == "." {
            i -= 1
        }
        let word = String(chars[i...])
        let context = (pending.isEmpty ? "" : pending + "\n") + String(chars[..<i])
        if let keywords = Completer.keywords(after: context) {
            return (i, keywords.filter { $0.hasPrefix(word) })
        }
        var names = pathCandidates(word)
        if !word.contains(".") {
            names += (defines + codeSets + treatments + ["diagnoses", "documents", "sessions"]).filter { $0.hasPrefix(word) }
        }
        return (i, Completer.unique(names))
    }

    /// The contextual words that may come next in declaration text (nil where names and paths
    /// are typed instead): a rule's qualifier after its title (`for`/`as`), the review kinds
    /// after `for`, `lasting` after `requires prior_authorization`, and the words of limit lines
    /// inside a `limit` block.
    static func keywords(after text: String) -> [String]? {
        let tokens = DeclarationTokens(text).tokens
        guard let last = tokens.last else { return nil }
        let previous = tokens.count >= 2 ? tokens[tokens.count - 2] : ""
        if last == "prior_authorization" && previous == "requires" { return ["lasting"] }
        // The innermost open block, and the declaration that opened it.
        var openers: [String] = []
        var declaration: (keyword: String, at: Int)?
        for (k, token) in tokens.enumerated() {
            switch token {
            case "{": openers.append(k >= 2 ? tokens[k - 2] : "")
            case "}": _ = openers.popLast()
            default:
                if openers.isEmpty && ReplSession.declarationKeywords.contains(token) { declaration = (token, k) }
            }
        }
        if openers.last == "limit" { return limitWords(tokens) }
        guard openers.isEmpty, let rule = declaration, rule.keyword == "cover" || rule.keyword == "deny" else { return nil }
        let head = tokens[(rule.at + 1)...]
        guard !head.contains("when"), head.count >= 1 else { return nil }
        switch last {
        case "for": return rule.keyword == "cover" ? ReviewKind.allCases.map(\.rawValue) : []
        case "as": return rule.keyword == "deny" ? ["experimental"] : []
        case ",": return nil  // another treatment name
        default:
            if ReviewKind(rawValue: last) != nil || last == "experimental" { return ["when"] }
            // After the treatments or the title.
            return rule.keyword == "cover" ? ["for", "when"] : ["as", "when"]
        }
    }

    /// What may follow in a limit line, given the tokens before the cursor.
    static func limitWords(_ tokens: [String]) -> [String] {
        let units = ["days", "weeks", "months", "years"]
        func token(_ back: Int) -> String { tokens.count > back ? tokens[tokens.count - 1 - back] : "" }
        let last = token(0), previous = token(1)
        switch last {
        case "initial", "continuation": return ["authorization lasts"]
        case "authorization": return ["lasts"]
        case "new": return ["course after"]
        case "course": return ["after"]
        case "during": return ["weeks"]
        case "from": return ["week"]
        case "without": return ["sessions"]
        case "mg", "session": return ["per"]
        case "sessions" where previous != "without": return ["per"]
        default: break
        }
        if last.first?.isNumber == true || last.first == "$" {
            switch previous {
            case "per", "lasts", "after": return units  // a duration's amount
            case "week", "weeks", "-": return []        // a phase's week
            default: return last.first == "$" ? ["per"] : ["mg", "sessions"]
            }
        }
        // The start of a line.
        let lineStarts = ["initial authorization lasts", "continuation authorization lasts", "authorization lasts", "new course after"]
        if units.contains(last) || units.contains(last + "s"), previous.first?.isNumber == true {
            switch token(2) {
            case "per": return ["during weeks", "from week"] + lineStarts  // a phase, or the next line
            case "after": return ["without sessions"]
            default: break
            }
        }
        return lineStarts
    }

    /// Case paths one segment at a time: `pat` → `patient.`; `patient.` → `patient.age`, …
    func pathCandidates(_ word: String) -> [String] {
        var out: [String] = []
        // An object's own path is offered as `name.`, to go on into its fields.
        let parents = Set(casePaths.compactMap { p in p.lastIndex(of: ".").map { String(p[..<$0]) } })
        for path in casePaths where path.hasPrefix(word) && !parents.contains(path) {
            let rest = path.dropFirst(word.count)
            if let dot = rest.firstIndex(of: ".") {
                out.append(word + rest[..<dot] + ".")
            } else {
                out.append(path)
            }
        }
        return Completer.unique(out)
    }

    func files(matching word: String) -> [String] {
        let slash = word.lastIndex(of: "/")
        let directory = slash.map { String(word[...$0]) } ?? ""
        return listFiles(directory).map { directory + $0 }.filter { $0.hasPrefix(word) }.sorted()
    }

    static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    static func directoryEntries(_ directory: String) -> [String] {
        let path = directory.isEmpty ? "." : (directory.hasPrefix("~") ? NSString(string: directory).expandingTildeInPath : directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            return isDirectory.boolValue ? name + "/" : name
        }
    }
}

/// Declaration text split into the tokens completion reasons about: words and numbers (with
/// `.`, `$`, `,` inside), strings (as `"`), braces and other punctuation; comments dropped.
struct DeclarationTokens {
    var tokens: [String] = []

    init(_ text: String) {
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "#" {
                while i < chars.count, chars[i] != "\n" { i += 1 }
            } else if c == "\"" {
                i += 1
                while i < chars.count, chars[i] != "\"", chars[i] != "\n" { i += chars[i] == "\\" ? 2 : 1 }
                i += 1
                tokens.append("\"")
            } else if c.isLetter || c.isNumber || c == "_" || c == "$" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || "_.$%".contains(chars[j])
                    || (chars[j] == "," && j + 1 < chars.count && chars[j + 1].isNumber && chars[i] == "$") {
                    j += 1
                }
                tokens.append(String(chars[i..<j]))
                i = j
            } else {
                if !c.isWhitespace { tokens.append(String(c)) }
                i += 1
            }
        }
    }
}

extension ReplSession {
    /// A completer that knows the session's current policy and case.
    var completer: Completer {
        var c = Completer()
        c.treatments = policy.treatments.map(\.name)
        c.defines = policy.defines.map(\.name)
        c.codeSets = policy.codeSets.map(\.name)
        c.pending = pendingInput
        if let root = try? editedRoot() { c.casePaths = CasePath.all(in: root) }
        return c
    }
}
