import Foundation

/// A number read by the fast lane (`FastPredicate`) in fixed form, or nil to give up.
class FastNumber: @unchecked Sendable {
    // @unchecked: every subclass holds only immutable compiled state.
    func read(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> FixedNumber? { nil }
}

/// A case path that is not a reserved field: a JSON number or a percentage string.
final class CaseNumber: FastNumber, @unchecked Sendable {
    let path: [JSONKey]
    init(_ path: [String], keys: JSONKeyTable) { self.path = path.map { JSONKey($0, keys: keys) } }
    override func read(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> FixedNumber? {
        c.root.withValue(at: path, FixedNumber.of)
    }
}

/// A field of the element being filtered.
final class ElementNumber: FastNumber, @unchecked Sendable {
    let name: JSONKey
    init(_ name: String, keys: JSONKeyTable) { self.name = JSONKey(name, keys: keys) }
    override func read(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> FixedNumber? {
        element?.withMember(name, FixedNumber.of)
    }
}

/// `count(path where filter)`, or `distinct(path.field where filter)` when `field` is set
/// (`CaseReader.count`/`distinct`). It gives up on an absent or null list, an element that is
/// not an object when the filter or the field needs one, a filter that gives up, and a field
/// that is absent or not a plain string.
final class CountNumber: FastNumber, @unchecked Sendable {
    let path: [JSONKey]
    let field: JSONKey?
    let filter: FastPredicate?

    init(_ path: [String], field: String?, filter: FastPredicate?, keys: JSONKeyTable) {
        self.path = path.map { JSONKey($0, keys: keys) }
        self.field = field.map { JSONKey($0, keys: keys) }
        self.filter = filter
    }

    override func read(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> FixedNumber? {
        guard let n = c.root.withValue(at: path, { json -> Int? in
            guard case .array(let items) = json else { return nil }
            return count(items, c, &state)
        }) else { return nil }
        return FixedNumber(n)
    }

    private func count(_ items: [JSONValue], _ c: PatientCase, _ state: inout FastState) -> Int? {
        withUnsafeTemporaryAllocation(of: String.self, capacity: field == nil ? 0 : items.count) { seen -> Int? in
            var found = 0
            defer { _ = seen.prefix(found).deinitialize() }
            var counted = 0
            for i in items.indices {
                let object: JSONObject?
                switch items[i] {
                case .null: continue  // a null element is no element (`Value.fromJSON`)
                case .object(let o): object = o
                default:
                    guard filter == nil, field == nil else { return nil }
                    object = nil
                }
                if let filter {
                    guard let holds = filter.test(c, object, &state) else { return nil }
                    if !holds { continue }
                }
                guard let field else {
                    counted += 1
                    continue
                }
                guard let value = object?.withMember(field, CountNumber.plainString) else { return nil }
                if !seen.prefix(found).contains(value) {
                    seen.initializeElement(at: found, to: value)
                    found += 1
                }
            }
            return field == nil ? counted : found
        }
    }

    /// A JSON string that `Value.fromJSON` keeps a string (not a percentage, not a date).
    static func plainString(_ json: JSONValue) -> String? {
        // Any string ending in `%` is left to the closures, which tell a percentage (a number)
        // from a malformed one (a string) by `NumberText`; checking here cost ≈ 2 % of a decision.
        guard case .string(let s) = json, s.utf8.last != UInt8(ascii: "%") else { return nil }
        if s.utf8.count == 10, Day(iso: s) != nil { return nil }
        return s
    }
}
