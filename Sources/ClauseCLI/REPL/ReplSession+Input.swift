import Foundation
import ClauseKit

extension ReplSession {
    /// What became of an input.
    enum InputStatus: Equatable {
        case done
        /// The input ended early (an open brace, a trailing operator): ask for another line.
        case incomplete
        /// Complete declarations that a next line may still continue (`requires …` after a
        /// `cover` rule): hold them on `...>` until a line that does not continue them.
        case held
    }

    static let declarationKeywords: Set<String> = ["policy", "codes", "define", "cover", "deny", "limit", "network", "treatment", "fields"]

    /// Whether typed text is a declaration (it starts with a declaration keyword that is not a
    /// path segment) rather than an expression.
    static func isDeclaration(_ text: String) -> Bool {
        let trimmed = text.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        let word = trimmed.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        guard declarationKeywords.contains(String(word)) else { return false }
        let after = trimmed.dropFirst(word.count).drop { $0 == " " || $0 == "\t" }
        guard let next = after.first else { return true }
        return next != "." && !"=<>!+-*/)".contains(next) && !after.hasPrefix("and ") && !after.hasPrefix("or ")
    }

    /// Handles declarations or an expression (one or more lines). With `final`, an input that
    /// ended early is reported instead of asking for more.
    func input(_ text: String, final: Bool = false) -> InputStatus {
        if text.allSatisfy({ $0.isWhitespace }) { return .done }
        if ReplSession.isDeclaration(text) {
            return declare(text, final: final)
        }
        return evaluateExpression(text, final: final)
    }

    // MARK: Declarations

    func declare(_ text: String, final: Bool) -> InputStatus {
        let bytes = Array(text.utf8)
        let chunk = SourceFile(name: "<input>", bytes: bytes)
        let parsed = Parser.parseDeclarations(chunk)
        if parsed.unexpectedEndOfInput && !final { return .incomplete }
        if parsed.diagnostics.contains(where: { $0.severity == .error }) {
            renderTyped(parsed.diagnostics, in: chunk)
            return .done
        }
        if !final && Continuation.canContinue(text) { return .held }
        var candidate = sessionPolicy
        let changes = candidate.add(chunk: bytes, parsed: parsed.file)
        let (result, combined, offsets) = check(candidate)
        let chunkStart = offsets.last ?? 0
        // Errors refuse the change; warnings, if any, are shown either way.
        reportSessionDiagnostics(result.diagnostics, combined: combined, chunk: chunk, chunkStart: chunkStart,
                                 refused: result.policy == nil)
        guard let newPolicy = result.policy else { return .done }
        sessionPolicy = candidate
        let note = install(newPolicy)
        defer { if let note { say(note) } }
        for change in changes {
            let line = combined.line(of: SourceSpan(start: change.span.start + chunkStart, end: 0))
            if change.replaced.isEmpty {
                say("added \(change.what) (session line \(line))")
            } else {
                say("\(change.what) replaces the one on \(change.replaced.joined(separator: " and ")) (now session line \(line))")
            }
        }
        return .done
    }

    /// Diagnostics in the typed chunk are shown against it (the caret under the typed line);
    /// others, against the session's policy text (the file's lines are unchanged).
    func reportSessionDiagnostics(_ diagnostics: [Diagnostic], combined: SourceFile, chunk: SourceFile, chunkStart: Int,
                                  refused: Bool) {
        let inChunk = diagnostics.filter { $0.span.start >= chunkStart }.map { d -> Diagnostic in
            var d = d
            d.span = SourceSpan(start: d.span.start - chunkStart, end: d.span.end - chunkStart)
            return d
        }
        let elsewhere = diagnostics.filter { $0.span.start < chunkStart }
        render(elsewhere, in: combined)
        if !elsewhere.isEmpty && !inChunk.isEmpty { err.write("\n") }
        renderTyped(inChunk, in: chunk)
        if refused && inChunk.isEmpty {
            fail("this declaration would break the policy; the session keeps its current policy")
        }
    }

    /// Diagnostics in typed text. In a script they cite the script's own lines (the input
    /// began on `typedLine` of `typedName`); at the prompt, the lines of the input itself.
    func renderTyped(_ diagnostics: [Diagnostic], in chunk: SourceFile) {
        guard typedLine > 1 || typedName != chunk.name else { return render(diagnostics, in: chunk) }
        let padding = [UInt8](repeating: UInt8(ascii: "\n"), count: typedLine - 1)
        let placed = SourceFile(name: typedName, bytes: padding + chunk.bytes)
        render(diagnostics.map { d in
            var d = d
            d.span = SourceSpan(start: d.span.start + padding.count, end: d.span.end + padding.count)
            return d
        }, in: placed)
    }

    // MARK: Expressions

    func evaluateExpression(_ text: String, final: Bool) -> InputStatus {
        let checked = ExpressionEvaluator.check(text, in: policy)
        if checked.unexpectedEndOfInput && !final { return .incomplete }
        guard let expression = checked.expression else {
            renderTyped(checked.diagnostics, in: checked.input)
            return .done
        }
        guard let c = requireCase() else { return .done }
        let result: ExpressionResult
        do {
            result = try ExpressionEvaluator.evaluate(expression, policy: policy, patientCase: c)
        } catch {
            let span = SourceSpan(start: error.span.start - expression.offset, end: error.span.end - expression.offset)
            if span.start >= 0 {
                renderTyped([.error(.typeMismatch, error.message, at: span)], in: checked.input)
            } else {
                fail("\(error.message)\n  --> \(sourceName):\(error.line)")
            }
            return .done
        }
        say(ReplSession.format(result))
        return .done
    }

    /// `true   (patient.age = 34)`; an unknown result names what the case lacks.
    static func format(_ result: ExpressionResult) -> String {
        let word: String
        if let truth = result.truth { word = truth.rawValue } else { word = result.value?.display ?? "unknown" }
        var line = word
        if !result.values.isEmpty { line += "   (" + TextRenderer.describe(result.values) + ")" }
        if result.value == nil, !result.missing.isEmpty {
            line += "\n  the case does not give " + result.missing.map { "`\($0)`" }.joined(separator: ", ")
        }
        return line
    }
}
