import ClauseKit

/// The policy's source as numbered, syntax-highlighted HTML lines, with chosen lines marked.
/// Tokens come from ClauseKit's lexer, so the colours agree with how the tool reads the policy.
struct PolicyListing {
    let source: SourceFile
    /// One HTML fragment per source line (index 0 is line 1), already escaped and coloured.
    let lines: [String]

    init(source: SourceFile) {
        self.source = source
        self.lines = PolicyListing.highlight(source)
    }

    /// A `<pre>`-like table of the lines in `range`; lines in `marked` get the highlight.
    /// `anchors` gives each line an id (`L31`) so the rest of the report can link to it.
    func render(_ range: ClosedRange<Int>, marked: Set<Int>, anchors: Bool) -> String {
        var out = "<table class=\"listing\">\n"
        for line in range where line >= 1 && line <= lines.count {
            let id = anchors ? " id=\"L\(line)\"" : ""
            let cls = marked.contains(line) ? " class=\"hl\"" : ""
            out += "<tr\(id)\(cls)><td class=\"ln\">\(line)</td><td class=\"src\">\(lines[line - 1])</td></tr>\n"
        }
        return out + "</table>\n"
    }

    var lineCount: Int { lines.count }

    /// Splits the file into lines of coloured spans: tokens by kind, comments in the gaps.
    static func highlight(_ source: SourceFile) -> [String] {
        let bytes = source.bytes
        var classes = [String?](repeating: nil, count: bytes.count)
        var previousEnd = 0
        func markComments(from start: Int, to end: Int) {
            var i = start
            while i < end {
                if bytes[i] == UInt8(ascii: "#") {
                    while i < end && bytes[i] != UInt8(ascii: "\n") {
                        classes[i] = "c"
                        i += 1
                    }
                } else {
                    i += 1
                }
            }
        }
        for token in Lexer.tokenize(source).tokens {
            let start = min(max(token.span.start, 0), bytes.count)
            let end = min(max(token.span.end, start), bytes.count)
            markComments(from: previousEnd, to: start)
            if let cls = tokenClass(token.kind) {
                for i in start..<end { classes[i] = cls }
            }
            previousEnd = max(previousEnd, end)
        }
        markComments(from: previousEnd, to: bytes.count)

        var result: [String] = []
        var line = ""
        var i = 0
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == UInt8(ascii: "\n") {
                result.append(line)
                line = ""
                i += 1
                if i > bytes.count { break }
                continue
            }
            // A CR that ends a line (CRLF files) is not shown.
            if bytes[i] == UInt8(ascii: "\r") && (i + 1 == bytes.count || bytes[i + 1] == UInt8(ascii: "\n")) {
                i += 1
                continue
            }
            // A run of bytes with one class, up to the end of the line.
            let cls = classes[i]
            var j = i
            while j < bytes.count && bytes[j] != UInt8(ascii: "\n") && bytes[j] != UInt8(ascii: "\r") && classes[j] == cls { j += 1 }
            if j == i { j += 1 }  // a lone CR inside a line: shown escaped
            let text = HTML.escape(String(decoding: bytes[i..<j], as: UTF8.self))
            line += cls.map { "<span class=\"\($0)\">\(text)</span>" } ?? text
            i = j
        }
        if bytes.last == UInt8(ascii: "\n"), result.last == "" { result.removeLast() }
        return result
    }

    static func tokenClass(_ kind: TokenKind) -> String? {
        switch kind {
        case .word(let keyword?):
            switch keyword {
            case .policy, .codes, .treatment, .define, .cover, .deny, .limit, .network, .tier: return "d"
            case .true, .false: return "n"
            default: return "k"
            }
        case .word(nil): return nil
        case .number, .percent, .money, .date: return "n"
        case .string: return "s"
        case .code: return "m"
        case .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .minus, .star, .slash, .equal:
            return "o"
        case .invalid: return "e"
        default: return nil
        }
    }
}
