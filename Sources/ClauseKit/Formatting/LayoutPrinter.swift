/// One output line: indentation, text, and an optional trailing comment.
struct OutputLine {
    var indent: Int
    var text: String
    var comment: String?
}

struct LayoutPrinter {
    static let labelColumn = 39
    static let maxWidth = 100
    /// A block entry wider than this puts its label on the next line instead of pushing the column.
    static let longEntry = 50
    /// Code set names longer than this are not padded to align `=`.
    static let alignedNameLimit = 16

    let source: SourceFile
    let comments: [SourceSpan]
    var nextComment = 0
    var lines: [OutputLine] = []
    var indent = 0
    /// The source offset up to which everything has been printed.
    var lastEnd = 0

    init(source: SourceFile, comments: [SourceSpan]) {
        self.source = source
        self.comments = comments
    }

    // MARK: - Lines and comments

    /// Emits a line for source starting at `start` whose last token ends at `anchor`: first the
    /// comments before it, then a blank line if the author left one, then the line and any
    /// comment that follows it on the same source line.
    mutating func emit(_ text: String, start: Int, anchor: Int, keepBlank: Bool = true) {
        flushComments(before: start)
        if keepBlank { blankLineIfAuthored(before: start) }
        lines.append(OutputLine(indent: indent, text: text))
        lastEnd = max(lastEnd, anchor)
        attachTrailingComment(after: anchor)
    }

    /// A criterion wider than `maxWidth` over several lines: broken after `and`, `or` and
    /// `where` (outermost first), continuation lines indented two levels deeper. The pieces
    /// come from the canonical one-line text, so wrapping is idempotent, and line breaks are
    /// blanks to the parser, so it never changes the policy.
    mutating func emitWrapped(_ text: String, start: Int, anchor: Int, keepBlank: Bool = true) {
        let pieces = LayoutPrinter.wrap(text, first: LayoutPrinter.maxWidth - indent * 2,
                                        rest: LayoutPrinter.maxWidth - indent * 2 - LayoutPrinter.continuation.count)
        guard pieces.count > 1 else {
            emit(text, start: start, anchor: anchor, keepBlank: keepBlank)
            return
        }
        emit(pieces[0], start: start, anchor: start, keepBlank: keepBlank)
        for piece in pieces.dropFirst().dropLast() { lines.append(OutputLine(indent: indent, text: LayoutPrinter.continuation + piece)) }
        lines.append(OutputLine(indent: indent, text: LayoutPrinter.continuation + (pieces.last ?? "")))
        lastEnd = max(lastEnd, anchor)
        attachTrailingComment(after: anchor)
    }

    static let continuation = "    "

    /// Splits one-line criterion text at break points (after ` and `, ` or `, `where `, outside
    /// strings), preferring the shallowest parenthesis depth, so that each piece fits `first`
    /// (the first) or `rest` columns where it can. A piece with no break point stays long.
    static func wrap(_ text: String, first: Int, rest: Int) -> [String] {
        guard text.count > first else { return [text] }
        let chars = Array(text)
        // Break points: index just after the separator's blank, with the depth there.
        var points: [(at: Int, depth: Int)] = []
        var depth = 0, inString = false, i = 0
        while i < chars.count {
            let c = chars[i]
            if inString {
                if c == "\\" { i += 2; continue }
                if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
            } else if c == "(" || c == "[" || c == "{" {
                depth += 1
            } else if c == ")" || c == "]" || c == "}" {
                depth -= 1
            } else if c == " " {
                for word in [" and ", " or ", " where "] where i + word.count <= chars.count
                    && String(chars[i..<(i + word.count)]) == word {
                    points.append((i + word.count - 1, depth))
                }
            }
            i += 1
        }
        guard let shallowest = points.map(\.depth).min() else { return [text] }
        var pieces: [String] = []
        var from = 0
        var limit = first
        // Greedy: the last break point of the shallowest depth that keeps the piece within
        // `limit`; deeper points only when no shallow one fits.
        while chars.count - from > limit {
            let candidates = points.filter { $0.at > from && $0.at - from <= limit }
            let best = candidates.filter { $0.depth == shallowest }.last ?? candidates.min { $0.depth < $1.depth || ($0.depth == $1.depth && $0.at > $1.at) }
            guard let cut = best ?? points.first(where: { $0.at > from }) else { break }
            pieces.append(String(chars[from..<cut.at]).trimmingTrailingBlanks)
            from = cut.at + 1
            limit = rest
        }
        pieces.append(String(chars[from...]))
        return pieces
    }

    mutating func flushComments(before offset: Int) {
        while nextComment < comments.count, comments[nextComment].start < offset {
            let span = comments[nextComment]
            blankLineIfAuthored(before: span.start)
            lines.append(OutputLine(indent: indent, text: commentText(span)))
            lastEnd = max(lastEnd, span.end)
            nextComment += 1
        }
    }

    mutating func attachTrailingComment(after anchor: Int) {
        guard nextComment < comments.count, !lines.isEmpty else { return }
        let span = comments[nextComment]
        let anchorLine = source.lineIndex(of: max(anchor - 1, 0))
        guard span.start >= anchor - 1, source.lineIndex(of: span.start) == anchorLine else { return }
        lines[lines.count - 1].comment = commentText(span)
        lastEnd = max(lastEnd, span.end)
        nextComment += 1
    }

    func commentText(_ span: SourceSpan) -> String {
        var text = source.text(span)
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        return text
    }

    /// Adds one blank line when the source has a blank line between `lastEnd` and `offset`,
    /// unless the output is at its start, after a blank line, or just inside a `{`.
    mutating func blankLineIfAuthored(before offset: Int) {
        guard let last = lines.last, !last.text.isEmpty, !(last.text.hasSuffix("{") && last.comment == nil),
              hasBlankLine(from: lastEnd, to: offset) else { return }
        lines.append(OutputLine(indent: 0, text: ""))
    }

    func hasBlankLine(from start: Int, to end: Int) -> Bool {
        let bytes = source.bytes
        var newlines = 0
        var i = max(0, start)
        while i < min(end, bytes.count) {
            switch bytes[i] {
            case UInt8(ascii: "\n"):
                newlines += 1
                if newlines >= 2 { return true }
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
            default: newlines = 0
            }
            i += 1
        }
        return false
    }

    /// Lines joined, trailing comments of consecutive lines aligned, one final newline.
    mutating func finish() -> String {
        flushComments(before: Int.max)
        var out = ""
        var i = 0
        while i < lines.count {
            var j = i
            while j < lines.count, lines[j].comment != nil { j += 1 }
            if j == i {
                let line = lines[i]
                out += line.text.isEmpty ? "\n" : String(repeating: "  ", count: line.indent) + line.text + "\n"
                i += 1
                continue
            }
            let width = lines[i..<j].map { $0.indent * 2 + $0.text.count }.max() ?? 0
            for line in lines[i..<j] {
                let body = String(repeating: "  ", count: line.indent) + line.text
                let pad = body.isEmpty ? "" : String(repeating: " ", count: width - body.count + 2)
                out += body + pad + (line.comment ?? "") + "\n"
            }
            i = j
        }
        return out
    }

    /// `text` followed by `label`, the label at `column` (or two spaces after the text).
    static func labelled(_ text: String, _ label: StringLiteral?, indent: Int, column: Int) -> String {
        guard let label else { return text }
        let used = indent * 2 + text.count
        return text + String(repeating: " ", count: max(2, column - used)) + ExpressionPrinter.quote(label.value)
    }
}

extension String {
    var trimmingTrailingBlanks: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
