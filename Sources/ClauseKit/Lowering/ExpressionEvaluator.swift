import Foundation

/// One expression, parsed and resolved in the scope of a checked policy, ready to evaluate.
///
/// Its spans are offsets into `source`: the policy's text followed by the expression, so the
/// evaluator's messages quote the right text for the expression and for the defines it uses.
public struct CheckedExpression: Sendable {
    public var expr: ResolvedExpr
    public var label: String?
    /// The policy's text, a newline, then the expression's text.
    public var source: SourceFile
    /// Where the expression's text starts in `source`.
    public var offset: Int
    /// The static type the checker found (`.any` when it depends on the case).
    public var type: StaticType { expr.type }
}

/// What checking an expression produced.
public struct ExpressionCheck: Sendable {
    /// The resolved expression, when there were no errors.
    public var expression: CheckedExpression?
    /// Lexer, parser and checker diagnostics, with spans into `input`.
    public var diagnostics: [Diagnostic]
    /// The expression's text alone, to render diagnostics against (the caret under the typed line).
    public var input: SourceFile
    /// True when the text ended early (an open brace, a trailing operator): more input may complete it.
    public var unexpectedEndOfInput: Bool
}

/// An expression's value against one case, with every case value it read.
public struct ExpressionResult: Sendable {
    /// The value, or nil when it is unknown (it depends on a fact the case lacks).
    public var value: Value?
    /// The case paths an unknown value depends on.
    public var missing: [String]
    /// The case values read, in order, each path once (nil value: the case lacks it).
    public var values: [ValueSeen]

    /// The three-valued result of a boolean expression; nil when the value is not a boolean.
    public var truth: Truth? {
        switch value {
        case nil: return .unknown
        case .bool(let b)?: return b ? .true : .false
        default: return nil
        }
    }
}

/// Evaluates single expressions against a case, as a REPL does: names resolve as they do in
/// the policy (its defines, code sets and the case's lists), and an unknown path gives an
/// unknown value rather than an error.
public enum ExpressionEvaluator {
    /// Parses and checks `text` as one expression (with an optional label) in the scope of `policy`.
    public static func check(_ text: String, in policy: CheckedPolicy, name: String = "<input>") -> ExpressionCheck {
        let input = SourceFile(name: name, text: text)
        let offset = policy.source.bytes.count + 1
        let combined = SourceFile(name: policy.source.name, bytes: policy.source.bytes + [UInt8(ascii: "\n")] + input.bytes)
        let (criterion, parseDiagnostics, endedEarly) = Parser.parseExpression(combined, from: offset)
        var diagnostics = parseDiagnostics
        var expression: CheckedExpression?
        if let criterion, !parseDiagnostics.contains(where: { $0.severity == .error }) {
            var checker = Checker(scopeOf: policy, source: combined)
            let resolved = checker.resolve(criterion.expr, scope: .global)
            diagnostics = checker.diagnostics
            if !diagnostics.contains(where: { $0.severity == .error }) {
                expression = CheckedExpression(expr: resolved, label: criterion.label?.value, source: combined, offset: offset)
            }
        }
        let shifted = diagnostics.map { d in
            var d = d
            d.span = SourceSpan(start: max(0, d.span.start - offset), end: max(0, d.span.end - offset))
            return d
        }
        return ExpressionCheck(expression: expression, diagnostics: shifted, input: input, unexpectedEndOfInput: endedEarly)
    }

    /// Evaluates a checked expression against a case. An evaluation error (a value of the wrong
    /// type, division by zero, overflow) is thrown with a span into `expression.source`.
    public static func evaluate(_ expression: CheckedExpression, policy: CheckedPolicy,
                                patientCase: PatientCase) throws(EvaluationError) -> ExpressionResult {
        var scoped = policy
        scoped.source = expression.source
        // The policy's own lowering, with a recorder for the values read.
        var compiler = ExprCompiler(policy: scoped)
        let run = compiler.expr(expression.expr)
        let recorder = Recorder()
        let fdaStatus = FDATable(policy: scoped, codeSets: compiler.codeSets).status(patientCase)
        var ctx = EvalContext(patientCase, fdaStatus: fdaStatus, recorder: recorder)
        let outcome = try run(&ctx)
        return ExpressionResult(value: outcome.value, missing: Recorder.unique(outcome.missing),
                                values: recorder.values(since: 0))
    }
}

extension Checker {
    /// A checker whose names are those of an already checked policy, for resolving
    /// expressions written after it (spans into `source`, which starts with the policy's text).
    init(scopeOf policy: CheckedPolicy, source: SourceFile) {
        self.init(source: source, file: PolicyFile(header: nil, declarations: []))
        for (i, set) in policy.codeSets.enumerated() { codeSetIndex[set.name] = i }
        for (i, t) in policy.treatments.enumerated() { treatmentIndex[t.name] = i }
        for (i, d) in policy.defines.enumerated() {
            defineIndex[d.name] = i
            defineState[i] = .done
            resolvedDefines[i] = d.expr
            if let element = d.element { defineElements[i] = element }
        }
        caseRoots = policy.caseRoots
        // The policy's `fields` block: paths are checked against it as in the policy itself.
        for f in policy.vocabulary.fields {
            let names = f.path.map { Name($0, .empty) }
            declaredFields[f.path.joined(separator: ".")] = FieldDecl(path: names, type: f.type, typeName: Name(f.type.rawValue, .empty),
                                                                      span: .empty)
            hasFieldSchema = true
        }
    }
}
