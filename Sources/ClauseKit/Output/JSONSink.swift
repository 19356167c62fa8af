/// Where a JSON document is written, one event at a time. A schema is written once, as a
/// generic function over `JSONSink` (`Decision.write(to:explanation:)`), and comes out either
/// as a `JSONValue` (`JSONValueSink`) or as compact bytes (`JSONByteSink`); the compiler
/// specialises the function for each, so the bytes are written without building a tree.
///
/// A member is `key` followed by exactly one value (a scalar or a whole array or object).
/// Keys are written in the order given: the sink neither sorts nor removes duplicates.
protocol JSONSink: ~Copyable {
    mutating func beginObject()
    mutating func endObject()
    mutating func beginArray()
    mutating func endArray()
    /// The name of the next member, fixed in the schema: plain ASCII that needs no escape.
    mutating func key(_ name: StaticString)
    /// The name of the next member, from data (escaped as a string is).
    mutating func key(text name: String)
    mutating func string(_ s: String)
    mutating func int(_ n: Int)
    mutating func bool(_ b: Bool)
    mutating func null()
    /// Money as a string with two decimals (`Money.formatted()`): `"-1234.50"`.
    mutating func money(_ m: Money)
    /// A date as a string (`Day.description`): `"2026-03-02"`.
    mutating func date(_ d: Day)
    /// A whole value, written as `JSONWriter` writes it compactly.
    mutating func value(_ v: JSONValue)
}

extension JSONSink where Self: ~Copyable {
    /// The string, or `null`.
    mutating func string(_ s: String?) {
        if let s { string(s) } else { null() }
    }

    /// An array of strings.
    mutating func strings(_ items: [String]) {
        beginArray()
        for s in items { string(s) }
        endArray()
    }
}

/// Builds the `JSONValue` a schema writes, as `JSONValue.obj` and `.array` would.
struct JSONValueSink: JSONSink {
    /// An open array or object: its values, and for an object the key of each.
    private struct Frame {
        var isObject: Bool
        var keys: [String] = []
        var values: [JSONValue] = []
    }

    private var open: [Frame] = []
    /// The finished value (the last top-level one written).
    private(set) var value: JSONValue = .null

    /// What `body` writes into a fresh sink.
    static func build(_ body: (inout JSONValueSink) -> Void) -> JSONValue {
        var sink = JSONValueSink()
        body(&sink)
        return sink.value
    }

    // A schema always balances its events; one that did not would lose the unbalanced part
    // here rather than trap (the library never traps, Scripts/check-traps.sh).

    private mutating func put(_ v: JSONValue) {
        if open.isEmpty { value = v } else { open[open.count - 1].values.append(v) }
    }

    mutating func beginObject() { open.append(Frame(isObject: true)) }

    mutating func endObject() {
        guard let frame = open.popLast() else { return }
        put(.object(JSONObject(Array(zip(frame.keys, frame.values)))))
    }

    mutating func beginArray() { open.append(Frame(isObject: false)) }

    mutating func endArray() {
        guard let frame = open.popLast() else { return }
        put(.array(frame.values))
    }

    mutating func key(_ name: StaticString) { key(text: name.description) }

    mutating func key(text name: String) {
        if !open.isEmpty { open[open.count - 1].keys.append(name) }
    }

    mutating func string(_ s: String) { put(.string(s)) }
    mutating func int(_ n: Int) { put(.int(n)) }
    mutating func bool(_ b: Bool) { put(.bool(b)) }
    mutating func null() { put(.null) }
    mutating func money(_ m: Money) { put(.money(m)) }
    mutating func date(_ d: Day) { put(.string(d.description)) }
    mutating func value(_ v: JSONValue) { put(v) }
}
