import Foundation
import ClauseKit

/// A path into a case's JSON as typed after `:set`, `:unset` and `:whatif`:
/// `patient.age`, `history.trials[0].weeks`, `diagnoses[1]`.
struct CasePath: CustomStringConvertible {
    enum Step: Equatable {
        case key(String)
        case index(Int)
    }

    var steps: [Step]

    var description: String {
        var s = ""
        for step in steps {
            switch step {
            case .key(let k): s += (s.isEmpty ? "" : ".") + k
            case .index(let i): s += "[\(i)]"
            }
        }
        return s
    }

    /// Parses `a.b[2].c`; nil with a reason when it is not a path.
    static func parse(_ text: String) -> Result<CasePath, ReplError> {
        var steps: [Step] = []
        var chars = Substring(text.trimmingCharacters(in: .whitespaces))
        guard !chars.isEmpty else { return .failure(ReplError("expected a case path such as `patient.age`")) }
        func isNameChar(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_") }
        while !chars.isEmpty {
            let name = chars.prefix(while: isNameChar)
            guard !name.isEmpty else {
                return .failure(ReplError("`\(text)` is not a case path; write it like `patient.age` or `history.trials[0].weeks`"))
            }
            steps.append(.key(String(name)))
            chars = chars.dropFirst(name.count)
            while chars.first == "[" {
                let digits = chars.dropFirst().prefix(while: { $0.isASCII && $0.isNumber })
                guard !digits.isEmpty, let n = Int(digits), chars.dropFirst(1 + digits.count).first == "]" else {
                    return .failure(ReplError("`\(text)`: expected a list index such as `[0]`"))
                }
                steps.append(.index(n))
                chars = chars.dropFirst(2 + digits.count)
            }
            if chars.first == "." {
                chars = chars.dropFirst()
                if chars.isEmpty { return .failure(ReplError("`\(text)` ends with a dot")) }
            } else if !chars.isEmpty {
                return .failure(ReplError("`\(text)` is not a case path; write it like `patient.age` or `history.trials[0].weeks`"))
            }
        }
        return .success(CasePath(steps: steps))
    }

    /// The value at this path, or nil when the case lacks it.
    func value(in root: JSONValue) -> JSONValue? {
        var current = root
        for step in steps {
            switch (step, current) {
            case (.key(let k), .object(let o)):
                guard let next = o[k] else { return nil }
                current = next
            case (.index(let i), .array(let items)):
                guard i < items.count else { return nil }
                current = items[i]
            default:
                return nil
            }
        }
        return current
    }

    /// Sets (or with nil removes) the value at this path, creating objects on the way.
    func apply(_ value: JSONValue?, to root: inout JSONValue) throws(ReplError) {
        try Self.apply(value, steps[...], to: &root, path: self)
    }

    private static func apply(_ value: JSONValue?, _ steps: ArraySlice<Step>, to node: inout JSONValue,
                              path: CasePath) throws(ReplError) {
        guard let step = steps.first else { return }
        let rest = steps.dropFirst()
        switch step {
        case .key(let k):
            var object: JSONObject
            switch node {
            case .object(let o): object = o
            case .null: object = JSONObject()
            default:
                if value == nil { return }
                throw ReplError("cannot set `\(path)`: `\(k)` would be a field of \(node.typeDescription)")
            }
            if rest.isEmpty {
                object[k] = value
            } else {
                guard var child = object[k] ?? (value == nil ? nil : .null) else { return }
                try apply(value, rest, to: &child, path: path)
                object[k] = child
            }
            node = .object(object)
        case .index(let i):
            guard case .array(var items) = node else {
                if value == nil { return }
                throw ReplError("cannot set `\(path)`: index [\(i)] needs a list, but this is \(node.typeDescription)")
            }
            guard i < items.count || (i == items.count && value != nil) else {
                if value == nil { return }
                throw ReplError("cannot set `\(path)`: the list has \(Plural.count(items.count, "entry")); use [\(items.count)] to append")
            }
            if rest.isEmpty {
                if let value {
                    if i == items.count { items.append(value) } else { items[i] = value }
                } else {
                    items.remove(at: i)
                }
            } else {
                var child = i < items.count ? items[i] : .null
                try apply(value, rest, to: &child, path: path)
                if i == items.count { items.append(child) } else { items[i] = child }
            }
            node = .array(items)
        }
    }

    /// Every path to a leaf value of a case (and to each object on the way), for completion.
    static func all(in root: JSONValue) -> [String] {
        var out: [String] = []
        func walk(_ v: JSONValue, _ prefix: String) {
            switch v {
            case .object(let o):
                for (k, child) in o.pairs {
                    let p = prefix.isEmpty ? k : prefix + "." + k
                    out.append(p)
                    walk(child, p)
                }
            default:
                break
            }
        }
        walk(root, "")
        return out
    }
}

/// A value typed after `=`: JSON (`34`, `"F33.2"`, `true`, `[…]`, `{…}`), or a bare word
/// taken as a string (`2026-03-01`, `approved`).
enum TypedValue {
    static func parse(_ text: String) -> Result<JSONValue, ReplError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .failure(ReplError("expected a value after `=`")) }
        do {
            return .success(try JSONReader.parse(trimmed))
        } catch {
            if let first = trimmed.first, "\"[{".contains(first) {
                return .failure(ReplError("`\(trimmed)` is not a valid value: \(error.message)"))
            }
            return .success(.string(trimmed))
        }
    }
}

/// A REPL error: printed as `error: …`, and the session goes on.
struct ReplError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
