// libFuzzer target: lex + parse + check of arbitrary bytes as a policy.
// Built by Scripts/fuzz.sh together with the ClauseKit sources (outside SwiftPM).
// Any crash, trap, sanitizer report, timeout or out-of-memory is a finding.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParseCheck(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let source = SourceFile(name: "fuzz.clause", bytes: bytes)
    let result = Checker.check(source: source)
    // Render every diagnostic: the renderer slices source lines by span and must hold.
    _ = DiagnosticRenderer(useColor: false).render(result.diagnostics, in: source)
    return 0
}
