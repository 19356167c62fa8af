/// The policy's source, for the evaluator's error messages (never used on the happy path): the
/// text of a span, and an error located at it.
struct PolicyText {
    let source: SourceFile

    func fail(_ message: String, _ span: SourceSpan) -> EvaluationError {
        EvaluationError(message, span: span, line: source.line(of: span))
    }

    func text(_ span: SourceSpan) -> String { source.text(span) }

    /// A value where true or false is needed: `` `source` is a number (3), expected true or false ``.
    func notBoolean(_ v: Value, _ source: String, at span: SourceSpan) -> EvaluationError {
        fail("`\(source)` is \(v.typeName) (\(v.display)), expected true or false", span)
    }
}
