import Foundation

extension PatientCase {
    /// The case with `edits` applied to its JSON, decoded again (so every reserved field is
    /// re-validated): how a path to coverage is tried.
    public func applying(_ edits: [CaseEdit], vocabulary: CaseVocabulary) throws(CaseError) -> PatientCase {
        var root = self.root
        for edit in edits { root = root.applying(edit) }
        return try CaseDecoder.decode(root, vocabulary: vocabulary)
    }
}

extension JSONValue {
    /// This document with one edit applied; intermediate objects are created as needed.
    public func applying(_ edit: CaseEdit) -> JSONValue {
        switch edit {
        case .set(let path, let value):
            return updating(path[...]) { _ in value }
        case .append(let path, let value):
            return updating(path[...]) { old in
                if case .array(let items)? = old { return .array(items + [value]) }
                return .array([value])
            }
        case .remove(let path):
            return updating(path[...]) { _ in nil }
        case .ensureList(let path):
            return updating(path[...]) { old in
                if let old, old != .null { return old }
                return .array([])
            }
        }
    }

    func updating(_ path: ArraySlice<String>, _ change: (JSONValue?) -> JSONValue?) -> JSONValue {
        guard let key = path.first else { return change(self) ?? .null }
        var object: JSONObject
        if case .object(let o) = self { object = o } else { object = JSONObject() }
        let rest = path.dropFirst()
        if rest.isEmpty {
            object[key] = change(object[key])
        } else {
            object[key] = (object[key] ?? .object(JSONObject())).updating(rest, change)
        }
        return .object(object)
    }

    /// The JSON a case would hold for a value (dates as ISO strings, money as strings).
    static func from(_ value: Value) -> JSONValue? {
        switch value {
        case .bool(let b): return .bool(b)
        case .number(let d): return .number(d, text: Value.format(d))
        case .money(let m): return .string(m.formatted())
        case .string(let s): return .string(s)
        case .date(let d): return .string(d.description)
        case .duration, .record: return nil
        case .list(let items):
            var out: [JSONValue] = []
            for item in items {
                guard let j = from(item) else { return nil }
                out.append(j)
            }
            return .array(out)
        }
    }
}
