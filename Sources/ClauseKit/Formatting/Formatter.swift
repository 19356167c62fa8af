/// `clause fmt`: prints a policy in one canonical layout, keeping its comments.
///
/// The layout: two-space indentation; one declaration item per line; criteria of a block one
/// per line with their labels aligned (at column 40, or further when an entry is long);
/// `=` of consecutive `codes` lines and the names of a network's tiers aligned; trailing
/// comments of consecutive lines aligned two spaces after the longest; a criterion wider than
/// 100 columns wrapped after `and`, `or` or `where` (`LayoutPrinter.wrap`); at most one blank
/// line where the author left blank lines, none elsewhere. Formatting is idempotent and never
/// changes what the policy means (the tests check `parse(fmt(x))` against `parse(x)`).
public enum Formatter {
    /// The formatted text, or the syntax errors that stop formatting.
    public static func format(_ source: SourceFile) -> Result<String, FormatFailure> {
        let parsed = Parser.parse(source, collectingComments: true)
        let errors = parsed.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { return .failure(FormatFailure(diagnostics: errors)) }
        var printer = LayoutPrinter(source: source, comments: parsed.comments)
        printer.file(parsed.file)
        return .success(printer.finish())
    }
}

/// Why a file could not be formatted: it does not parse.
public struct FormatFailure: Error, Sendable {
    public var diagnostics: [Diagnostic]
}
