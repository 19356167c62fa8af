/// An error that refuses a case: a value of the wrong type, division by zero, overflow.
public struct EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Where in the policy the failing expression is.
    public var span: SourceSpan
    public var line: Int

    public init(_ message: String, span: SourceSpan, line: Int) {
        self.message = message
        self.span = span
        self.line = line
    }

    public var description: String { "line \(line): \(message)" }
}
