/// The policy's source, for the evaluator's error messages (never used on the happy path): the
/// text of a span, and an error located at it.
struct PolicyText {
    let source: SourceFile

    func fail(_ message: String, _ span: SourceSpan) -> EvaluationError {
        EvaluationError(message, span: span, line: source.line(of: span))
    }

    func text(_ span: SourceSpan) -> String { source.text(span) }
}
