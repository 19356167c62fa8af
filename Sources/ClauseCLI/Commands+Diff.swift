import Foundation
import ClauseKit

extension CLI {
    // clause diff OLD.clause NEW.clause [--write-tests DIR] [--format text|json]
    func runDiff(_ args: [String]) -> Int32 {
        let options: Options
        do { options = try Options(args, valued: ["--write-tests", "--format", "--color"]) } catch {
            return usageError(error.message, command: "diff")
        }
        guard options.positional.count == 2 else {
            return usageError("`diff` needs the old and the new policy file", command: "diff")
        }
        let format = options.values["--format"] ?? "text"
        guard ["text", "json"].contains(format) else {
            return usageError("unknown format `\(format)`; expected `text` or `json`", command: "diff")
        }
        let color = colorFor(err, flag: options.values["--color"])
        var policies: [CheckedPolicy] = []
        var texts: [String] = []
        for path in options.positional {
            guard let (p, loaded) = loadCheckedPolicy(path, color: color) else { return 1 }
            policies.append(p)
            texts.append(String(decoding: loaded.bytes, as: UTF8.self))
        }
        var diff = PolicyDiff(old: policies[0], new: policies[1])
        let (oldPath, newPath) = (options.positional[0], options.positional[1])
        let groups = diff.changeGroups(oldText: texts[0], newText: texts[1])
        let changes = groups.flatMap(\.kinds)
        let caused = groups.filter { !$0.kinds.isEmpty }

        if let dir = options.values["--write-tests"] {
            do {
                do {
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                } catch {
                    throw FileError(path: dir, reason: error.localizedDescription)
                }
                for c in changes {
                    guard case .object(let w) = c.witness, case .string(let id)? = w["id"] else { continue }
                    let base = (dir as NSString).appendingPathComponent(id)
                    var expect = c.new.expectJSON
                    if case .object(var o) = expect {
                        o["policy"] = .string(newPath)
                        o["was"] = .string(c.old.description)
                        expect = .object(o)
                    }
                    try Files.write(JSONWriter.write(c.witness) + "\n", to: base + ".json")
                    try Files.write(JSONWriter.write(expect) + "\n", to: base + ".expect.json")
                }
            } catch {
                err.write("error: cannot write tests to \(dir): \(error)\n")
                return 1
            }
        }

        if format == "json" {
            let json: JSONValue = .obj([
                ("old", .obj([("file", .string(oldPath)), ("version", policies[0].version.map(JSONValue.string) ?? .null)])),
                ("new", .obj([("file", .string(newPath)), ("version", policies[1].version.map(JSONValue.string) ?? .null)])),
                ("cases_tried", .int(diff.casesTried)),
                ("treatments_only_in_old", .array(diff.onlyInOld.map(JSONValue.string))),
                ("treatments_only_in_new", .array(diff.onlyInNew.map(JSONValue.string))),
                ("changes", .array(groups.map(\.json))),
            ])
            out.write(JSONWriter.write(json) + "\n")
            return 0
        }
        func name(_ path: String, _ p: CheckedPolicy) -> String { path + (p.version.map { " (version \($0))" } ?? "") }
        if !diff.onlyInOld.isEmpty { out.write("Only the old version declares: \(diff.onlyInOld.joined(separator: ", "))\n") }
        if !diff.onlyInNew.isEmpty { out.write("Only the new version declares: \(diff.onlyInNew.joined(separator: ", "))\n") }
        if changes.isEmpty {
            out.write("No decision changes between \(name(oldPath, policies[0])) and \(name(newPath, policies[1])) ")
            out.write("at the boundaries of what they mention (\(Plural.count(diff.casesTried, "case")) tried).\n")
            return 0
        }
        out.write("Decisions change between \(name(oldPath, policies[0])) and \(name(newPath, policies[1])) ")
        out.write("for \(Plural.count(changes.count, "kind")) of case (\(Plural.count(diff.casesTried, "case")) tried), caused by \(Plural.count(caused.count, "change")) to the policy:\n")
        var number = 0
        for (g, group) in caused.enumerated() {
            let lines = group.hunks.map { "old \($0.oldRange), new \($0.newRange)" }.joined(separator: "; ")
            let to = group.declarations.isEmpty ? "" : " to " + group.declarations.joined(separator: ", ")
            out.write("\n" + (caused.count == 1 ? "The change" : "Change \(g + 1)") + to + " (\(lines)) changes ")
            out.write("\(Plural.count(group.kinds.count, "kind")) of case:\n")
            for h in group.hunks {
                for (k, line) in h.old.enumerated() { out.write("  - \(h.oldLine + k)  \(line)\n") }
                for (k, line) in h.new.enumerated() { out.write("  + \(h.newLine + k)  \(line)\n") }
            }
            for c in group.kinds {
                number += 1
                let values = c.values.isEmpty ? "" : (c.values.count == 1 ? " = " : " in ") + c.values.joined(separator: "; ")
                out.write("\n  \(number). \(c.treatment): \(c.subject)\(values)\n")
                out.write("       old: \(c.old)\n")
                out.write("       new: \(c.new)\n")
                if case .object(let w) = c.witness, case .string(let id)? = w["id"] {
                    let file = options.values["--write-tests"].map { ($0 as NSString).appendingPathComponent(id + ".json") }
                    out.write("       witness: \(file ?? id)\n")
                }
            }
        }
        let quiet = groups.filter(\.kinds.isEmpty).flatMap(\.hunks)
        if !quiet.isEmpty {
            out.write("\nChanged with no decision change among the cases tried: ")
            let quietGroups = groups.filter(\.kinds.isEmpty)
            out.write(quietGroups.map { g in
                let lines = g.hunks.map { "old \($0.oldRange), new \($0.newRange)" }.joined(separator: "; ")
                return g.declarations.isEmpty ? lines : g.declarations.joined(separator: ", ") + " (" + lines + ")"
            }.joined(separator: "; ") + "\n")
        }
        return 0
    }
}
