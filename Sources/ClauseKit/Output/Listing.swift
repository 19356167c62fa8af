/// How output lists a long list: its first `shown` entries, then how many more. The
/// explanation's values of a list's entries (`Recorder`), the summary's missing facts and the
/// text's "Missing information" all follow it, so a case with a list of a million entries gives
/// readable output whose size does not grow with the list.
public enum Listing {
    /// How many entries of a long list are shown.
    public static let shown = 20

    /// The first `shown` items.
    public static func head<T>(_ items: [T]) -> ArraySlice<T> {
        items.prefix(shown)
    }

    /// "and 980 more facts" for the items past `shown`; nil when every item is shown.
    public static func rest(_ total: Int, _ noun: String, _ plural: String? = nil) -> String? {
        total > shown ? "and " + Plural.count(total - shown, "more " + noun, plural.map { "more " + $0 }) : nil
    }
}
