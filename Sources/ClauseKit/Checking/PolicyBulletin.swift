/// The bulletin a policy is written from, as its header gives it: `number "CPB 0938"`,
/// `revised DATE`, `reviewed DATE`, `source "https://…"`. Every output that cites the policy
/// (text, JSON, HTML, appeal letters, CRD) reads it from here.
public struct PolicyBulletin: Sendable, Hashable {
    /// The bulletin's number (`number "CPB 0938"`).
    public var number: String?
    /// The date of its last revision.
    public var revised: Day?
    /// The date of its last review.
    public var reviewed: Day?
    /// Its address, an http(s) URL (checked).
    public var source: String?

    public init(number: String? = nil, revised: Day? = nil, reviewed: Day? = nil, source: String? = nil) {
        self.number = number
        self.revised = revised
        self.reviewed = reviewed
        self.source = source
    }

    public var isEmpty: Bool { number == nil && revised == nil && reviewed == nil && source == nil }

    /// The dates in words: "revised 2025-03-10, reviewed 2025-06-01"; nil without dates.
    public var dates: String? {
        let parts = [revised.map { "revised \($0)" }, reviewed.map { "reviewed \($0)" }].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// The one description of the bulletin for citations: "CPB 0938, revised 2025-03-10,
    /// reviewed 2025-06-01, https://…"; nil when the header gives none of it.
    public var citation: String? {
        let parts = [number, dates, source].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// Whether `text` is an absolute http(s) URL with a host (a dotted name or `localhost`) and no
    /// blanks: the only form `source` accepts.
    public static func isWebAddress(_ text: String) -> Bool {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") { rest = text.dropFirst(8) } else if lower.hasPrefix("http://") { rest = text.dropFirst(7) } else { return false }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hasBlank = text.contains { $0.isWhitespace }
        let namesHost = host.contains(".") || host == "localhost" || host.hasPrefix("localhost:")
        return !hasBlank && namesHost && !host.hasPrefix(".")
    }
}
