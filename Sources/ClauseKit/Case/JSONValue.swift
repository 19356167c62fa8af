import Foundation

/// A JSON document as read by `JSONReader`: objects keep their keys in source order.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number with its literal text (so `900.00` can be read as money exactly).
    case number(Decimal, text: String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON object: keys in source order, with a dictionary index for lookups.
public struct JSONObject: Sendable, Equatable {
    public private(set) var keys: [String]
    public private(set) var storage: [String: JSONValue]

    public init() {
        keys = []
        storage = [:]
    }

    init(reservingCapacity n: Int) {
        keys = []
        keys.reserveCapacity(n)
        storage = Dictionary(minimumCapacity: n)
    }

    public init(_ pairs: [(String, JSONValue)]) {
        self.init()
        for (k, v) in pairs { self[k] = v }
    }

    public subscript(key: String) -> JSONValue? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    public var isEmpty: Bool { keys.isEmpty }
    public var count: Int { keys.count }
    public var pairs: [(String, JSONValue)] { keys.compactMap { k in storage[k].map { (k, $0) } } }
}

extension JSONValue {
    /// The value at a dotted path of object keys, or nil when any step is absent or not an object.
    public func value(at path: [String]) -> JSONValue? {
        var current = self
        for key in path {
            guard case .object(let object) = current, let next = object[key] else { return nil }
            current = next
        }
        return current
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
