/// Decides one JSON Lines record: a case in, exactly one compact JSON object out, either the
/// decision or an error object naming the line (and the case id when it can be recovered).
/// Pure: the `clause batch` command does the reading, the threads and the writing.
public struct BatchDecider: Sendable {
    public let policy: CompiledPolicy
    /// With the explanation: the same object as `clause eval --format json` (on one line).
    /// Without: the decision less `reasons` and the `summary` that quotes them.
    public let explain: Bool
    /// The check for misspelled case keys, made once for the policy.
    let keyTypos: CaseKeyTypos

    public init(policy: CompiledPolicy, explain: Bool) {
        self.policy = policy
        self.explain = explain
        self.keyTypos = CaseKeyTypos(policy.policy.vocabulary)
    }

    /// Appends the output line for input line `number` (1-based), newline included; a blank
    /// line (`isBlank`) is no record and gives no output. Returns false when the line could
    /// not be decided (its output is an error object).
    @discardableResult
    public func decide(line: ArraySlice<UInt8>, number: Int, into out: inout [UInt8]) -> Bool {
        var ignored = CaseKeyTypos.Tally()
        return decide(line: line, number: number, into: &out, typos: &ignored)
    }

    /// `decide(line:number:into:)`, also counting the case's likely misspelled keys
    /// (`CaseKeyTypos`) in `typos`; they change nothing in the output line.
    public func decide(line: ArraySlice<UInt8>, number: Int, into out: inout [UInt8],
                       typos: inout CaseKeyTypos.Tally) -> Bool {
        if BatchDecider.isBlank(line) { return true }
        var bytes = Array(line)
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        let root: JSONValue
        do {
            root = try JSONReader.parse(bytes, keys: policy.policy.vocabulary.keys)
        } catch {
            append(error: error.message, path: error.path, column: error.column, id: BatchDecider.scanID(bytes),
                   number: number, into: &out)
            return false
        }
        typos.add(keyTypos.typos(in: root))
        let patientCase: PatientCase
        do {
            patientCase = try CaseDecoder.decode(root, vocabulary: policy.policy.vocabulary)
        } catch {
            append(error: error.message, path: error.path, column: nil, id: BatchDecider.id(of: root),
                   number: number, into: &out)
            return false
        }
        let decision: Decision
        do {
            decision = try policy.decide(patientCase, explain: explain)
        } catch {
            var pairs: [(String, JSONValue)] = [("line", .int(number))]
            if let id = patientCase.id { pairs.append(("id", .string(id))) }
            pairs.append(("error", .string("cannot decide the case: \(error.message)")))
            pairs.append(("policy_line", .int(error.line)))
            out += JSONWriter.write(.obj(pairs), pretty: false).utf8
            out.append(UInt8(ascii: "\n"))
            return false
        }
        decision.appendJSON(to: &out, explanation: explain)
        out.append(UInt8(ascii: "\n"))
        return true
    }

    func append(error message: String, path: String?, column: Int?, id: String?, number: Int, into out: inout [UInt8]) {
        var pairs: [(String, JSONValue)] = [("line", .int(number))]
        if let id { pairs.append(("id", .string(id))) }
        pairs.append(("error", .string(message)))
        if let path, !path.isEmpty { pairs.append(("path", .string(path))) }
        if let column { pairs.append(("column", .int(column))) }
        out += JSONWriter.write(.obj(pairs), pretty: false).utf8
        out.append(UInt8(ascii: "\n"))
    }

    /// Whether a line holds only white space: no record, skipped (a JSON Lines file may end
    /// with, or be spaced by, empty lines).
    public static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        !line.contains { !isSpace($0) }
    }

    /// Whether a line opens a pretty-printed JSON document rather than holding a case: only
    /// `{` or `[` (a case on one line is a whole object).
    public static func opensDocument(_ line: ArraySlice<UInt8>) -> Bool {
        let text = line.filter { !isSpace($0) }
        return text == [UInt8(ascii: "{")] || text == [UInt8(ascii: "[")]
    }

    static func isSpace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") || b == UInt8(ascii: "\n")
    }

    static func id(of root: JSONValue) -> String? {
        guard case .object(let o) = root else { return nil }
        switch o["id"] {
        case .string(let s)?: return s
        case .number(_, let text)?: return text
        default: return nil
        }
    }

    /// The case id of a line that is not valid JSON, when a plain `"id": "…"` (no escapes) can be
    /// found in it; nil otherwise. A best effort for the error object, never a guess.
    static func scanID(_ bytes: [UInt8]) -> String? {
        let key = Array("\"id\"".utf8)
        var i = 0
        while i + key.count <= bytes.count {
            if bytes[i..<(i + key.count)].elementsEqual(key) {
                var j = i + key.count
                while j < bytes.count, isSpace(bytes[j]) { j += 1 }
                guard j < bytes.count, bytes[j] == UInt8(ascii: ":") else { i += 1; continue }
                j += 1
                while j < bytes.count, isSpace(bytes[j]) { j += 1 }
                guard j < bytes.count, bytes[j] == UInt8(ascii: "\"") else { return nil }
                let start = j + 1
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") { end += 1 }
                guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
                return String(validating: bytes[start..<end], as: UTF8.self)
            }
            i += 1
        }
        return nil
    }
}
