/// Writes a decision as compact JSON straight into bytes: the same text as
/// `JSONWriter.write(decision.json, pretty: false)` less `summary` and `reasons`, without
/// building the `JSONValue` tree (which costs more than deciding). Kept key for key in step
/// with `Decision+JSON.swift`; `CompiledEquivalenceTests` compares the two on every case.
struct DecisionWriter {
    var out: [UInt8]

    /// Appends `Decision.json` without `summary` and `reasons` to `out`.
    mutating func decision(_ d: Decision) {
        // Written into a plain buffer (on the stack while it fits), then appended to `out` in
        // one copy: no uniqueness or capacity checks of an array for each piece.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2048) { stack in
            var sink = ByteSink(stack)
            sink.decision(d)
            sink.appendAll(to: &out)
        }
    }
}

/// The bytes written so far: in the caller's buffer, moved to the heap if they outgrow it.
struct ByteSink: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// The heap buffer, once the bytes have outgrown the first one.
    private var heap: UnsafeMutablePointer<UInt8>?

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        base = buffer.baseAddress ?? UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        capacity = buffer.baseAddress == nil ? 0 : buffer.count
        if buffer.baseAddress == nil { heap = base }
    }

    deinit { heap?.deallocate() }

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
    mutating func byte(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    mutating func bytes(_ source: UnsafeBufferPointer<UInt8>) {
        guard let from = source.baseAddress, !source.isEmpty else { return }
        reserve(source.count)
        (base + count).update(from: from, count: source.count)
        count += source.count
    }

    @inline(__always)
    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes($0) }
    }

    mutating func string(_ s: String) {
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
            byte(DecisionWriter.hexDigit(b >> 4))
            byte(DecisionWriter.hexDigit(b & 15))
        default: byte(b)
        }
    }

    mutating func optional(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    mutating func int(_ n: Int) {
        if n < 0 { byte(UInt8(ascii: "-")) }
        digits(UInt64(truncatingIfNeeded: n.magnitude))
    }

    /// The decimal digits of `n`, written in place from the last.
    mutating func digits(_ n: UInt64) {
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
        byte(UInt8(ascii: "\""))
        twoDigits(y / 100)
        twoDigits(y % 100)
        byte(UInt8(ascii: "-"))
        twoDigits(m)
        byte(UInt8(ascii: "-"))
        twoDigits(d)
        byte(UInt8(ascii: "\""))
    }

    /// `Money.formatted()`: `-1234.50`, in quotes.
    mutating func money(_ m: Money) {
        byte(UInt8(ascii: "\""))
        if m.cents < 0 { byte(UInt8(ascii: "-")) }
        let magnitude = m.cents.magnitude
        digits(magnitude / 100)
        byte(UInt8(ascii: "."))
        twoDigits(Int(truncatingIfNeeded: magnitude % 100))
        byte(UInt8(ascii: "\""))
    }

    mutating func bool(_ b: Bool) { if b { raw("true") } else { raw("false") } }

    mutating func strings(_ items: [String]) {
        byte(UInt8(ascii: "["))
        for (i, s) in items.enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            string(s)
        }
        byte(UInt8(ascii: "]"))
    }

    /// `Decision.json` without `summary` and `reasons`.
    mutating func decision(_ d: Decision) {
        byte(UInt8(ascii: "{"))
        if let id = d.caseID { raw("\"id\":"); string(id); raw(",") }
        raw("\"decision\":"); string(d.kind.rawValue)
        if let k = d.denialKind { raw(",\"denial_kind\":"); string(k.rawValue) }
        raw(",\"treatment\":"); string(d.treatment)
        raw(",\"policy\":{\"title\":"); string(d.policyTitle)
        raw(",\"version\":"); optional(d.policyVersion); raw("}")
        raw(",\"request_date\":"); date(d.requestDate)
        raw(",\"indication\":"); optional(d.indication)
        raw(",\"fda_status\":"); optional(d.fdaStatus?.rawValue)
        if d.kind == .needsInformation { raw(",\"missing\":"); strings(d.missing) }
        if d.kind == .pending { raw(",\"unmet\":"); strings(d.unmet.map(\.text)) }
        raw(",\"sessions\":{\"requested\":"); int(d.requestedSessions)
        raw(",\"covered\":"); int(d.coveredSessions); raw("}")
        raw(",\"cost\":"); cost(d)
        if let next = d.nextCoverableDate { raw(",\"next_coverable_date\":"); date(next) }
        if !d.sessionLimits.isEmpty || !d.benefitMaximums.isEmpty {
            raw(",\"limits\":[")
            var first = true
            for l in d.sessionLimits {
                if !first { raw(",") }
                first = false
                limit(l)
            }
            for b in d.benefitMaximums {
                if !first { raw(",") }
                first = false
                benefit(b)
            }
            raw("]")
        }
        byte(UInt8(ascii: "}"))
    }

    mutating func cost(_ d: Decision) {
        guard let cost = d.cost else {
            raw("{\"tier\":"); optional(d.tier)
            raw(",\"plan_pays\":null,\"patient_pays\":null,\"missing\":"); strings(d.costMissing); raw("}")
            return
        }
        raw("{\"tier\":"); optional(cost.tier)
        raw(",\"plan_pays\":"); money(cost.planPays)
        raw(",\"patient_pays\":"); money(cost.patientPays)
        if cost.ifRequirementsMet { raw(",\"if_requirements_met\":true") }
        raw(",\"per_session\":[")
        for (i, s) in cost.sessions.prefix(1000).enumerated() {
            if i > 0 { raw(",") }
            raw("{\"session\":"); int(s.number)
            raw(",\"covered\":"); bool(s.covered)
            raw(",\"allowed\":"); money(s.allowed)
            raw(",\"deductible\":"); money(s.deductible)
            raw(",\"copay\":"); money(s.copay)
            raw(",\"coinsurance\":"); money(s.coinsurance)
            raw(",\"over_benefit_maximum\":"); money(s.overMaximum)
            raw(",\"out_of_pocket_capped\":"); bool(s.outOfPocketCapped)
            raw(",\"patient_pays\":"); money(s.patientPays)
            raw(",\"plan_pays\":"); money(s.planPays)
            raw("}")
        }
        raw("]}")
    }

    mutating func limit(_ l: SessionLimitCheck) {
        raw("{\"limit\":"); string(l.text)
        raw(",\"line\":"); int(l.line)
        raw(",\"applies\":"); bool(l.applies)
        raw(",\"week\":"); int(l.week)
        raw(",\"window\":{\"after\":"); date(l.windowStart)
        raw(",\"through\":"); date(l.windowEnd); raw("}")
        raw(",\"used\":"); int(l.used)
        raw(",\"remaining\":"); int(l.remaining)
        if let next = l.nextAvailable { raw(",\"next_available\":"); date(next) }
        raw("}")
    }

    mutating func benefit(_ b: BenefitMaximumCheck) {
        raw("{\"limit\":"); string(b.text)
        raw(",\"line\":"); int(b.line)
        raw(",\"maximum\":"); money(b.limit)
        raw(",\"already_paid\":"); money(b.alreadyPaid)
        raw(",\"remaining\":"); money(b.remaining)
        raw("}")
    }
}

extension DecisionWriter {
    static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? UInt8(ascii: "0") + v : UInt8(ascii: "a") + (v - 10) }
}

extension Decision {
    /// The decision as one line of compact JSON, without `summary` and `reasons` (what
    /// `clause batch` writes when no explanation is asked for).
    public var compactJSONBytes: [UInt8] {
        var w = DecisionWriter(out: [])
        w.decision(self)
        return w.out
    }
}
