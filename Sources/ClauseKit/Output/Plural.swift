/// A count with its noun in the right number ("1 session", "2 sessions", "1 entry", "3 entries"):
/// the one place where output chooses between singular and plural.
public enum Plural {
    /// The noun for `n` things: `singular` when `n` is 1, otherwise `plural` or the regular plural.
    public static func word(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        n == 1 ? singular : (plural ?? regular(singular))
    }

    /// `n` followed by its noun: `count(1, "case")` is "1 case", `count(0, "case")` is "0 cases".
    public static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(word(n, singular, plural))"
    }

    /// The regular English plural of the last word: entry → entries, witness → witnesses, case → cases.
    static func regular(_ singular: String) -> String {
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        if singular.hasSuffix("y"), let before = singular.dropLast().last, !vowels.contains(before) {
            return singular.dropLast() + "ies"
        }
        if ["s", "x", "z", "ch", "sh"].contains(where: { singular.hasSuffix($0) }) { return singular + "es" }
        return singular + "s"
    }
}
