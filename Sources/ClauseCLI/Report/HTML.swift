/// Escaping for HTML text and attribute values: every string that reaches the report,
/// from the policy, the case or the decision, goes through `HTML.escape`.
enum HTML {
    /// Escapes `& < > " '` so the text can sit in element content or a quoted attribute.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline have no place in a report.
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" {
                    out += "&#xFFFD;"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `<tag class="…">escaped text</tag>`.
    static func element(_ tag: String, _ text: String, class cls: String? = nil) -> String {
        let attr = cls.map { " class=\"\(escape($0))\"" } ?? ""
        return "<\(tag)\(attr)>\(escape(text))</\(tag)>"
    }

    /// A link to a line of the policy listing.
    static func lineLink(_ line: Int) -> String {
        "<a class=\"line-ref\" href=\"#L\(line)\">line \(line)</a>"
    }
}
