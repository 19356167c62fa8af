/// How serious a diagnostic is.
public enum Severity: String, Sendable, Hashable {
    case error
    case warning
    case note
}

/// A stable identifier for each kind of diagnostic, so tests and tools need not match message text.
public enum DiagnosticCode: String, Sendable, Hashable {
    // lexing
    case invalidCharacter, invalidUTF8, unterminatedString, invalidEscape, invalidNumber, numberTooLarge
    case invalidDate, invalidMoney, invalidCode, sourceTooLarge
    // parsing
    case unexpectedToken, unexpectedEndOfInput, expectedDeclaration, nestingTooDeep
    // checking
    case missingHeader, duplicateHeader, undeclaredName, duplicateName, undeclaredTreatment
    case typeMismatch, invalidDateOrder, duplicateTier, invalidCodeRange, invalidLimit, cyclicDefine
    case wrongKindOfName, invalidPhase, duplicateBillingCode, invalidAddress
    // case schemas (`fields`)
    case undeclaredField
    // lints: warnings from `clause check` (errors with `--strict`)
    case contradictoryBounds, denyCoversRule, duplicateRule, unusedDefine, unusedCodeSet
    case treatmentWithoutCoverRule, overlappingCodes, shadowedLimit, unreachableTier
    case reviewKindWithoutCover, authorizationOutlastsLimit, likelyMisspelledPath
    // lint acknowledgements (`# clause: allow LINT "reason"`): malformed, or acknowledging nothing
    case invalidAcknowledgement, unusedAcknowledgement
}

/// A message about one place in a source file.
public struct Diagnostic: Sendable, Hashable, Error {
    /// Each stage (lexer, parser, checker) reports at most this many diagnostics; past it the
    /// rest are dropped, so hostile input cannot make rendering quadratic or memory unbounded.
    public static let maximumPerStage = 100

    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String
    public var span: SourceSpan
    /// Short text printed under the caret line, e.g. "did you mean `x`?".
    public var label: String?
    /// Advice printed as `help: …` after the snippet.
    public var help: String?

    public init(_ severity: Severity = .error, _ code: DiagnosticCode, _ message: String,
                at span: SourceSpan, label: String? = nil, help: String? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.span = span
        self.label = label
        self.help = help
    }

    public static func error(_ code: DiagnosticCode, _ message: String, at span: SourceSpan,
                             label: String? = nil, help: String? = nil) -> Diagnostic {
        Diagnostic(.error, code, message, at: span, label: label, help: help)
    }
}

extension Diagnostic {
    /// Diagnostics in the order they are reported: by where they start in the source, and in
    /// the order given for the same place (stable).
    public static func sorted(_ diagnostics: some Sequence<Diagnostic>) -> [Diagnostic] {
        diagnostics.enumerated()
            .sorted { ($0.element.span.start, $0.offset) < ($1.element.span.start, $1.offset) }
            .map(\.element)
    }
}
