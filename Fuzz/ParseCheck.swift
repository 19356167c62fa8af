// Fuzz target `parse`: lex + parse + check of arbitrary bytes as a policy, every
// diagnostic rendered (the renderer slices source lines by span and must hold).
enum ParseCheckTarget {
    static func run(_ bytes: [UInt8]) {
        let source = SourceFile(name: "fuzz.clause", bytes: bytes)
        let result = Checker.check(source: source)
        _ = DiagnosticRenderer(useColor: false).render(result.diagnostics, in: source)
        _ = DiagnosticRenderer(useColor: true).render(result.diagnostics, in: source)
    }
}
