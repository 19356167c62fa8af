/// Renders diagnostics in the rustc/Cedar style:
///
/// ```
/// Policies/acme-ppo.clause:31:22: error: unknown code set `major_depresion`
///    |
/// 31 |   diagnosis in major_depresion
///    |                ^^^^^^^^^^^^^^^ did you mean `major_depression`?
/// ```
public struct DiagnosticRenderer: Sendable {
    public var useColor: Bool
    /// Source lines longer than this many bytes are shown clipped around the error.
    public static let maximumWidth = 160

    public init(useColor: Bool = false) {
        self.useColor = useColor
    }

    public func render(_ diagnostic: Diagnostic, in file: SourceFile) -> String {
        let start = file.location(of: diagnostic.span.start)
        let line = start.line
        let (lineText, firstColumn, lastColumn) = window(line: line, around: diagnostic.span.start, in: file)
        let gutter = String(line).count
        let pad = String(repeating: " ", count: gutter)

        var out = ""
        let severityText = paint(diagnostic.severity.rawValue, color: diagnostic.severity == .error ? "31" : "33")
        out += bold("\(file.name):\(line):\(start.column): ") + severityText + bold(": \(DiagnosticRenderer.clipped(diagnostic.message))") + "\n"
        out += "\(pad) \(blue("|"))\n"
        out += "\(blue(String(line))) \(blue("|")) \(lineText)\n"

        // Underline: clamp to this line.
        let lineEndOffset = line < file.lineStarts.count ? file.lineStarts[line] - 1 : file.bytes.count
        let endOffset = min(max(diagnostic.span.end, diagnostic.span.start + 1), max(lineEndOffset, diagnostic.span.start + 1))
        let endColumn = file.location(of: min(endOffset, lineEndOffset)).column
        let width = max(1, min(lastColumn + 1, diagnostic.span.end > diagnostic.span.start ? endColumn : start.column + 1) - start.column)
        let caretPad = String(repeating: " ", count: max(0, start.column - firstColumn))
        var underline = paint(String(repeating: "^", count: width), color: diagnostic.severity == .error ? "31" : "33")
        if let label = diagnostic.label { underline += " " + label }
        out += "\(pad) \(blue("|")) \(caretPad)\(underline)\n"
        if let help = diagnostic.help {
            out += "\(pad) \(blue("=")) \(bold("help")): \(DiagnosticRenderer.clipped(help))\n"
        }
        return out
    }

    /// The text of a line to show and the columns of its first and last shown characters
    /// (the first is counted from 1 including a leading `…`). A line longer than
    /// `maximumWidth` bytes is shown as a window around `offset`, with `…` at the cut ends;
    /// only the window is decoded, so a 10 MB line costs no more than a short one.
    func window(line: Int, around offset: Int, in file: SourceFile) -> (text: String, first: Int, last: Int) {
        guard line >= 1, line <= file.lineStarts.count else { return ("", 1, 1) }
        let lineStart = file.lineStarts[line - 1]
        let lineEnd = line < file.lineStarts.count ? file.lineStarts[line] - 1 : file.bytes.count
        let width = DiagnosticRenderer.maximumWidth
        guard lineEnd - lineStart > width else {
            let text = file.lineText(line).replacingTabs()
            return (text, 1, text.unicodeScalars.count + 1)
        }
        func isContinuation(_ i: Int) -> Bool { i < file.bytes.count && file.bytes[i] & 0xC0 == 0x80 }
        var from = max(lineStart, min(offset - width / 4, lineEnd - width))
        while from > lineStart, isContinuation(from) { from -= 1 }
        var to = min(lineEnd, from + width)
        while to < lineEnd, isContinuation(to) { to -= 1 }
        let body = String(decoding: file.bytes[from..<max(from, to)], as: UTF8.self).replacingTabs()
        let lead = from > lineStart ? "…" : ""
        let text = lead + body + (to < lineEnd ? "…" : "")
        let fromColumn = file.location(of: from).column
        let first = fromColumn - lead.unicodeScalars.count
        return (text, first, fromColumn + body.unicodeScalars.count)
    }

    /// A message is cut after `maximumWidth * 2` characters (it may quote a huge identifier).
    static func clipped(_ message: String) -> String {
        let scalars = message.unicodeScalars
        guard scalars.count > maximumWidth * 2 else { return message }
        return String(scalars.prefix(maximumWidth * 2)) + "…"
    }

    public func render(_ diagnostics: [Diagnostic], in file: SourceFile) -> String {
        diagnostics.map { render($0, in: file) }.joined(separator: "\n")
    }

    private func paint(_ s: String, color: String) -> String {
        useColor ? "\u{1B}[1;\(color)m\(s)\u{1B}[0m" : s
    }
    private func bold(_ s: String) -> String { useColor ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    private func blue(_ s: String) -> String { useColor ? "\u{1B}[1;34m\(s)\u{1B}[0m" : s }
}

extension String {
    fileprivate func replacingTabs() -> String {
        var s = ""
        for c in self { s.append(c == "\t" ? " " : c) }
        return s
    }
}
