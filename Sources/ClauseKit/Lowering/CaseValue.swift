import Foundation

/// `Value.fromJSON` for the compiled evaluator. Percentage strings are read by `NumberText`,
/// straight from their bytes, as for every other reader of case numbers, so the values are
/// the same (`CaseValueTests` compares them).
enum CaseValue {
    @inline(__always)
    static func from(_ json: JSONValue) -> Value? {
        Value.fromJSON(json)
    }
}
