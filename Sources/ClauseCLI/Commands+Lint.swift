import ClauseKit

extension CLI {
    /// The lints of a policy that checked without errors; errors instead of warnings when `strict`
    /// (an acknowledged lint is a note and stays one).
    func lintDiagnostics(_ loaded: LoadedPolicy, strict: Bool) -> [Diagnostic] {
        Linter.lint(loaded.result, source: loaded.source).map { lint in
            var d = lint
            if strict && d.severity == .warning { d.severity = .error }
            return d
        }
    }
}
