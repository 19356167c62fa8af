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

    public init(useColor: Bool = false) {
        self.useColor = useColor
    }

    public func render(_ diagnostic: Diagnostic, in file: SourceFile) -> String {
        let start = file.location(of: diagnostic.span.start)
        let line = start.line
        let lineText = file.lineText(line).replacingTabs()
        let gutter = String(line).count
        let pad = String(repeating: " ", count: gutter)

        var out = ""
        let severityText = paint(diagnostic.severity.rawValue, color: diagnostic.severity == .error ? "31" : "33")
        out += bold("\(file.name):\(line):\(start.column): ") + severityText + bold(": \(diagnostic.message)") + "\n"
        out += "\(pad) \(blue("|"))\n"
        out += "\(blue(String(line))) \(blue("|")) \(lineText)\n"

        // Underline: clamp to this line.
        let lineEndOffset = line < file.lineStarts.count ? file.lineStarts[line] - 1 : file.bytes.count
        let endOffset = min(max(diagnostic.span.end, diagnostic.span.start + 1), max(lineEndOffset, diagnostic.span.start + 1))
        let endColumn = file.location(of: min(endOffset, lineEndOffset)).column
        let width = max(1, (diagnostic.span.end > diagnostic.span.start ? endColumn : start.column + 1) - start.column)
        let caretPad = String(repeating: " ", count: max(0, start.column - 1))
        var underline = paint(String(repeating: "^", count: width), color: diagnostic.severity == .error ? "31" : "33")
        if let label = diagnostic.label { underline += " " + label }
        out += "\(pad) \(blue("|")) \(caretPad)\(underline)\n"
        if let help = diagnostic.help {
            out += "\(pad) \(blue("=")) \(bold("help")): \(help)\n"
        }
        return out
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
