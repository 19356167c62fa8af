import Foundation

/// The one place a change of a path to coverage is put in plain words, for every renderer
/// (text, the JSON sentence, the HTML report, appeal placeholders): the thing a fact names in
/// the policy's words ("age", "PHQ-9 score", "prescriber's specialty"), what it must be
/// ("of at most 64"), and what the record shows ("the record shows 70", "not given"). No case
/// paths or operators; the author's form with the path stays in `CoverageChange.text`.
public enum CoverageWords {
    /// The thing a case path names: `patient.age` → "age", `scores.phq9` → "PHQ-9 score" (spelt
    /// as the criterion's label spells it, when it does), `prescriber.specialty` →
    /// "prescriber's specialty", `request.dose_mg` → "dose in mg", `sessions[0].dose_mg` →
    /// "dose in mg of past session 1".
    public static func subject(_ path: String, label: String? = nil) -> String {
        let parts = path.split(separator: ".").map(String.init)
        guard var field = parts.last else { return path }
        var session: String?
        if let first = parts.first, first.hasPrefix("sessions["), let close = first.firstIndex(of: "]"),
           let i = Int(first.dropFirst("sessions[".count).prefix(upTo: close)) {
            session = "past session \(i + 1)"
        }
        var suffix = ""
        for (end, words) in [("_mg", " in mg"), ("_date", " date")] where field.hasSuffix(end) && field.count > end.count {
            field = String(field.dropLast(end.count))
            suffix = words
        }
        var name = label.flatMap { spelling(of: field, in: $0) }
            ?? field.split(separator: "_").map { w in label.flatMap { spelling(of: String(w), in: $0) } ?? String(w) }
                .joined(separator: " ")
        if parts.first == "scores" && !name.lowercased().hasSuffix("score") && suffix.isEmpty { name += " score" }
        name += suffix
        if parts.count > 1, let owner = parts.first, ["prescriber", "provider"].contains(owner) { name = "\(owner)'s \(name)" }
        if let session { name += " of \(session)" }
        return name
    }

    /// How the label writes a field: "PHQ-9" for `phq9` in "PHQ-9 of 15 or more"; nil when it does not.
    static func spelling(of field: String, in label: String) -> String? {
        func key(_ s: Substring) -> String { s.lowercased().filter { $0.isLetter || $0.isNumber } }
        let wanted = key(Substring(field))
        guard wanted.count >= 3 else { return nil }
        return label.split(separator: " ").first { key($0.trimmingCharacters(in: .punctuationCharacters)[...]) == wanted }
            .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: ",;:()")) }
    }

    /// A value as the record shows it: yes/no, a string without quotes, a number (a percentage
    /// when the policy writes the bound as one).
    public static func value(_ v: Value, percent: Bool = false) -> String {
        switch v {
        case .bool(let b): return b ? "yes" : "no"
        case .string(let s): return s
        case .number(let d) where percent:
            var scaled = d * 100, rounded = Decimal()
            NSDecimalRound(&rounded, &scaled, 1, .plain)
            return Value.format(rounded) + "%"
        case .list(let items): return list(items.map { value($0) }, or: false)
        default: return v.display
        }
    }

    /// " (the record shows 70)", or " (not given)" when the case does not give it.
    public static func shows(_ v: Value?, percent: Bool = false) -> String {
        v.map { " (the record shows \(value($0, percent: percent)))" } ?? " (not given)"
    }

    /// A policy constant in words: a string without its quotes, a list as "a, b or c".
    static func constant(_ v: Value, source: String) -> String {
        switch v {
        case .string(let s): return s
        case .list(let items): return list(items.map { constant($0, source: $0.display) }, or: true)
        case .bool(let b): return b ? "yes" : "no"
        default: return source
        }
    }

    static func list(_ items: [String], or: Bool) -> String {
        guard let last = items.last else { return "none" }
        return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + (or ? " or " : " and ") + last
    }

    /// A yes/no fact: "pregnant: no (the record shows yes)", "REMS enrolled: yes (not given)".
    public static func yesNo(_ subject: String, want: Bool, now: Value?) -> String {
        "\(subject): \(want ? "yes" : "no")" + shows(now)
    }

    /// A comparison with a policy constant: "age of at most 64 (the record shows 70)",
    /// "use: anesthesia (the record shows depression)", "prescriber's specialty: one of
    /// psychiatry or …", "PHQ-9 score of at least 15 (not given)".
    static func comparison(_ subject: String, _ op: BinaryOperator, _ c: Value, source: String, now: Value?) -> String {
        let percent = source.hasSuffix("%")
        let bound = constant(c, source: source)
        let wanted: String
        switch op {
        case .equal: wanted = ": \(bound)"
        case .notEqual: wanted = ": other than \(bound)"
        case .in: wanted = ": one of \(bound)"
        default: wanted = " of \(op.phrase) \(bound)"
        }
        return subject + wanted + shows(now, percent: percent)
    }

    /// A value outside a list: "use: none of anesthesia or sedation (the record shows depression)".
    static func noneOf(_ subject: String, _ c: Value?, source: String, now: Value?) -> String {
        subject + ": none of " + (c.map { constant($0, source: source) } ?? AppealLetter.words(source)) + shows(now)
    }

    /// A criterion that is not a single fact, named by its label (or its source in words): "MADRS
    /// improved by half or more since baseline (the record shows 26.3%)"; when it must not hold,
    /// "not the case: …".
    static func criterion(_ name: String, want: Bool, now: Value?, percent: Bool = false, given: Bool = true) -> String {
        (want ? name : "not the case: \(name)") + (given || now != nil ? (now.map { shows($0, percent: percent) } ?? "") : " (not given)")
    }

    /// How many more list entries a count needs: "failed antidepressants of 2 or more classes:
    /// 1 more (the record shows 1 of the 2 needed)".
    static func counted(_ name: String, more: Int, have: String, needed: String) -> String {
        more > 0 ? "\(name): \(more) more (the record shows \(have) of the \(needed) needed)"
                 : "\(name) (the record shows \(have))"
    }

    /// An FDA status in words: "approved", "off-label", "investigational".
    public static func fda(_ status: FDAStatus) -> String {
        status == .offLabel ? "off-label" : status.rawValue
    }

    /// A policy text for everyone: a `name_in_ticks` becomes "name in ticks".
    public static func untick(_ text: String) -> String {
        var out = "", inside = false
        for ch in text {
            if ch == "`" { inside.toggle(); continue }
            out.append(inside && ch == "_" ? " " : ch)
        }
        return out
    }

    /// A code set in words: `suicidal_ideation` → "suicidal ideation".
    public static func codeSet(_ name: String) -> String { name.replacingOccurrences(of: "_", with: " ") }

    /// A network tier in words: `out_of_network` → "out of network".
    public static func tier(_ name: String) -> String { name.replacingOccurrences(of: "_", with: " ") }
}
