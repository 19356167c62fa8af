/// Lint acknowledgements in the source: a comment line
///
///     # clause: allow treatment-without-cover-rule "E&I bulletin: ketamine is never covered"
///
/// directly before a declaration (only comment lines between them, no blank line) acknowledges
/// that lint on that declaration, with a reason. An acknowledged lint is still reported, as a
/// note that gives the reason, so `clause check --strict` does not fail on it. An
/// acknowledgement that is malformed, names no lint, is not directly before a declaration, or
/// acknowledges nothing is itself a warning.
///
/// Strings cannot span lines, so a line whose first non-blank byte is `#` is always a comment:
/// acknowledgements are found in the source text, line by line, without lexing it again.
struct LintAcknowledgement {
    /// The lint's code, when the name is a lint's.
    var code: DiagnosticCode
    var reason: String
    /// The comment.
    var span: SourceSpan
    /// The declaration it applies to.
    var declaration: SourceSpan
    var used = false
}

extension Linter {
    /// Every lint, in the order of the table in docs/semantics.md; a lint's name in an
    /// acknowledgement is its code in kebab case (`treatment-without-cover-rule`).
    static let lintCodes: [DiagnosticCode] = [
        .contradictoryBounds, .denyCoversRule, .duplicateRule, .unusedDefine, .unusedCodeSet,
        .treatmentWithoutCoverRule, .overlappingCodes, .reviewKindWithoutCover, .authorizationOutlastsLimit,
        .shadowedLimit, .unreachableTier, .likelyMisspelledPath,
    ]

    /// `treatmentWithoutCoverRule` → `treatment-without-cover-rule`.
    public static func lintName(_ code: DiagnosticCode) -> String {
        var out = ""
        for c in code.rawValue {
            if c.isUppercase { out += "-" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    static let acknowledgementPrefix = "clause:"

    /// The acknowledgements of the file, each tied to the declaration after it; malformed ones
    /// are reported as warnings.
    mutating func acknowledgements() -> [LintAcknowledgement] {
        var starts: [(line: Int, span: SourceSpan)] = file.declarations.map { (line($0.span), $0.span) }
        if let h = file.header { starts.append((line(h.span), h.span)) }
        let declarationAt = Dictionary(starts.map { ($0.line, $0.span) }, uniquingKeysWith: { a, _ in a })
        let names = Linter.lintCodes.map(Linter.lintName)
        var found: [LintAcknowledgement] = []
        var pending: [(text: Substring, span: SourceSpan)] = []
        let bytes = source.bytes
        for (index, start) in source.lineStarts.enumerated() {
            let end = index + 1 < source.lineStarts.count ? source.lineStarts[index + 1] - 1 : bytes.count
            var first = start
            while first < end, bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t") || bytes[first] == UInt8(ascii: "\r") { first += 1 }
            if first < end, bytes[first] == UInt8(ascii: "#") {
                let span = SourceSpan(start: first, end: end > first && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end)
                let text = source.text(span).dropFirst().drop { $0 == " " || $0 == "\t" }
                if text.hasPrefix(Linter.acknowledgementPrefix) { pending.append((text, span)) }
                continue
            }
            guard !pending.isEmpty else { continue }
            // The first line after the comments: a declaration starts here, or nothing is acknowledged.
            let target = first < end ? declarationAt[index + 1] : nil
            for (text, span) in pending {
                guard let (name, reason) = parseAcknowledgement(text, span: span) else { continue }
                guard let code = Linter.lintCodes.first(where: { Linter.lintName($0) == name }) else {
                    let close = names.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= max(2, name.count / 3) }.min { $0.1 < $1.1 }
                    warn(.invalidAcknowledgement, "`\(name)` is not a lint", at: span,
                         label: close.map { "did you mean `\($0.0)`?" },
                         help: "the lints are \(names.map { "`\($0)`" }.joined(separator: ", "))")
                    continue
                }
                guard let target else {
                    warn(.invalidAcknowledgement, "this acknowledgement is not directly before a declaration", at: span,
                         label: "acknowledges nothing",
                         help: "put it on the line just above the declaration whose lint it acknowledges (comment lines may come between, blank lines may not)")
                    continue
                }
                found.append(LintAcknowledgement(code: code, reason: reason, span: span, declaration: target))
            }
            pending = []
        }
        for (_, span) in pending {
            warn(.invalidAcknowledgement, "this acknowledgement is not directly before a declaration", at: span,
                 label: "acknowledges nothing", help: "put it on the line just above the declaration whose lint it acknowledges")
        }
        return found
    }

    /// `clause: allow NAME "REASON"` → (NAME, REASON); a warning and nil when malformed.
    mutating func parseAcknowledgement(_ text: Substring, span: SourceSpan) -> (String, String)? {
        var rest = text.dropFirst(Linter.acknowledgementPrefix.count).drop(while: \.isWhitespace)
        let example = "write `# clause: allow LINT \"why the policy is right as it is\"`, as in `# clause: allow treatment-without-cover-rule \"E&I bulletin: never covered\"`"
        guard rest.hasPrefix("allow ") || rest.hasPrefix("allow\t") else {
            warn(.invalidAcknowledgement, "a `# clause:` comment must be `allow LINT \"reason\"`", at: span, help: example)
            return nil
        }
        rest = rest.dropFirst(5).drop(while: \.isWhitespace)
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        rest = rest.dropFirst(name.count).drop(while: \.isWhitespace)
        while rest.last?.isWhitespace == true { rest = rest.dropLast() }
        guard !name.isEmpty, rest.count >= 2, rest.first == "\"", rest.last == "\"",
              !rest.dropFirst().dropLast().contains("\""),
              !rest.dropFirst().dropLast().allSatisfy(\.isWhitespace) else {
            warn(.invalidAcknowledgement, "an acknowledgement needs the lint's name and a reason in quotes", at: span, help: example)
            return nil
        }
        return (String(name), String(rest.dropFirst().dropLast()))
    }

    /// Turns each lint an acknowledgement covers (same lint, inside the declaration after it)
    /// into a note giving the reason; reports acknowledgements that cover nothing.
    mutating func applyAcknowledgements() {
        var acks = acknowledgements()
        guard !acks.isEmpty else { return }
        for (i, d) in diagnostics.enumerated() where d.severity == .warning && Linter.lintCodes.contains(d.code) {
            guard let k = acks.firstIndex(where: { $0.code == d.code && $0.declaration.start <= d.span.start && d.span.start < $0.declaration.end })
            else { continue }
            acks[k].used = true
            diagnostics[i].severity = .note
            diagnostics[i].message += " (acknowledged)"
            diagnostics[i].help = "acknowledged on line \(line(acks[k].span)): \(acks[k].reason)"
        }
        for a in acks where !a.used {
            warn(.unusedAcknowledgement, "`\(Linter.lintName(a.code))` does not fire on this declaration", at: a.span,
                 label: "acknowledges nothing",
                 help: "remove the acknowledgement: the policy no longer has what it excuses")
        }
    }
}
