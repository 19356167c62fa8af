import ClauseKit

extension CLI {
    /// The lints of a policy that checked without errors; errors instead of warnings when `strict`.
    func lintDiagnostics(_ loaded: LoadedPolicy, strict: Bool) -> [Diagnostic] {
        Linter.lint(loaded.result, source: loaded.source).map { lint in
            var d = lint
            if strict { d.severity = .error }
            return d
        }
    }

    /// Two diagnostic lists merged in source order (stable).
    static func merged(_ a: [Diagnostic], _ b: [Diagnostic]) -> [Diagnostic] {
        (a + b).enumerated()
            .sorted { ($0.element.span.start, $0.offset) < ($1.element.span.start, $1.offset) }
            .map(\.element)
    }
}
