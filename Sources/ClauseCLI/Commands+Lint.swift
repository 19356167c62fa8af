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
}
