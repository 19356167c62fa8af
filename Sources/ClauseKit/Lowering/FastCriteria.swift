import Foundation

/// The fast lane of the compiled evaluator. A criterion becomes a tree of predicate objects that
/// answer true or false straight from the case's JSON, comparing numbers as `FixedNumber`s and
/// building no `Value`, `Outcome`, list of missing paths or explanation. Whatever the lane cannot
/// answer with certainty (an unknown fact, a value of an unexpected type, anything that would
/// raise an error) makes it give up with nil, and the whole decision is then taken again by the
/// closures of `ExprCompiler`, which produce the missing paths and the errors. So the lane only
/// ever answers when every fact it read was present and well typed, and then its answer is the
/// closures' (`CompiledEquivalenceTests` and the generated-policy differential tests check it).
///
/// Expressions the lane has no node for are run by their closure (`SlowPredicate`); inside a
/// `where` filter, where the closures would need the element as a `Value`, such an expression
/// makes the enclosing `count`/`distinct` comparison run by its closure instead.
class FastPredicate: @unchecked Sendable {
    // @unchecked: every subclass holds only immutable compiled state.

    /// True or false, or nil to give up. `element` is the object being filtered by `where`.
    func test(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> Bool? { nil }
}

/// What the fast lane carries through one decision: the FDA status worked out once, and the
/// closures' context, made only when a `SlowPredicate` needs it.
struct FastState {
    let fdaStatus: FDAStatus?
    var context: EvalContext?

    init(fdaStatus: FDAStatus?) {
        self.fdaStatus = fdaStatus
    }

    /// `body` with the closures' context for the case, made on first use and kept for the
    /// rest of the decision.
    mutating func withContext<R>(_ c: PatientCase, _ body: (inout EvalContext) throws(EvaluationError) -> R)
        throws(EvaluationError) -> R {
        var context = self.context.take() ?? EvalContext(c, fdaStatus: fdaStatus)
        defer { self.context = context }
        return try body(&context)
    }
}

final class ConstantPredicate: FastPredicate, @unchecked Sendable {
    let value: Bool
    init(_ value: Bool) { self.value = value }
    override func test(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> Bool? { value }
}

/// A case path that is not a reserved field, read as a JSON boolean.
final class CaseBoolPredicate: FastPredicate, @unchecked Sendable {
    let path: [JSONKey]
    init(_ path: [String], keys: JSONKeyTable) { self.path = path.map { JSONKey($0, keys: keys) } }
    override func test(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> Bool? {
        c.root.withValue(at: path) { json in
            if case .bool(let b) = json { return b }
            return nil
        }
    }
}

/// A field of the element being filtered, read as a JSON boolean.
final class ElementBoolPredicate: FastPredicate, @unchecked Sendable {
    let name: JSONKey
    init(_ name: String, keys: JSONKeyTable) { self.name = JSONKey(name, keys: keys) }
    override func test(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> Bool? {
        element?.withMember(name) { json in
            if case .bool(let b) = json { return b }
            return nil
        }
    }
}

/// `number OP constant` over fixed numbers (`ExprCompiler.numberComparison`).
final class ComparePredicate: FastPredicate, @unchecked Sendable {
    /// Which orders of `number` against `constant` hold: a comparison is a set of the three.
    struct Holds: Sendable {
        let less: Bool, equal: Bool, greater: Bool
    }

    let number: FastNumber
    let constant: FixedNumber
    let holds: Holds
    let flipped: Bool

    init(_ number: FastNumber, _ constant: FixedNumber, flipped: Bool, holds: Holds) {
        self.number = number
        self.constant = constant
        self.flipped = flipped
        self.holds = holds
    }

    override func test(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> Bool? {
        guard let n = number.read(c, element, &state) else { return nil }
        // `constant OP number` when flipped.
        guard let order = flipped ? FixedNumber.compare(constant, n) : FixedNumber.compare(n, constant) else { return nil }
        return order < 0 ? holds.less : order == 0 ? holds.equal : holds.greater
    }
}

/// `diagnosis in SET`: any of the case's diagnoses, or the request's diagnosis.
final class DiagnosisPredicate: FastPredicate, @unchecked Sendable {
    let table: CompiledCodeSet
    init(_ table: CompiledCodeSet) { self.table = table }
    override func test(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> Bool? {
        table.containsDiagnosis(of: c)
    }
}

/// `fda STATUS`.
final class FDAPredicate: FastPredicate, @unchecked Sendable {
    let status: FDAStatus
    init(_ status: FDAStatus) { self.status = status }
    override func test(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> Bool? {
        guard let actual = state.fdaStatus else { return nil }
        return actual == status
    }
}

final class NotPredicate: FastPredicate, @unchecked Sendable {
    let inner: FastPredicate
    init(_ inner: FastPredicate) { self.inner = inner }
    override func test(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> Bool? {
        inner.test(c, element, &state).map { !$0 }
    }
}

/// `and` (stop on false) or `or` (stop on true), left to right.
final class AndOrPredicate: FastPredicate, @unchecked Sendable {
    let left: FastPredicate
    let right: FastPredicate
    let stop: Bool

    init(_ left: FastPredicate, _ right: FastPredicate, stop: Bool) {
        self.left = left
        self.right = right
        self.stop = stop
    }

    override func test(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> Bool? {
        guard let l = left.test(c, element, &state) else { return nil }
        if l == stop { return stop }
        return right.test(c, element, &state)
    }
}

/// A block: `needed` of its entries must hold, taken left to right and stopping once the
/// outcome is certain (`BlockTally`, as `ExprCompiler.block`).
final class BlockPredicate: FastPredicate, @unchecked Sendable {
    let entries: [FastPredicate]
    let needed: Int

    init(_ entries: [FastPredicate], needed: Int) {
        self.entries = entries
        self.needed = needed
    }

    override func test(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> Bool? {
        var tally = BlockTally(needed: needed, count: entries.count)
        for i in entries.indices {
            // Unretained: `entries` keeps the child alive; retaining it around each call cost ≈ 3 %.
            guard let b = Unmanaged.passUnretained(entries[i])._withUnsafeGuaranteedRef({ $0.test(c, element, &state) }) else { return nil }
            if let verdict = tally.add(b ? .true : .false) { return verdict }
        }
        // `any {}` with no entries: unknown, as the closures say.
        return tally.final
    }
}

/// An expression the lane has no node for, run by its closure outside any `where` filter.
final class SlowPredicate: FastPredicate, @unchecked Sendable {
    let node: CompiledNode
    init(_ node: CompiledNode) { self.node = node }
    override func test(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> Bool? {
        guard case .known(.bool(let b))? = try? state.withContext(c, node.run) else { return nil }
        return b
    }
}

/// A string read by the fast lane, or nil to give up.
class FastString: @unchecked Sendable {
    // @unchecked: every subclass holds only immutable compiled state.
    func read(_ c: PatientCase, _ element: JSONObject?) -> String? { nil }
}

/// A case path that is not a reserved field, when it holds a plain string.
final class CaseString: FastString, @unchecked Sendable {
    let path: [JSONKey]
    init(_ path: [String], keys: JSONKeyTable) { self.path = path.map { JSONKey($0, keys: keys) } }
    override func read(_ c: PatientCase, _ element: JSONObject?) -> String? {
        c.root.withValue(at: path, CountNumber.plainString)
    }
}

/// A field of the element being filtered, when it holds a plain string.
final class ElementString: FastString, @unchecked Sendable {
    let name: JSONKey
    init(_ name: String, keys: JSONKeyTable) { self.name = JSONKey(name, keys: keys) }
    override func read(_ c: PatientCase, _ element: JSONObject?) -> String? {
        element?.withMember(name, CountNumber.plainString)
    }
}

/// A reserved field whose typed reader gives a string as the case has it (`ReservedFields`).
final class ReservedString: FastString, @unchecked Sendable {
    let field: @Sendable (PatientCase) -> String?
    init(_ field: @escaping @Sendable (PatientCase) -> String?) { self.field = field }
    override func read(_ c: PatientCase, _ element: JSONObject?) -> String? { field(c) }
}

/// `string == "…"`, `string != "…"` or `string in ["…", …]` against string constants: a
/// string equals another as `Arithmetic.equal` compares two strings.
final class StringInPredicate: FastPredicate, @unchecked Sendable {
    let operand: FastString
    let constants: [String]
    let negated: Bool

    init(_ operand: FastString, _ constants: [String], negated: Bool) {
        self.operand = operand
        self.constants = constants
        self.negated = negated
    }

    override func test(_ c: PatientCase, _ element: JSONObject?, _ state: inout FastState) -> Bool? {
        guard let s = operand.read(c, element) else { return nil }
        return constants.contains(s) != negated
    }
}
