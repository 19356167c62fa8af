import Foundation

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
            case "load", "l", "case", "c":
                return (start, files(matching: word))
            case "show", "s":
                if earlier.isEmpty { return (start, showTopics.filter { $0.hasPrefix(word) }) }
                if earlier == ["codes"] { return (start, codeSets.filter { $0.hasPrefix(word) }) }
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
        var names = pathCandidates(word)
        if !word.contains(".") {
            names += (defines + codeSets + treatments + ["diagnoses", "documents", "sessions"]).filter { $0.hasPrefix(word) }
        }
        return (i, Completer.unique(names))
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

extension ReplSession {
    /// A completer that knows the session's current policy and case.
    var completer: Completer {
        var c = Completer()
        c.treatments = policy.treatments.map(\.name)
        c.defines = policy.defines.map(\.name)
        c.codeSets = policy.codeSets.map(\.name)
        if let root = try? editedRoot() { c.casePaths = CasePath.all(in: root) }
        return c
    }
}
