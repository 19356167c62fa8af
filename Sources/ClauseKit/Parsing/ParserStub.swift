public struct ParseResult: Sendable { public var file: PolicyFile; public var diagnostics: [Diagnostic]; public var unexpectedEndOfInput: Bool }
public struct Parser { public static func parse(_ source: SourceFile) -> ParseResult { ParseResult(file: PolicyFile(header: nil, declarations: []), diagnostics: [], unexpectedEndOfInput: false) } }
