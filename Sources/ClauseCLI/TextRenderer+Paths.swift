import ClauseKit

/// The "Path to coverage" section: what would make a non-covered decision covered.
extension TextRenderer {
    func renderPaths(_ d: Decision) -> String {
        guard d.pathsToCoverage != nil, d.kind != .covered else { return "" }
        // A path that changes nothing (a decision waiting on a dose, say) says nothing.
        let paths = d.shownPathsToCoverage
        if paths.isEmpty && d.kind == .needsInformation { return "" }
        var out = "\n" + bold("Path to coverage")
        if paths.isEmpty {
            if d.denialKind == .noCoverageRule {
                return out + ": none; the policy has no cover rule for \(d.treatment), so no change to the case can make it covered\n"
            }
            return out + ": none found; no change to the case's facts makes a cover rule hold\n"
        }
        let ordering = paths.contains(where: \.isActionable) && paths.contains(where: { !$0.isActionable })
            ? "what can be done first, then what the record must document; smallest first; any one of these"
            : "smallest first; any one of these"
        out += paths.count == 1 ? "\n" : " (\(ordering))\n"
        for (i, p) in paths.enumerated() {
            var head = "  \(i + 1). \(d.sentence(of: p))"
            if let title = p.ruleTitle, let line = p.ruleLine { head += dim("  via \"\(title)\" (line \(line))") }
            out += head + "\n"
            // Actions are boxes to tick; clinical facts are what a clinician documents, or not.
            for c in p.changes {
                let text = d.describe(c)
                var row = c.isAction ? "       ☐ \(text)" : "       • \(text)"
                var cite: [String] = c.isAction ? [] : ["clinical fact"]
                if let crit = c.criterion, crit != text { cite.append("'\(crit)'") }
                if let line = c.line { cite.append("line \(line)") }
                if !cite.isEmpty { row += dim("  " + cite.joined(separator: ", ")) }
                out += row + "\n"
            }
            switch p.verified {
            case true?:
                let result = p.verifiedDecision == .partiallyCovered
                    ? "sessions covered again (partially covered)"
                    : (p.verifiedDecision?.rawValue ?? "covered").replacingOccurrences(of: "_", with: " ")
                out += dim("       tried on this case: \(result)") + "\n"
            case false?: out += dim("       tried on this case: not enough on its own (\(p.verifiedDecision?.rawValue ?? "refused"))") + "\n"
            case nil: out += dim("       not tried: some change has no single value to set") + "\n"
            }
        }
        return out
    }
}
