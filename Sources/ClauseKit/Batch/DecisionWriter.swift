/// Writes a decision as compact JSON straight into bytes: the same text as
/// `JSONWriter.write(decision.json, pretty: false)` less `summary` and `reasons`, without
/// building the `JSONValue` tree (which costs more than deciding). Kept key for key in step
/// with `Decision+JSON.swift`; `CompiledEquivalenceTests` compares the two on every case.
struct DecisionWriter {
    var out: [UInt8]

    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    mutating func string(_ s: String) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case UInt8(ascii: "\n"): raw("\\n")
            case UInt8(ascii: "\r"): raw("\\r")
            case UInt8(ascii: "\t"): raw("\\t")
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                raw("\\u00")
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    mutating func optional(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    mutating func int(_ n: Int) {
        if n < 0 {
            out.append(UInt8(ascii: "-"))
            digits(n.magnitude)
        } else {
            digits(UInt(n))
        }
    }

    mutating func digits(_ n: some BinaryInteger) {
        var n = UInt64(n)
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &buffer) { raw in
            var i = raw.count
            repeat {
                i -= 1
                raw[i] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            } while n > 0
            out.append(contentsOf: raw[i...])
        }
    }

    /// `Day.description` (`2026-03-02`), in quotes.
    mutating func date(_ day: Day) {
        let (y, m, d) = day.components
        guard (0...9999).contains(y) else { return string(day.description) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: "0") + UInt8(y / 1000))
        out.append(UInt8(ascii: "0") + UInt8(y / 100 % 10))
        out.append(UInt8(ascii: "0") + UInt8(y / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(y % 10))
        out.append(UInt8(ascii: "-"))
        out.append(UInt8(ascii: "0") + UInt8(m / 10))
        out.append(UInt8(ascii: "0") + UInt8(m % 10))
        out.append(UInt8(ascii: "-"))
        out.append(UInt8(ascii: "0") + UInt8(d / 10))
        out.append(UInt8(ascii: "0") + UInt8(d % 10))
        out.append(UInt8(ascii: "\""))
    }

    /// `Money.formatted()`: `-1234.50`, in quotes.
    mutating func money(_ m: Money) {
        out.append(UInt8(ascii: "\""))
        if m.cents < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = m.cents.magnitude
        digits(magnitude / 100)
        out.append(UInt8(ascii: "."))
        let frac = magnitude % 100
        out.append(UInt8(ascii: "0") + UInt8(frac / 10))
        out.append(UInt8(ascii: "0") + UInt8(frac % 10))
        out.append(UInt8(ascii: "\""))
    }

    mutating func bool(_ b: Bool) { if b { raw("true") } else { raw("false") } }

    mutating func strings(_ items: [String]) {
        out.append(UInt8(ascii: "["))
        for (i, s) in items.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            string(s)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// `Decision.json` without `summary` and `reasons`.
    mutating func decision(_ d: Decision) {
        out.append(UInt8(ascii: "{"))
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
        out.append(UInt8(ascii: "}"))
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

extension Decision {
    /// The decision as one line of compact JSON, without `summary` and `reasons` (what
    /// `clause batch` writes when no explanation is asked for).
    public var compactJSONBytes: [UInt8] {
        var w = DecisionWriter(out: [])
        w.out.reserveCapacity(1024)
        w.decision(self)
        return w.out
    }
}
