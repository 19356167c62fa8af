import Foundation

/// A JSON document as read by `JSONReader`: objects keep their keys in source order.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number with its literal text (so `900.00` can be read as money exactly).
    case number(Decimal, text: String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON object: keys in source order. Small objects (a case's are) are searched in turn,
/// which is faster than hashing; past `indexedFrom` keys a dictionary index is kept too.
public struct JSONObject: Sendable, Equatable {
    /// A member. A struct, not a tuple: arrays of tuples need their type metadata looked up
    /// at run time each time one is made.
    struct Entry: Sendable {
        var key: String
        var value: JSONValue
        /// The low half of `JSONKeyTable.hash(key)`: a member is looked for by comparing hashes
        /// first. 32 bits fit in the padding after `value`, so an entry is no larger for it.
        let hash: UInt32

        init(key: String, value: JSONValue, hash: UInt64) {
            self.key = key
            self.value = value
            self.hash = UInt32(truncatingIfNeeded: hash)
        }

        init(key: String, value: JSONValue) {
            self.init(key: key, value: value, hash: JSONKeyTable.hash(key))
        }
    }

    private var entries: [Entry]
    /// Position of each key in `entries`, kept only for large objects.
    private var index: [String: Int]?
    static let indexedFrom = 12

    public init() {
        entries = []
    }

    init(reservingCapacity n: Int) {
        entries = []
        entries.reserveCapacity(n)
    }

    /// Members already known to have distinct keys (the reader checks), with their index when
    /// there are `indexedFrom` or more.
    init(uniqueEntries: [Entry], index: [String: Int]?) {
        entries = uniqueEntries
        self.index = uniqueEntries.count < JSONObject.indexedFrom ? nil
            : index ?? Dictionary(uniqueKeysWithValues: uniqueEntries.enumerated().map { ($0.element.key, $0.offset) })
    }

    public init(_ pairs: [(String, JSONValue)]) {
        self.init(reservingCapacity: pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        // In place (no copies of the members); comparing lengths first is cheaper than
        // comparing strings that differ.
        let length = key.utf8.count
        return entries.withUnsafeBufferPointer { members in
            for i in members.indices where members[i].key.utf8.count == length && members[i].key == key {
                return i
            }
            return nil
        }
    }

    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { entries[$0].value } }
        set {
            if let newValue {
                if let i = position(of: key) {
                    entries[i].value = newValue
                } else {
                    entries.append(Entry(key: key, value: newValue))
                    if index != nil {
                        index?[key] = entries.count - 1
                    } else if entries.count >= JSONObject.indexedFrom {
                        index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($0.element.key, $0.offset) })
                    }
                }
            } else if let i = position(of: key) {
                entries.remove(at: i)
                if index != nil {
                    index = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($0.element.key, $0.offset) })
                }
            }
        }
    }

    /// `body` applied in place to the member named `key`, or nil when there is none.
    func withMember<R>(_ key: String, _ body: (JSONValue) -> R?) -> R? {
        guard let i = position(of: key) else { return nil }
        return entries.withUnsafeBufferPointer { body($0[i].value) }
    }

    /// `withMember` with the key's hash worked out beforehand (by the compiled evaluator, for
    /// the paths a policy reads): hashes are compared first, strings only when they agree.
    func withMember<R>(_ key: JSONKey, _ body: (JSONValue) -> R?) -> R? {
        if let index {
            guard let i = index[key.name] else { return nil }
            return entries.withUnsafeBufferPointer { body($0[i].value) }
        }
        return entries.withUnsafeBufferPointer { members in
            for i in members.indices where members[i].hash == key.hash && members[i].key == key.name {
                return body(members[i].value)
            }
            return nil
        }
    }

    /// The members in place, in order, for one pass over them.
    func withEntries<R>(_ body: (UnsafeBufferPointer<Entry>) -> R) -> R {
        entries.withUnsafeBufferPointer(body)
    }

    public var keys: [String] { entries.map(\.key) }
    /// The members as a dictionary (key order is in `keys`).
    public var storage: [String: JSONValue] { Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) }) }
    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }
    public var pairs: [(String, JSONValue)] { entries.map { ($0.key, $0.value) } }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension JSONValue {
    /// The value at a dotted path of object keys, or nil when any step is absent or not an object.
    public func value(at path: [String]) -> JSONValue? {
        withValue(at: path) { $0 }
    }

    /// `body` applied to the value at `path`, read in place (no copies of the objects on the
    /// way, nor of the value unless `body` keeps it); nil when any step is absent.
    func withValue<R>(at path: [String], from i: Int = 0, _ body: (JSONValue) -> R?) -> R? {
        guard i < path.count else { return body(self) }
        guard case .object(let object) = self else { return nil }
        return object.withMember(path[i]) { $0.withValue(at: path, from: i + 1, body) }
    }

    /// `withValue` with the keys' hashes worked out beforehand.
    func withValue<R>(at path: [JSONKey], from i: Int = 0, _ body: (JSONValue) -> R?) -> R? {
        guard i < path.count else { return body(self) }
        guard case .object(let object) = self else { return nil }
        return object.withMember(path[i]) { $0.withValue(at: path, from: i + 1, body) }
    }

    /// A short description of the JSON type, for error messages: "a string", "an object".
    public var typeDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}

/// An object key with its hash (as `JSONObject.Entry` keeps it), worked out once for many lookups.
struct JSONKey: Sendable {
    let name: String
    let hash: UInt32

    /// `keys`: the table the reader of the cases interns keys with (the policy's).
    init(_ name: String, keys: JSONKeyTable = .reserved) {
        // The reader's own string for a frequent key (`JSONKeyTable`), so that comparing it
        // with a key read from a case is comparing two identical strings.
        var bytes = name
        let (shared, hash) = bytes.withUTF8 { text in
            let shape = JSONKeyTable.Shape(text)
            return (keys.key(text, shape: shape, hash: shape.hash), shape.hash)
        }
        self.name = shared ?? name
        self.hash = UInt32(truncatingIfNeeded: hash)
    }
}
