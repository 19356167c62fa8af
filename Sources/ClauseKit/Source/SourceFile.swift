/// A half-open range of UTF-8 byte offsets into one source file.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest span covering both.
    public func union(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(start: min(start, other.start), end: max(end, other.end))
    }

    public var length: Int { end - start }
    public static let empty = SourceSpan(start: 0, end: 0)
    public var description: String { "\(start)..<\(end)" }
}

/// A 1-based line and column (column counted in characters of the line).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// The bytes of one source file with its line-start table.
public struct SourceFile: Sendable {
    public let name: String
    public let bytes: [UInt8]
    /// Byte offset at which each line starts; `lineStarts[0] == 0`.
    public let lineStarts: [Int]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        self.lineStarts = SourceFile.lineStarts(of: bytes)
    }

    /// Offsets after each newline, preceded by 0. Eight bytes are tested at a time, so the
    /// usual stretch without a newline costs a few instructions per word.
    static func lineStarts(of bytes: [UInt8]) -> [Int] {
        bytes.withUnsafeBytes { raw -> [Int] in
            var starts = [0]
            starts.reserveCapacity(bytes.count / 32 + 1)
            let count = raw.count
            var i = 0
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            let newlines = ones &* UInt64(UInt8(ascii: "\n"))
            while i + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ newlines
                // Some byte of `word` is zero (a newline) exactly when this is nonzero.
                if (word &- ones) & ~word & highs != 0 {
                    for j in i..<(i + 8) where raw[j] == UInt8(ascii: "\n") { starts.append(j + 1) }
                }
                i += 8
            }
            while i < count {
                if raw[i] == UInt8(ascii: "\n") { starts.append(i + 1) }
                i += 1
            }
            return starts
        }
    }

    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// The 0-based index of the line holding `offset`.
    public func lineIndex(of offset: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// `lineIndex(of:)` searched from line `hint` onwards (galloping), for offsets met in
    /// increasing order: a few steps instead of a search of the whole table each time.
    /// The answer is the same whatever the hint.
    public func lineIndex(of offset: Int, from hint: Int) -> Int {
        guard hint >= 0, hint < lineStarts.count, lineStarts[hint] <= offset else { return lineIndex(of: offset) }
        var lo = hint
        var hi = lineStarts.count - 1
        var step = 1
        while step <= hi - lo {
            if lineStarts[lo + step] <= offset {
                lo += step
                step *= 2
            } else {
                hi = lo + step - 1
                break
            }
        }
        while lo < hi {
            let mid = lo + (hi - lo + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Line and column of a byte offset; the column counts Unicode scalars.
    public func location(of offset: Int) -> SourceLocation {
        let clamped = min(max(0, offset), bytes.count)
        let index = lineIndex(of: clamped)
        let start = lineStarts[index]
        var column = 1
        var i = start
        while i < clamped {
            // Count only leading bytes of UTF-8 sequences.
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourceLocation(line: index + 1, column: column)
    }

    /// The text of the 1-based line `line`, without its newline.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, end - 1 < bytes.count, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The source text a span covers.
    public func text(_ span: SourceSpan) -> String {
        String(decoding: bytes[range(of: span)], as: UTF8.self)
    }

    /// The byte offsets a span covers, clamped to the source.
    func range(of span: SourceSpan) -> Range<Int> {
        let s = min(max(0, span.start), bytes.count)
        let e = min(max(s, span.end), bytes.count)
        return s..<e
    }

    /// 1-based line of a span's start.
    public func line(of span: SourceSpan) -> Int { lineIndex(of: span.start) + 1 }
}
