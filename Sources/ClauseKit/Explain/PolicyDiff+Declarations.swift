extension Declaration {
    /// How output names a declaration: "define `adult`", "cover rule \"Title\"", "limits of
    /// `esketamine`" (REPL notices, `clause diff`).
    public var phrase: String {
        switch self {
        case .header(let h): return "policy header \"\(h.title.value)\""
        case .codes(let c): return "code set `\(c.name.text)`"
        case .define(let d): return "define `\(d.name.text)`"
        case .treatment(let t): return "treatment `\(t.name.text)`"
        case .limit(let l): return "limits of `\(l.treatment.text)`"
        case .network: return "network"
        case .fields: return "fields block"
        case .table(let t): return "table `\(t.name.text)`"
        case .rule(let r):
            let targets = r.treatments.map(\.text).joined(separator: ", ")
            return "\(r.kind.rawValue) rule" + (r.title.map { " \"\($0.value)\"" } ?? " for \(targets)")
        }
    }
}

extension PolicyDiff {
    /// The declarations that lines `first` ..< `first + count` (1-based) of a policy's text
    /// belong to, in order, by `Declaration.phrase`; a line of the network block names its tier
    /// ("network tier `in_network`"). Lines outside every declaration (comments, blank lines)
    /// name none; a text that does not parse names none.
    public static func declarations(in text: String, lines first: Int, count: Int) -> [String] {
        guard count > 0 else { return [] }
        let source = SourceFile(name: "policy", text: text)
        let file = Parser.parse(source).file
        let last = first + count - 1
        func touches(_ span: SourceSpan) -> Bool {
            let start = source.line(of: span)
            let end = source.lineIndex(of: max(span.start, span.end - 1)) + 1
            return start <= last && end >= first
        }
        var names: [String] = []
        if let header = file.header, touches(header.span) { names.append(Declaration.header(header).phrase) }
        for decl in file.declarations where touches(decl.span) {
            if case .network(let n) = decl {
                let tiers = n.tiers.filter { touches($0.span) }
                names += tiers.isEmpty ? [decl.phrase] : tiers.map { "network tier `\($0.name.text)`" }
            } else {
                names.append(decl.phrase)
            }
        }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// The declarations a run of changed lines belongs to: those of its old lines in the old
    /// text, then those of its new lines in the new text not already named.
    public static func declarations(of hunk: LineDiff.Hunk, oldText: String, newText: String) -> [String] {
        let names = declarations(in: oldText, lines: hunk.oldLine, count: hunk.old.count)
            + declarations(in: newText, lines: hunk.newLine, count: hunk.new.count)
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }
}
