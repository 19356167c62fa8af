import ClauseKit

/// When typed input is finished, as the parser sees it. A declaration is complete only when no
/// continuation can follow it: after `cover … when { … }` a `requires …` line still belongs to
/// the rule (policy files write it so), after `deny … when …` an `unless …` line does, and
/// after a criterion written over several lines without a label, a label line does. Such
/// a declaration is held on the `...>` prompt; a blank line, or a next line that does not
/// continue it, completes it. The grammar lives in the parser only: these questions are asked
/// by parsing the text with and without the next line, never by matching words here.
enum Continuation {
    /// Clauses that may follow a complete declaration on a line of their own. Each is a
    /// probe: if the parser reads the text followed by one as the same declarations, with no
    /// error, a line of that kind can continue the text.
    static let probes = ["requires referral", "unless true"]
    /// A label on a line of its own is how policy files often end a `define` written over
    /// several lines (`define x =`, the criterion, then its label), so a declaration typed
    /// over several lines is also held while a label could follow. (One typed on one line
    /// runs at once: its label, if any, is on that line.)
    static let labelProbe = "\"label\""

    /// Brackets (`{`, `(`, `[`) opened and not yet closed after `text`, starting from `depth`
    /// open ones, counted on tokens (so a brace in a string or a comment does not count).
    /// While some are open, lines are gathered without running anything, so an error inside
    /// a block is reported once, for the whole block. Strings and comments end at the end of
    /// their line, so counting line by line gives what counting the whole text would.
    static func openBrackets(_ text: String, from depth: Int = 0) -> Int {
        var lexer = Lexer(source: SourceFile(name: "<input>", text: text))
        var depth = depth
        while true {
            let token = lexer.next()
            switch token.kind {
            case .endOfFile: return depth
            case .leftBrace, .leftParen, .leftBracket: depth += 1
            case .rightBrace, .rightParen, .rightBracket: depth = max(0, depth - 1)
            default: break
            }
        }
    }

    /// Whether the complete, error-free declarations in `text` could be continued by another
    /// line (so the REPL holds them on `...>` instead of running them at once).
    static func canContinue(_ text: String) -> Bool {
        let base = parse(text)
        guard !base.hasErrors, !base.unexpectedEndOfInput, !base.file.declarations.isEmpty else { return false }
        let probes = text.contains("\n") ? Continuation.probes + [labelProbe] : Continuation.probes
        return probes.contains { probe in
            let probed = parse(text + "\n" + probe)
            return !probed.hasErrors && !probed.unexpectedEndOfInput
                && probed.file.declarations.count == base.file.declarations.count
        }
    }

    /// Whether `line` continues the held declarations in `text` rather than starting new input:
    /// it does not start a declaration or a command, and the parser reads it as part of the
    /// last declaration (it extends it, leaves it unfinished, or breaks it).
    static func continues(_ text: String, with line: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard let first = trimmed.first, first != ":", first != "#" else { return false }
        if ReplSession.isDeclaration(line) { return false }
        let base = parse(text)
        let joined = parse(text + "\n" + line)
        if joined.unexpectedEndOfInput { return true }
        if joined.file.declarations.count < base.file.declarations.count { return true }
        guard let last = joined.file.declarations.last else { return false }
        return last.span.end > text.utf8.count
    }

    private static func parse(_ text: String) -> ParseResult {
        Parser.parseDeclarations(SourceFile(name: "<input>", text: text))
    }
}

private extension ParseResult {
    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
