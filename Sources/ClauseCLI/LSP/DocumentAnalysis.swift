import ClauseKit

/// What the server knows of one version of a document: parsed, checked and linted once, as
/// `clause check` does it, with the names the checker recorded. The last version that checked
/// is kept beside it (`LanguageServer.lastGood`) for hover and completion while the text is broken.
struct DocumentAnalysis {
    let version: Int
    let source: SourceFile
    /// Parse and check diagnostics, then the lints of a policy that checked: `clause check`'s list.
    let diagnostics: [Diagnostic]
    let result: CheckResult
    var symbols: SymbolIndex { result.symbols ?? SymbolIndex() }
    var policy: CheckedPolicy? { result.policy }

    init(_ document: LSPDocument) {
        version = document.version
        source = document.source
        result = Checker.check(source: source, recordingSymbols: true)
        diagnostics = Diagnostic.sorted(result.diagnostics + Linter.lint(result, source: source))
    }

    /// The LSP form of a diagnostic: the same span, message, label and help as `clause check`.
    static func json(_ d: Diagnostic, in document: LSPDocument) -> JSONValue {
        var message = d.message
        if let label = d.label { message += "\n" + label }
        if let help = d.help { message += "\nhelp: " + help }
        let severity: Int
        switch d.severity {
        case .error: severity = 1
        case .warning: severity = 2
        case .note: severity = 3
        }
        return .obj([("range", document.range(d.span)), ("severity", .int(severity)), ("code", .string(d.code.rawValue)),
                     ("source", .string("clause")), ("message", .string(message))])
    }

    /// The diagnostics of a `.tests` file: its syntax error, if any (tests are run on request).
    static func testFileDiagnostics(_ document: LSPDocument) -> [JSONValue] {
        do {
            _ = try TestFileParser.parse(document.source)
            return []
        } catch {
            let line = max(0, error.line - 1)
            // Columns count characters; a test file's syntax is ASCII where errors are found.
            let start = LSPPosition(line: line, character: max(0, error.column - 1))
            let end = LSPPosition(line: line, character: start.character + 1)
            return [.obj([("range", .obj([("start", start.json), ("end", end.json)])), ("severity", .int(1)),
                          ("source", .string("clause")), ("message", .string(error.message))])]
        }
    }
}
