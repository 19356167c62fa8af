/// What evaluation needs to word an error: the policy text of a span, and an error located at it.
protocol SpanReporting {
    func fail(_ message: String, _ span: SourceSpan) -> EvaluationError
    func text(_ span: SourceSpan) -> String
}

/// The policy's source, for error messages of the compiled evaluator (never used on the happy path).
struct PolicyText: SpanReporting {
    let source: SourceFile

    func fail(_ message: String, _ span: SourceSpan) -> EvaluationError {
        EvaluationError(message, span: span, line: source.line(of: span))
    }

    func text(_ span: SourceSpan) -> String { source.text(span) }
}
