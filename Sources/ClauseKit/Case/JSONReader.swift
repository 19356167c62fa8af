import Foundation

/// A strict RFC 8259 JSON reader over UTF-8 bytes.
///
/// Iterative (an explicit stack of open containers), so deep input cannot overflow the call
/// stack; nesting is limited to `maximumDepth`. Syntax errors carry the 1-based line and column
/// (columns count Unicode scalars). A leading UTF-8 byte order mark is skipped.
public enum JSONReader {
    /// Arrays and objects may nest this many levels deep, no more.
    public static let maximumDepth = 512

    public static func parse(_ bytes: [UInt8]) throws(CaseError) -> JSONValue {
        try parse(bytes, keys: .reserved)
    }

    /// Reads `bytes`, interning object keys found in `keys` (the policy's, `CaseVocabulary.keys`).
    static func parse(_ bytes: [UInt8], keys: JSONKeyTable) throws(CaseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { (buffer) throws(CaseError) -> JSONValue in
            // The scratch stacks start on the call stack: a case's containers fit, so reading
            // it allocates nothing but the tree itself.
            try withUnsafeTemporaryAllocation(byteCount: JSONParser.scratchBytes, alignment: 16) {
                (memory) throws(CaseError) -> JSONValue in
                var parser = JSONParser(buffer, scratch: memory.baseAddress, keys: keys)
                return try parser.parseDocument()
            }
        }
    }

    public static func parse(_ text: String) throws(CaseError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

/// The parser proper; lives only while the bytes are pinned by `JSONReader.parse`.
private struct JSONParser: ~Copyable {
    let bytes: UnsafeBufferPointer<UInt8>
    let count: Int
    /// Where the text starts: 0, or 3 after a byte order mark.
    let origin: Int
    var pos: Int
    let keyTable: JSONKeyTable

    /// An open array or object: where its members start on the scratch stacks.
    struct Frame {
        var isObject: Bool
        var start: Int
    }

    /// Where an object member's key is (for duplicate-key errors) and its hash (which makes
    /// the duplicate check cheap).
    struct KeyInfo {
        var offset: Int
        var hash: UInt64
    }

    /// Scratch stacks shared by all open containers, so each container is built once, at its
    /// size, by moving its members out.
    var frames: ScratchStack<Frame>
    var elements: ScratchStack<JSONValue>
    /// Object members (their value is `.null` until read), and their keys' `KeyInfo`.
    var members: ScratchStack<JSONObject.Entry>
    var keyInfo: ScratchStack<KeyInfo>

    /// How many of each the scratch memory holds before a stack moves to the heap.
    static let scratchDepth = 16, scratchMembers = 48
    static var scratchBytes: Int {
        scratchDepth * (MemoryLayout<Frame>.stride + MemoryLayout<JSONValue>.stride)
            + scratchMembers * (MemoryLayout<JSONObject.Entry>.stride + MemoryLayout<KeyInfo>.stride)
    }

    /// A parser of `bytes` whose stacks start in `scratch` (`scratchBytes`, 16-byte aligned),
    /// or on the heap without it.
    init(_ bytes: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutableRawPointer?, keys: JSONKeyTable) {
        keyTable = keys
        var at = scratch
        func region<T>(_ type: T.Type, _ n: Int) -> UnsafeMutablePointer<T>? {
            defer { at = at.map { $0 + n * MemoryLayout<T>.stride } }
            return at?.bindMemory(to: T.self, capacity: n)
        }
        members = ScratchStack(in: region(JSONObject.Entry.self, Self.scratchMembers), capacity: Self.scratchMembers)
        elements = ScratchStack(in: region(JSONValue.self, Self.scratchDepth), capacity: Self.scratchDepth)
        keyInfo = ScratchStack(in: region(KeyInfo.self, Self.scratchMembers), capacity: Self.scratchMembers)
        frames = ScratchStack(in: region(Frame.self, Self.scratchDepth), capacity: Self.scratchDepth)
        self.bytes = bytes
        count = bytes.count
        let hasBOM = count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        origin = hasBOM ? 3 : 0
        pos = origin
    }

    // document := ws value ws
    mutating func parseDocument() throws(CaseError) -> JSONValue {
        skipWhitespace()
        guard pos < count else {
            throw error(at: pos, pos == origin ? "empty input; expected a JSON value"
                                               : "expected a JSON value, found only whitespace")
        }
        while true {
            // value := object | array | string | number | "true" | "false" | "null"
            skipWhitespace()
            guard pos < count else { throw endOfInput("a JSON value") }
            var value: JSONValue
            switch bytes[pos] {
            case UInt8(ascii: "{"):
                guard frames.count < JSONReader.maximumDepth else { throw tooDeep() }
                pos += 1
                skipWhitespace()
                if pos < count, bytes[pos] == UInt8(ascii: "}") {
                    pos += 1
                    value = .object(JSONObject())
                } else {
                    frames.append(Frame(isObject: true, start: members.count))
                    try readKey(afterComma: false)
                    continue
                }
            case UInt8(ascii: "["):
                guard frames.count < JSONReader.maximumDepth else { throw tooDeep() }
                pos += 1
                skipWhitespace()
                if pos < count, bytes[pos] == UInt8(ascii: "]") {
                    pos += 1
                    value = .array([])
                } else {
                    frames.append(Frame(isObject: false, start: elements.count))
                    continue
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try literal("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = try parseNumber()
            default:
                throw unexpected(expecting: "a JSON value")
            }

            // Attach the finished value to its container, closing containers as they end.
            attach: while true {
                guard !frames.isEmpty else {
                    skipWhitespace()
                    guard pos == count else { throw error(at: pos, "unexpected data after the JSON value") }
                    return value
                }
                let frame = frames.last
                if frame.isObject {
                    members.last.value = consume value
                    skipWhitespace()
                    guard pos < count else { throw endOfInput("`,` or `}` after an object member") }
                    switch bytes[pos] {
                    case UInt8(ascii: ","):
                        pos += 1
                        try readKey(afterComma: true)
                        break attach
                    case UInt8(ascii: "}"):
                        pos += 1
                        value = .object(try closeObject(from: frame.start))
                        _ = frames.removeLast()
                    default:
                        throw unexpected(expecting: "`,` or `}` after an object member")
                    }
                } else {
                    elements.append(consume value)
                    skipWhitespace()
                    guard pos < count else { throw endOfInput("`,` or `]` after a list element") }
                    switch bytes[pos] {
                    case UInt8(ascii: ","):
                        pos += 1
                        skipWhitespace()
                        if pos < count, bytes[pos] == UInt8(ascii: "]") {
                            throw error(at: pos, "trailing comma in list")
                        }
                        break attach
                    case UInt8(ascii: "]"):
                        pos += 1
                        value = .array(elements.popAll(from: frame.start))
                        _ = frames.removeLast()
                    default:
                        throw unexpected(expecting: "`,` or `]` after a list element")
                    }
                }
            }
        }
    }

    /// Builds the object whose members start at `start`, rejecting a repeated key (reported at
    /// its second occurrence, the first such in the object).
    private mutating func closeObject(from start: Int) throws(CaseError) -> JSONObject {
        let n = members.count - start
        var index: [String: Int]?
        if n < JSONObject.indexedFrom {
            // Few keys: compare each with those before it, strings only when the hashes agree.
            for i in 1..<max(n, 1) {
                let hash = keyInfo[start + i].hash
                for j in 0..<i where keyInfo[start + j].hash == hash && members[start + j].key == members[start + i].key {
                    throw error(at: keyInfo[start + i].offset, "duplicate key `\(members[start + i].key)`")
                }
            }
        } else {
            var positions = [String: Int](minimumCapacity: n)
            for i in 0..<n where positions.updateValue(i, forKey: members[start + i].key) != nil {
                throw error(at: keyInfo[start + i].offset, "duplicate key `\(members[start + i].key)`")
            }
            index = positions
        }
        keyInfo.removeAll(from: start)
        let entries = members.popAll(from: start)
        return JSONObject(uniqueEntries: entries, index: index)
    }

    // member := ws string ws ":" (the value follows)
    private mutating func readKey(afterComma: Bool) throws(CaseError) {
        skipWhitespace()
        guard pos < count else { throw endOfInput("a string key") }
        guard bytes[pos] == UInt8(ascii: "\"") else {
            if afterComma && bytes[pos] == UInt8(ascii: "}") { throw error(at: pos, "trailing comma in object") }
            throw unexpected(expecting: "a string key in double quotes")
        }
        let offset = pos
        let (key, hash) = try parseKey()
        members.append(JSONObject.Entry(key: key, value: .null, hash: hash))
        keyInfo.append(KeyInfo(offset: offset, hash: hash))
        skipWhitespace()
        guard pos < count, bytes[pos] == UInt8(ascii: ":") else {
            throw pos < count ? error(at: pos, "expected `:` after object key")
                              : endOfInput("`:` after object key")
        }
        pos += 1
    }

    /// A key and its hash. Plain ASCII keys (nearly all) are looked up in the table of frequent
    /// keys, else sliced from the input; any other key is read as a string.
    private mutating func parseKey() throws(CaseError) -> (String, UInt64) {
        let start = pos + 1
        let end = plainRun(from: start)
        if end < count, bytes[end] == UInt8(ascii: "\"") {
            do {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<end])
                let shape = JSONKeyTable.Shape(text)
                let hash = shape.hash
                pos = end + 1
                if let key = keyTable.key(text, shape: shape, hash: hash) { return (key, hash) }
                return (String(decoding: text, as: UTF8.self), hash)
            }
        }
        let key = try parseString()
        return (key, JSONKeyTable.hash(key))
    }

    /// Where the run of plain string bytes from `i` ends: the first `"`, `\`, control or
    /// non-ASCII byte, or the end. Eight bytes at a time while eight remain.
    @inline(__always)
    private func plainRun(from i: Int) -> Int {
        var i = i
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while count - i >= 8 {
                let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let quote = w ^ (ones &* 0x22), slash = w ^ (ones &* 0x5C)
                // High bit of each byte that is < 0x20, `"`, `\` or ≥ 0x80. The lowest flagged
                // byte is exact (a borrow only carries past a byte that is itself flagged).
                let special = ((w &- ones &* 0x20) & ~w | (quote &- ones) & ~quote | (slash &- ones) & ~slash | w) & highs
                if special != 0 { return i + special.trailingZeroBitCount >> 3 }
                i += 8
            }
        }
        while i < count {
            let b = bytes[i]
            guard b >= 0x20, b < 0x80, b != UInt8(ascii: "\""), b != UInt8(ascii: "\\") else { break }
            i += 1
        }
        return i
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while pos < count {
            switch bytes[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    private mutating func literal(_ word: StaticString) throws(CaseError) {
        let length = word.utf8CodeUnitCount
        let matches = count - pos >= length && word.withUTF8Buffer { w in
            (0..<length).allSatisfy { bytes[pos + $0] == w[$0] }
        }
        guard matches else { throw error(at: pos, "invalid literal; expected `\(word)`") }
        pos += length
    }

    // string := '"' (char | escape)* '"'
    private mutating func parseString() throws(CaseError) -> String {
        let open = pos
        pos += 1
        let start = pos
        // Fast path: no escapes, so the string is a slice of the input.
        pos = plainRun(from: pos)
        while pos < count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
                pos += 1
                return text
            } else if b == UInt8(ascii: "\\") {
                return try parseEscapedString(open: open, start: start)
            } else if b < 0x20 {
                throw controlCharacter(b)
            } else if b < 0x80 {
                pos += 1
            } else {
                try skipUTF8Scalar()
            }
        }
        throw error(at: open, "unterminated string")
    }

    /// The slow path, from the first backslash: builds the bytes, then decodes them once.
    private mutating func parseEscapedString(open: Int, start: Int) throws(CaseError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(pos - start + 16)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<pos]))
        while pos < count {
            let b = bytes[pos]
            switch b {
            case UInt8(ascii: "\""):
                pos += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try readEscape(into: &out)
            case 0..<0x20:
                throw controlCharacter(b)
            case 0x20..<0x80:
                // Copy the run of plain ASCII in one go.
                let runStart = pos
                pos += 1
                while pos < count, bytes[pos] >= 0x20, bytes[pos] < 0x80,
                      bytes[pos] != UInt8(ascii: "\""), bytes[pos] != UInt8(ascii: "\\") {
                    pos += 1
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<pos]))
            default:
                let scalarStart = pos
                try skipUTF8Scalar()
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[scalarStart..<pos]))
            }
        }
        throw error(at: open, "unterminated string")
    }

    // escape := "\" ( ["\/bfnrt] | "u" hex hex hex hex )
    private mutating func readEscape(into out: inout [UInt8]) throws(CaseError) {
        let slash = pos
        pos += 1
        guard pos < count else { throw error(at: slash, "unterminated string") }
        let c = bytes[pos]
        pos += 1
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(c)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            let first = try hex4(escapeAt: slash)
            var scalarValue = first
            if (0xD800...0xDBFF).contains(first) {
                let low = pos
                guard count - pos >= 2, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") else {
                    throw error(at: slash, "lone surrogate `\\u\(hexText(first))` in string")
                }
                pos += 2
                let second = try hex4(escapeAt: low)
                guard (0xDC00...0xDFFF).contains(second) else {
                    throw error(at: slash, "lone surrogate `\\u\(hexText(first))` in string")
                }
                scalarValue = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(first) {
                throw error(at: slash, "lone surrogate `\\u\(hexText(first))` in string")
            }
            guard let scalar = Unicode.Scalar(scalarValue) else {
                throw error(at: slash, "invalid escape `\\u\(hexText(first))`")
            }
            UTF8.encode(scalar) { out.append($0) }
        default:
            pos -= 1
            throw error(at: slash, "invalid escape `\\\(shown(at: pos))`")
        }
    }

    /// Four hex digits after `\u`, as a number.
    private mutating func hex4(escapeAt slash: Int) throws(CaseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard pos < count, let digit = hexValue(bytes[pos]) else {
                throw error(at: slash, "invalid `\\u` escape; expected four hex digits")
            }
            value = value << 4 | digit
            pos += 1
        }
        return value
    }

    private func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - 48)
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - 87)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - 55)
        default: return nil
        }
    }

    private func hexText(_ v: UInt32) -> String {
        let s = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    /// Steps over one well-formed multi-byte UTF-8 scalar at `pos`, or reports the bad byte.
    private mutating func skipUTF8Scalar() throws(CaseError) {
        let length = utf8Length(at: pos)
        guard length > 0 else { throw invalidUTF8(at: pos) }
        pos += length
    }

    /// The length of the well-formed UTF-8 scalar at `i`, or 0 (then `invalidUTF8` names the byte).
    private func utf8Length(at i: Int) -> Int {
        let lead = bytes[i]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0x00..<0x80: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xED: length = 3; high = 0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0: length = 4; low = 0x90
        case 0xF4: length = 4; high = 0x8F
        case 0xF1...0xF3: length = 4
        default: return 0
        }
        guard count - i >= length else { return 0 }
        guard bytes[i + 1] >= low, bytes[i + 1] <= high else { return 0 }
        for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return 0 }
        return length
    }

    /// Names the byte that starts the ill-formed sequence (a stray, truncated, overlong or
    /// surrogate sequence all point at their first byte).
    private func invalidUTF8(at i: Int) -> CaseError {
        error(at: i, "invalid UTF-8 byte 0x\(String(bytes[i], radix: 16, uppercase: true))")
    }

    // number := "-"? ("0" | [1-9][0-9]*) ("." [0-9]+)? ([eE] [+-]? [0-9]+)?
    private mutating func parseNumber() throws(CaseError) -> JSONValue {
        if let small = smallInteger() { return small }
        let start = pos
        var negative = false
        if bytes[pos] == UInt8(ascii: "-") {
            negative = true
            pos += 1
        }
        guard pos < count, isDigit(bytes[pos]) else { throw error(at: pos, "expected a digit after `-`") }
        var mantissa: UInt64 = 0
        var digits = 0
        var allZero = true
        if bytes[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < count, isDigit(bytes[pos]) { throw error(at: start, "numbers may not have leading zeros") }
        } else {
            while pos < count, isDigit(bytes[pos]) {
                accumulate(bytes[pos], &mantissa, &digits, &allZero)
                pos += 1
            }
        }
        var fractionDigits = 0
        if pos < count, bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            guard pos < count, isDigit(bytes[pos]) else { throw error(at: pos, "expected a digit after the decimal point") }
            while pos < count, isDigit(bytes[pos]) {
                accumulate(bytes[pos], &mantissa, &digits, &allZero)
                fractionDigits += 1
                pos += 1
            }
        }
        var hasExponent = false
        if pos < count, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            hasExponent = true
            pos += 1
            if pos < count, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            guard pos < count, isDigit(bytes[pos]) else { throw error(at: pos, "expected a digit in the exponent") }
            while pos < count, isDigit(bytes[pos]) { pos += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
        let decimal: Decimal
        if allZero {
            decimal = Decimal()
        } else if !hasExponent && digits <= 18 {
            decimal = Decimal(sign: negative ? .minus : .plus, exponent: -fractionDigits, significand: Decimal(mantissa))
        } else if let parsed = Decimal(string: text, locale: nil), !parsed.isNaN {
            decimal = parsed
        } else {
            throw error(at: start, "number `\(text)` is out of range")
        }
        return .number(decimal, text: text)
    }

    /// `0` to `99`, made as `parseNumber` makes them.
    private static let smallIntegers: [JSONValue] = (0..<100).map { n in
        .number(n == 0 ? Decimal() : Decimal(sign: .plus, exponent: 0, significand: Decimal(UInt64(truncatingIfNeeded: n))), text: String(n))
    }

    /// A whole number below 100 at `pos` (ages, counts, weeks), shared rather than built; nil
    /// for anything else, including `01`, `-1`, `2.5`, `1e3`, which `parseNumber` reads.
    @inline(__always)
    private mutating func smallInteger() -> JSONValue? {
        let first = bytes[pos]
        guard isDigit(first) else { return nil }
        var n = Int(first &- 48)
        var end = pos + 1
        if end < count, isDigit(bytes[end]) {
            guard first != UInt8(ascii: "0") else { return nil }
            n = n &* 10 &+ Int(bytes[end] &- 48)
            end += 1
        }
        if end < count {
            let b = bytes[end]
            guard !isDigit(b), b != UInt8(ascii: "."), b != UInt8(ascii: "e"), b != UInt8(ascii: "E") else { return nil }
        }
        pos = end
        return JSONParser.smallIntegers[n]
    }

    @inline(__always)
    private func accumulate(_ b: UInt8, _ mantissa: inout UInt64, _ digits: inout Int, _ allZero: inout Bool) {
        if b != UInt8(ascii: "0") { allZero = false }
        // Significant digits only: leading zeros of `0.05` do not count.
        if digits > 0 || b != UInt8(ascii: "0") { digits += 1 }
        if digits <= 18 { mantissa = mantissa &* 10 &+ UInt64(b &- 48) }
    }

    @inline(__always)
    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    // MARK: Errors

    private func error(at offset: Int, _ message: String) -> CaseError {
        let end = min(max(offset, origin), count)
        var line = 1
        var column = 1
        var i = origin
        while i < end {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return CaseError(path: "", message: message, line: line, column: column)
    }

    private func endOfInput(_ expected: String) -> CaseError {
        error(at: count, "unexpected end of input; expected \(expected)")
    }

    private func tooDeep() -> CaseError {
        error(at: pos, "JSON nests more than \(JSONReader.maximumDepth) levels deep")
    }

    private func controlCharacter(_ b: UInt8) -> CaseError {
        error(at: pos, "control character in string: U+\(hexText(UInt32(b))) must be escaped")
    }

    private func unexpected(expecting expected: String) -> CaseError {
        if bytes[pos] >= 0x80 && utf8Length(at: pos) == 0 { return invalidUTF8(at: pos) }
        return error(at: pos, "unexpected character `\(shown(at: pos))`; expected \(expected)")
    }

    /// The character at `i` for a message: itself, or `U+XXXX` when invisible.
    private func shown(at i: Int) -> String {
        let length = utf8Length(at: i)
        guard length > 0 else { return "0x" + String(bytes[i], radix: 16, uppercase: true) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<(i + length)]), as: UTF8.self)
        if let scalar = text.unicodeScalars.first,
           scalar.value < 0x20 || scalar.value == 0x7F || scalar.properties.generalCategory == .format
            || scalar.properties.isWhitespace {
            return "U+" + hexText(scalar.value)
        }
        return text
    }
}
