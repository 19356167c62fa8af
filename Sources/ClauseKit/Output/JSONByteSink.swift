/// Compact JSON straight into bytes: the same text as `JSONWriter.write(_, pretty: false)` of
/// the value a `JSONValueSink` would build from the same events, without building it (which
/// costs more than deciding). Written into the caller's buffer (on the stack while it fits,
/// see `bytes(_:)`), moved to the heap if it outgrows it.
struct JSONByteSink: ~Copyable, JSONSink {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// The heap buffer, once the bytes have outgrown the first one.
    private var heap: UnsafeMutablePointer<UInt8>?
    /// Whether the next member or element follows another in its object or array.
    private var needsComma = false

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        base = buffer.baseAddress ?? UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        capacity = buffer.baseAddress == nil ? 0 : buffer.count
        if buffer.baseAddress == nil { heap = base }
    }

    deinit { heap?.deallocate() }

    /// Appends what `body` writes to `out`: written into a plain buffer (on the stack while it
    /// fits), then appended in one copy, with no uniqueness or capacity checks of an array
    /// for each piece.
    static func append(to out: inout [UInt8], _ body: (inout JSONByteSink) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2048) { stack in
            var sink = JSONByteSink(stack)
            body(&sink)
            sink.appendAll(to: &out)
        }
    }

    func appendAll(to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }

    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if capacity - count < n { grow(n) }
    }

    private mutating func grow(_ n: Int) {
        let larger = max(capacity * 2, count + n, 64)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.initialize(from: base, count: count)
        heap?.deallocate()
        (heap, base, capacity) = (moved, moved, larger)
    }

    @inline(__always)
    private mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    private mutating func bytes(_ source: UnsafeBufferPointer<UInt8>) {
        guard let from = source.baseAddress, !source.isEmpty else { return }
        reserve(source.count)
        (base + count).update(from: from, count: source.count)
        count += source.count
    }

    @inline(__always)
    private mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes($0) }
    }

    /// The comma before a value or member that follows another.
    @inline(__always)
    private mutating func separate() {
        if needsComma { byte(UInt8(ascii: ",")) }
    }

    // MARK: Structure

    mutating func beginObject() {
        separate()
        byte(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        byte(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        byte(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        byte(UInt8(ascii: "]"))
        needsComma = true
    }

    /// `,"name":` (the comma when needed), stored in place: a schema writes one per member.
    @inline(__always)
    mutating func key(_ name: StaticString) {
        name.withUTF8Buffer { text in
            reserve(text.count + 4)
            var p = base + count
            if needsComma {
                p.initialize(to: UInt8(ascii: ","))
                p += 1
            }
            p.initialize(to: UInt8(ascii: "\""))
            for i in text.indices { p[1 + i] = text[i] }
            p += 1 + text.count
            p[0] = UInt8(ascii: "\"")
            p[1] = UInt8(ascii: ":")
            count = p + 2 - base
        }
        needsComma = false
    }

    mutating func key(text name: String) {
        string(name)
        byte(UInt8(ascii: ":"))
        needsComma = false
    }

    // MARK: Scalars

    mutating func string(_ s: String) {
        separate()
        var s = s
        s.withUTF8 { text in
            byte(UInt8(ascii: "\""))
            // Most strings need no escape: copy them whole.
            var plain = true
            for b in text where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                plain = false
                break
            }
            if plain {
                bytes(text)
            } else {
                for b in text { escaped(b) }
            }
            byte(UInt8(ascii: "\""))
        }
        needsComma = true
    }

    /// One byte of a string, escaped as `JSONWriter.escape` does.
    private mutating func escaped(_ b: UInt8) {
        switch b {
        case UInt8(ascii: "\""): raw("\\\"")
        case UInt8(ascii: "\\"): raw("\\\\")
        case UInt8(ascii: "\n"): raw("\\n")
        case UInt8(ascii: "\r"): raw("\\r")
        case UInt8(ascii: "\t"): raw("\\t")
        case 0..<0x20:
            raw("\\u00")
            byte(JSONByteSink.hexDigit(b >> 4))
            byte(JSONByteSink.hexDigit(b & 15))
        default: byte(b)
        }
    }

    static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? UInt8(ascii: "0") + v : UInt8(ascii: "a") + (v - 10) }

    mutating func int(_ n: Int) {
        separate()
        if n < 0 { byte(UInt8(ascii: "-")) }
        digits(UInt64(truncatingIfNeeded: n.magnitude))
        needsComma = true
    }

    /// The decimal digits of `n`, written in place from the last.
    private mutating func digits(_ n: UInt64) {
        var length = 1
        var rest = n / 10
        while rest > 0 { length += 1; rest /= 10 }
        reserve(length)
        var n = n
        var i = count + length
        repeat {
            i -= 1
            base[i] = UInt8(ascii: "0") + UInt8(n % 10)
            n /= 10
        } while n > 0
        count += length
    }

    /// Two digits, `00` to `99`.
    @inline(__always)
    private mutating func twoDigits(_ n: Int) {
        reserve(2)
        base[count] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: n / 10)
        base[count + 1] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: n % 10)
        count += 2
    }

    /// `Day.description` (`2026-03-02`), in quotes.
    mutating func date(_ day: Day) {
        let (y, m, d) = day.components
        guard (0...9999).contains(y) else { return string(day.description) }
        separate()
        byte(UInt8(ascii: "\""))
        twoDigits(y / 100)
        twoDigits(y % 100)
        byte(UInt8(ascii: "-"))
        twoDigits(m)
        byte(UInt8(ascii: "-"))
        twoDigits(d)
        byte(UInt8(ascii: "\""))
        needsComma = true
    }

    /// `Money.formatted()`: `-1234.50`, in quotes.
    mutating func money(_ m: Money) {
        separate()
        byte(UInt8(ascii: "\""))
        if m.cents < 0 { byte(UInt8(ascii: "-")) }
        let magnitude = m.cents.magnitude
        digits(magnitude / 100)
        byte(UInt8(ascii: "."))
        twoDigits(Int(truncatingIfNeeded: magnitude % 100))
        byte(UInt8(ascii: "\""))
        needsComma = true
    }

    mutating func bool(_ b: Bool) {
        separate()
        if b { raw("true") } else { raw("false") }
        needsComma = true
    }

    mutating func null() {
        separate()
        raw("null")
        needsComma = true
    }

    mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .number(_, let text):
            separate()
            var text = text
            text.withUTF8 { bytes($0) }
            needsComma = true
        case .string(let s): string(s)
        case .array(let items):
            beginArray()
            for item in items { value(item) }
            endArray()
        case .object(let object):
            beginObject()
            for (k, item) in object.pairs {
                key(text: k)
                value(item)
            }
            endObject()
        }
    }
}
