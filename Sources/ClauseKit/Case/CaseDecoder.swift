import Foundation

/// Decodes a patient case (LANGUAGE.md §5): checks the reserved fields against the policy's
/// vocabulary and keeps the whole document for path lookups. `null` for a reserved field means
/// absent. Every error names the field path and says what was expected.
public enum CaseDecoder {
    /// Case amounts are at most $1,000,000,000.00 and a request at most 1,000,000 sessions, so
    /// every cost (amount × sessions, sums over a session history) fits in 64-bit cents.
    public static let maximumMoney = Money(cents: 100_000_000_000)
    public static let maximumRequestedSessions = 1_000_000
    public static func decode(bytes: [UInt8], vocabulary: CaseVocabulary) throws(CaseError) -> PatientCase {
        try decode(JSONReader.parse(bytes, keys: vocabulary.keys), vocabulary: vocabulary)
    }

    public static func decode(_ root: JSONValue, vocabulary: CaseVocabulary) throws(CaseError) -> PatientCase {
        guard case .object(let document) = root else {
            throw CaseError(path: "", message: "expected a JSON object for the case, got \(root.typeDescription)")
        }
        if !vocabulary.fields.isEmpty { try FieldSchema.validate(document, vocabulary.fields) }
        let fields = CaseFields(vocabulary: vocabulary)
        // The reserved members in one pass (keys are unique: this is what lookups would find).
        var id, diagnosesValue, requestValue, providerValue, authorizationValue: JSONValue?
        var documentsValue, sessionsValue, planValue: JSONValue?
        document.withEntries { entries in
            for i in entries.indices {
                let key = entries[i].key
                switch key.utf8.count {
                case 2 where key == "id": id = entries[i].value
                case 4 where key == "plan": planValue = entries[i].value
                case 7 where key == "request": requestValue = entries[i].value
                case 8 where key == "provider": providerValue = entries[i].value
                case 8 where key == "sessions": sessionsValue = entries[i].value
                case 9 where key == "diagnoses": diagnosesValue = entries[i].value
                case 9 where key == "documents": documentsValue = entries[i].value
                case 13 where key == "authorization": authorizationValue = entries[i].value
                default: break
                }
            }
        }
        let request = try fields.request(requestValue)

        let (diagnoses, hasDiagnoses) = try fields.diagnoses(diagnosesValue)

        let provider = try fields.object(providerValue, "provider", expected: "an object with `network`")
        let network = try fields.tier(provider?["network"], "provider.network")
        let referral = try fields.bool(provider?["referral"], "provider.referral")

        let authorization = try fields.object(authorizationValue, "authorization",
                                              expected: "an object with `prior_authorization`")
        let priorAuthorization = try fields.priorAuthorization(authorization?["prior_authorization"],
                                                               "authorization.prior_authorization")
        let approvedOn = try fields.date(authorization?["approved_on"], "authorization.approved_on")

        let documents = try fields.strings(documentsValue, "documents", what: "document name")
        let sessions = try fields.sessions(sessionsValue)

        let plan = try fields.object(planValue, "plan", expected: "an object with `deductible_remaining`")
        let deductible = try fields.money(plan?["deductible_remaining"], "plan.deductible_remaining")
        let outOfPocket = try fields.money(plan?["out_of_pocket_remaining"], "plan.out_of_pocket_remaining")

        let caseID: String?
        switch id {
        case nil, .null?: caseID = nil
        case .string(let text)?: caseID = text
        case .number(_, let text)?: caseID = text
        case let other?: throw CaseError(path: "id", message: "expected a case id string, got \(other.typeDescription)")
        }

        return PatientCase(id: caseID, root: root, diagnoses: diagnoses, hasDiagnoses: hasDiagnoses, request: request,
                           network: network, referral: referral, priorAuthorization: priorAuthorization,
                           approvedOn: approvedOn, documents: documents, sessions: sessions,
                           deductibleRemaining: deductible, outOfPocketRemaining: outOfPocket)
    }
}

/// The field readers, with the vocabulary they check names against.
private struct CaseFields {
    let vocabulary: CaseVocabulary

    static let requestShape = "an object with `treatment` or `code`, `date` and `sessions`"
    static let dateShape = "a calendar date YYYY-MM-DD"
    static let sessionsShape = "a whole number of sessions ≥ 1"
    static let reviewShape = "`initial` or `continuation`"
    static let doseShape = "a dose in milligrams, a number ≥ 0 such as `56`"
    static let moneyShape = "an amount of money like `900.00` (at most two decimals)"

    // request := { treatment | code, date, sessions, billed_per_session?, diagnosis? }
    func request(_ value: JSONValue?) throws(CaseError) -> CaseRequest {
        guard let request = try object(value, "request", expected: Self.requestShape) else {
            throw CaseError(path: "request", message: "missing; expected \(Self.requestShape)")
        }
        let byName = try string(request["treatment"], "request.treatment", what: "treatment name")
            .map { name throws(CaseError) in try treatmentIndex(named: name, "request.treatment") }
        var byCode: Int?
        if let code = try string(request["code"], "request.code", what: "billing code") {
            guard let index = vocabulary.billingCodes[CaseText.uppercased(code)] else {
                throw CaseError(path: "request.code", message: "no treatment of the policy bills code `\(code)`")
            }
            if let byName, byName != index {
                throw CaseError(path: "request.code", message: "code `\(code)` bills `\(treatmentName(index))`, "
                    + "but `request.treatment` is `\(treatmentName(byName))`; expected them to agree")
            }
            byCode = index
        }
        guard let treatment = byName ?? byCode else {
            throw CaseError(path: "request.treatment",
                            message: "missing; expected a treatment name (or a billing code in `request.code`)")
        }
        guard let date = try date(request["date"], "request.date") else {
            throw CaseError(path: "request.date", message: "missing; expected \(Self.dateShape)")
        }
        guard let sessions = try count(request["sessions"], "request.sessions") else {
            throw CaseError(path: "request.sessions", message: "missing; expected \(Self.sessionsShape)")
        }
        guard sessions >= 1 else {
            throw CaseError(path: "request.sessions",
                            message: "0 sessions requested; expected \(Self.sessionsShape) (a request is for at least one session)")
        }
        guard sessions <= CaseDecoder.maximumRequestedSessions else {
            throw CaseError(path: "request.sessions",
                            message: "\(sessions) sessions requested; at most \(CaseDecoder.maximumRequestedSessions) are accepted")
        }
        let billed = try money(request["billed_per_session"], "request.billed_per_session")
        let diagnosis = try string(request["diagnosis"], "request.diagnosis", what: "diagnosis code").map(CaseText.uppercased)
        var review: ReviewKind?
        if let text = try string(request["review"], "request.review", what: "review kind") {
            guard let kind = ReviewKind(rawValue: text) else {
                throw CaseError(path: "request.review", message: "unknown review kind `\(text)`; expected \(Self.reviewShape)")
            }
            review = kind
        }
        let dose = try dose(request["dose_mg"], "request.dose_mg")
        return CaseRequest(treatment: treatment, date: date, sessions: sessions,
                           billedPerSession: billed, diagnosis: diagnosis, review: review, dose: dose)
    }

    // diagnoses := [ code* ]
    func diagnoses(_ value: JSONValue?) throws(CaseError) -> ([String], Bool) {
        guard var codes = try strings(value, "diagnoses", what: "diagnosis code") else { return ([], false) }
        for i in codes.indices {
            guard looksLikeCode(codes[i]) else {
                throw CaseError(path: "diagnoses[\(i)]",
                                message: "`\(codes[i])` is not a diagnosis code; expected letters, digits and dots like `F33.2`")
            }
            codes[i] = CaseText.uppercased(codes[i])
        }
        return (codes, true)
    }

    // sessions := [ { treatment, date, plan_paid? }* ]
    func sessions(_ value: JSONValue?) throws(CaseError) -> [PastSession] {
        let shape = "a list of past sessions `{treatment, date, plan_paid}`"
        guard let items = try list(value, "sessions", expected: shape), !items.isEmpty else { return [] }
        var result: [PastSession] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            func path() -> String { "sessions[\(i)]" }
            guard case .object(let session) = item else {
                throw CaseError(path: path(), message: "expected a session object `{treatment, date, plan_paid}`, "
                    + "got \(item.typeDescription)")
            }
            guard let name = try string(session["treatment"], path() + ".treatment", what: "treatment name") else {
                throw CaseError(path: path() + ".treatment", message: "missing; expected a treatment name or billing code")
            }
            let treatment: Int
            if let index = vocabulary.treatments.firstIndex(of: name) ?? vocabulary.billingCodes[CaseText.uppercased(name)] {
                treatment = index
            } else {
                throw CaseError(path: path() + ".treatment", message: unknownTreatment(name) + " (or one of their billing codes)")
            }
            guard let date = try date(session["date"], path() + ".date") else {
                throw CaseError(path: path() + ".date", message: "missing; expected \(Self.dateShape)")
            }
            let paid = try money(session["plan_paid"], path() + ".plan_paid")
            let dose = try dose(session["dose_mg"], path() + ".dose_mg")
            result.append(PastSession(treatment: treatment, date: date, planPaid: paid, caseIndex: i, dose: dose))
        }
        // Stable by date: equal dates keep their order in the case. Most cases come sorted.
        if zip(result, result.dropFirst()).allSatisfy({ $0.date <= $1.date }) { return result }
        return result.enumerated()
            .sorted { a, b in (a.element.date, a.offset) < (b.element.date, b.offset) }
            .map(\.element)
    }

    // MARK: Typed readers; each returns nil for an absent or null field.

    func object(_ value: JSONValue?, _ path: @autoclosure () -> String, expected: @autoclosure () -> String) throws(CaseError) -> JSONObject? {
        switch value {
        case nil, .null?: return nil
        case .object(let object)?: return object
        case let other?: throw CaseError(path: path(), message: "expected \(expected()), got \(other.typeDescription)")
        }
    }

    func list(_ value: JSONValue?, _ path: @autoclosure () -> String, expected: @autoclosure () -> String) throws(CaseError) -> [JSONValue]? {
        switch value {
        case nil, .null?: return nil
        case .array(let items)?: return items
        case let other?: throw CaseError(path: path(), message: "expected \(expected()), got \(other.typeDescription)")
        }
    }

    func string(_ value: JSONValue?, _ path: @autoclosure () -> String, what: String) throws(CaseError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?: throw CaseError(path: path(), message: "expected a \(what) string, got \(other.typeDescription)")
        }
    }

    /// A list of strings, each element checked: `documents[1]: expected a document name string, got a number`.
    func strings(_ value: JSONValue?, _ path: @autoclosure () -> String, what: String) throws(CaseError) -> [String]? {
        guard let items = try list(value, path(), expected: "a list of \(what)s") else { return nil }
        var result: [String] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard case .string(let text) = item else {
                throw CaseError(path: "\(path())[\(i)]", message: "expected a \(what) string, got \(item.typeDescription)")
            }
            result.append(text)
        }
        return result
    }

    func bool(_ value: JSONValue?, _ path: @autoclosure () -> String) throws(CaseError) -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let other?: throw CaseError(path: path(), message: "expected `true` or `false`, got \(other.typeDescription)")
        }
    }

    func date(_ value: JSONValue?, _ path: @autoclosure () -> String) throws(CaseError) -> Day? {
        guard let text = try string(value, path(), what: "date") else { return nil }
        guard let day = CaseText.day(text) else {
            throw CaseError(path: path(), message: "invalid date `\(text)`; expected \(Self.dateShape)")
        }
        return day
    }

    /// A whole number ≥ 0 that fits `Int`; `2.0` is accepted, `2.5`, `-1`, `1e3` and `"2"` are not.
    func count(_ value: JSONValue?, _ path: @autoclosure () -> String) throws(CaseError) -> Int? {
        switch value {
        case nil, .null?: return nil
        case .number(_, let text)?:
            guard let n = wholeNumber(text) else {
                throw CaseError(path: path(), message: "expected \(Self.sessionsShape), got `\(text)`")
            }
            return n
        case let other?:
            throw CaseError(path: path(), message: "expected \(Self.sessionsShape), got \(other.typeDescription)")
        }
    }

    /// A dose in milligrams: a JSON number ≥ 0, at most 1,000,000,000 (`"56"` and `-1` are not).
    func dose(_ value: JSONValue?, _ path: @autoclosure () -> String) throws(CaseError) -> Decimal? {
        switch value {
        case nil, .null?: return nil
        case .number(let number, let text)?:
            guard !number.isNaN, number >= 0, number <= 1_000_000_000 else {
                throw CaseError(path: path(), message: "expected \(Self.doseShape), got `\(text)`")
            }
            return number
        case let other?:
            throw CaseError(path: path(), message: "expected \(Self.doseShape), got \(other.typeDescription)")
        }
    }

    /// Money from a string (`"900.00"`, `"$900"`, `"1,500.00"`) or a number (`900`, `900.5`); never negative.
    func money(_ value: JSONValue?, _ path: @autoclosure () -> String) throws(CaseError) -> Money? {
        let text: String
        switch value {
        case nil, .null?: return nil
        case .string(let s)?: text = s
        case .number(_, let s)?: text = s
        case let other?:
            throw CaseError(path: path(), message: "expected \(Self.moneyShape), got \(other.typeDescription)")
        }
        guard let amount = CaseText.money(text) else {
            throw CaseError(path: path(), message: "invalid amount `\(text)`; expected \(Self.moneyShape)")
        }
        guard amount.cents >= 0 else {
            throw CaseError(path: path(), message: "negative amount `\(text)`; expected an amount ≥ 0")
        }
        guard amount <= CaseDecoder.maximumMoney else {
            throw CaseError(path: path(), message: "amount `\(text)` is too large; at most \(CaseDecoder.maximumMoney) is accepted")
        }
        return amount
    }

    func tier(_ value: JSONValue?, _ path: @autoclosure () -> String) throws(CaseError) -> String? {
        guard let name = try string(value, path(), what: "network tier") else { return nil }
        guard vocabulary.tiers.contains(name) else {
            throw CaseError(path: path(), message: "unknown network tier `\(name)`; the policy declares "
                + listed(vocabulary.tiers, none: "no tiers"))
        }
        return name
    }

    func priorAuthorization(_ value: JSONValue?, _ path: @autoclosure () -> String) throws(CaseError) -> PriorAuthorizationStatus? {
        guard let text = try string(value, path(), what: "prior authorization status") else { return nil }
        guard let status = CaseText.priorAuthorization(text) else {
            throw CaseError(path: path(), message: "unknown prior authorization status `\(text)`; expected "
                + listed(PriorAuthorizationStatus.allCases.map(\.rawValue), none: ""))
        }
        return status
    }

    // MARK: Helpers

    func treatmentIndex(named name: String, _ path: String) throws(CaseError) -> Int {
        guard let index = vocabulary.treatments.firstIndex(of: name) else {
            throw CaseError(path: path, message: unknownTreatment(name))
        }
        return index
    }

    func unknownTreatment(_ name: String) -> String {
        "unknown treatment `\(name)`; the policy declares " + listed(vocabulary.treatments, none: "no treatments")
    }

    func treatmentName(_ index: Int) -> String {
        vocabulary.treatments.indices.contains(index) ? vocabulary.treatments[index] : "#\(index)"
    }

    func listed(_ names: [String], none: String) -> String {
        names.isEmpty ? none : names.map { "`\($0)`" }.joined(separator: ", ")
    }

    /// Letters, digits and dots, starting with a letter or digit: `F33.2`, `296.32`.
    func looksLikeCode(_ code: String) -> Bool {
        var first = true
        for b in code.utf8 {
            let isAlnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            guard isAlnum || (!first && b == UInt8(ascii: ".")) else { return false }
            first = false
        }
        return !first
    }

    /// The value of a JSON number's text when it is a whole number ≥ 0 fitting `Int`
    /// (digits, optionally followed by a fraction of zeros).
    func wholeNumber(_ text: String) -> Int? {
        var n = 0
        var inFraction = false
        var sawDigit = false
        for b in text.utf8 {
            if b == UInt8(ascii: ".") && !inFraction && sawDigit {
                inFraction = true
                continue
            }
            guard b >= 0x30 && b <= 0x39 else { return nil }
            if inFraction {
                guard b == 0x30 else { return nil }
                continue
            }
            sawDigit = true
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(b - 0x30))
            guard !o1, !o2 else { return nil }
            n = a
        }
        return sawDigit ? n : nil
    }
}
