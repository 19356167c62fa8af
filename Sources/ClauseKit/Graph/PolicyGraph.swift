import Foundation

/// The structure of a policy as a graph: treatments → their deny and cover rules → criteria
/// (with the defines and code sets they use) → requirements; treatments → limits; network → tiers.
/// A pure model; `PolicyGraph+DOT` and `PolicyGraph+Mermaid` render it.
public struct PolicyGraph: Sendable {
    public enum NodeKind: String, Sendable, Hashable, CaseIterable {
        case treatment, cover, deny, criterion, block, define, codeSet = "codes"
        case requirement, limit, network, tier
    }

    public struct Node: Sendable, Hashable {
        /// Stable, file-order identifier: `t0`, `r2`, `c5`, `def1`, `cs0`, …
        public var id: String
        public var kind: NodeKind
        /// One or more lines of plain text (joined by "\n").
        public var label: String
        /// Policy line where it is declared or written (nil for the network as a whole).
        public var line: Int?
    }

    public struct Edge: Sendable, Hashable {
        public var from: String
        public var to: String
        public var label: String?
        /// A reference (a criterion using a define or code set) rather than containment.
        public var isReference: Bool
    }

    public var title: String
    public private(set) var nodes: [Node] = []
    public private(set) var edges: [Edge] = []

    /// Labels longer than this are cut with "…".
    static let maxLabel = 64

    public init(policy: CheckedPolicy) {
        title = policy.title
        var builder = Builder(policy: policy)
        builder.build()
        nodes = builder.nodes
        edges = builder.edges
    }

    public func node(_ id: String) -> Node? { nodes.first { $0.id == id } }
    public func edges(from id: String) -> [Edge] { edges.filter { $0.from == id } }
    public func edges(to id: String) -> [Edge] { edges.filter { $0.to == id } }

    /// Collapses whitespace and cuts long text, for a node label.
    static func short(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        let joined = words.joined(separator: " ")
        guard joined.count > maxLabel else { return joined }
        return String(joined.prefix(maxLabel - 1)) + "…"
    }
}

extension PolicyGraph {
    struct Builder {
        let policy: CheckedPolicy
        var nodes: [Node] = []
        var edges: [Edge] = []
        var ids = Set<String>()
        var criterionCount = 0
        var requirementCount = 0

        init(policy: CheckedPolicy) { self.policy = policy }

        func line(_ span: SourceSpan) -> Int { policy.source.line(of: span) }

        mutating func add(_ id: String, _ kind: NodeKind, _ label: String, _ line: Int?) {
            guard ids.insert(id).inserted else { return }
            nodes.append(Node(id: id, kind: kind, label: label, line: line))
        }

        mutating func link(_ from: String, _ to: String, _ label: String? = nil, reference: Bool = false) {
            let edge = Edge(from: from, to: to, label: label, isReference: reference)
            if !edges.contains(edge) { edges.append(edge) }
        }

        mutating func build() {
            for (i, t) in policy.treatments.enumerated() {
                add("t\(i)", .treatment, t.name + "\n" + PolicyGraph.short(t.displayName), line(t.span))
                for approval in t.approvals {
                    let cs = codeSet(approval.codeSet)
                    link("t\(i)", cs, "FDA approved" + (approval.since.map { " since \($0)" } ?? ""), reference: true)
                }
                for investigational in t.investigational {
                    if let set = investigational {
                        link("t\(i)", codeSet(set), "FDA investigational", reference: true)
                    }
                }
            }
            for rule in policy.rules {
                let id = "r\(rule.index)"
                add(id, rule.kind == .cover ? .cover : .deny,
                    rule.kind.rawValue + ": " + PolicyGraph.short(rule.title ?? "\(rule.kind.rawValue) rule") + PolicyGraph.qualifier(rule),
                    rule.line)
                for t in rule.treatments { link("t\(t)", id, rule.kind.rawValue) }
                criteria(rule.when, parent: id, edgeLabel: "when", flattenAll: true)
                if let unless = rule.unless { criteria(unless, parent: id, edgeLabel: "unless", flattenAll: true) }
                for req in rule.requirements {
                    let rid = "q\(requirementCount)"
                    requirementCount += 1
                    let text: String
                    switch req {
                    case .priorAuthorization(_, let lasting):
                        text = "requires prior authorization" + (lasting.map { "\nlasting \($0.value)" } ?? "")
                    case .referral: text = "requires referral"
                    case .document(let d): text = "requires document\n" + PolicyGraph.short(d.value)
                    }
                    add(rid, .requirement, text, line(req.span))
                    link(id, rid)
                }
            }
            for (i, limits) in policy.limits.enumerated() where i < policy.treatments.count {
                for (k, s) in limits.sessions.enumerated() {
                    add("l\(i)_\(k)", .limit, s.text, s.line)
                    link("t\(i)", "l\(i)_\(k)", "limit")
                }
                for (k, b) in limits.benefitMaximums.enumerated() {
                    add("b\(i)_\(k)", .limit, "benefit maximum " + b.text, b.line)
                    link("t\(i)", "b\(i)_\(k)", "limit")
                }
                for (k, d) in limits.doses.enumerated() {
                    add("d\(i)_\(k)", .limit, "dose limit " + PolicyGraph.short(d.text), d.line)
                    link("t\(i)", "d\(i)_\(k)", "limit")
                }
                if let lasts = limits.authorizationLasts, let l = limits.authorizationLine {
                    // With a line of its own for each kind, the plain line applies to neither.
                    let shadowed = ReviewKind.allCases.allSatisfy { limits.reviewAuthorizationLasts[$0] != nil }
                    add("a\(i)", .limit, "authorization lasts \(lasts)" + (shadowed ? "\n(each kind has its own)" : ""), l)
                    link("t\(i)", "a\(i)", "limit")
                }
                for kind in ReviewKind.allCases {
                    guard let own = limits.reviewAuthorizationLasts[kind] else { continue }
                    add("a\(i)_\(kind.rawValue)", .limit, "\(kind.rawValue) authorization lasts \(own.lasts)", own.line)
                    link("t\(i)", "a\(i)_\(kind.rawValue)", "limit")
                }
                if let gap = limits.newCourseAfter, let l = limits.newCourseLine {
                    add("n\(i)", .limit, "new course after \(gap)\nwithout sessions", l)
                    link("t\(i)", "n\(i)", "limit")
                }
            }
            if !policy.tiers.isEmpty {
                add("network", .network, "network", nil)
                for (k, tier) in policy.tiers.enumerated() {
                    add("tier\(k)", .tier, tier.name + "\n" + PolicyGraph.tierText(tier), tier.line)
                    link("network", "tier\(k)")
                }
                for (i, _) in policy.treatments.enumerated() where !policy.coverRules[i].isEmpty {
                    link("t\(i)", "network", "cost share")
                }
            }
        }

        mutating func codeSet(_ index: Int) -> String {
            let set = policy.codeSets[index]
            let id = "cs\(index)"
            add(id, .codeSet, "codes " + set.name + "\n" + Plural.count(set.patterns.count, "pattern"), line(set.span))
            return id
        }

        mutating func define(_ index: Int) -> String {
            let id = "def\(index)"
            guard !ids.contains(id) else { return id }
            let d = policy.defines[index]
            add(id, .define, "define " + d.name + (d.label.map { "\n" + PolicyGraph.short($0) } ?? ""), line(d.span))
            if case .block(let kind, let entries) = d.expr.kind {
                let parent = blockNode(kind, under: id, label: nil, span: d.expr.span, flatten: kind == .all)
                for entry in entries { criteria(entry, parent: parent, edgeLabel: nil, flattenAll: false) }
            } else {
                references(d.expr, from: id)
            }
            return id
        }

        /// Adds a node for a block unless it is a plain `all` that can hang off its parent.
        mutating func blockNode(_ kind: BlockKind, under parent: String, label: String?, span: SourceSpan, flatten: Bool,
                                edgeLabel: String? = nil) -> String {
            if flatten && label == nil { return parent }
            let id = "c\(criterionCount)"
            criterionCount += 1
            add(id, .block, (label.map { PolicyGraph.short($0) + "\n" } ?? "") + kind.description, line(span))
            link(parent, id, edgeLabel)
            return id
        }

        mutating func criteria(_ c: ResolvedCriterion, parent: String, edgeLabel: String?, flattenAll: Bool) {
            switch c.expr.kind {
            case .define(let index) where c.label == nil:
                link(parent, define(index), edgeLabel)
            case .block(let kind, let entries):
                let node = blockNode(kind, under: parent, label: c.label, span: c.span, flatten: flattenAll && kind == .all,
                                     edgeLabel: edgeLabel)
                for entry in entries { criteria(entry, parent: node, edgeLabel: node == parent ? edgeLabel : nil, flattenAll: false) }
            default:
                let id = "c\(criterionCount)"
                criterionCount += 1
                let text = c.label ?? policy.source.text(c.expr.span)
                add(id, .criterion, PolicyGraph.short(text), line(c.span))
                link(parent, id, edgeLabel)
                references(c.expr, from: id)
            }
        }

        /// Edges from a criterion to the defines and code sets its expression uses.
        mutating func references(_ e: ResolvedExpr, from id: String) {
            switch e.kind {
            case .define(let i): link(id, define(i), "uses", reference: true)
            case .diagnosisIn(let cs): link(id, codeSet(cs), "in", reference: true)
            case .inCodeSet(let x, let cs):
                references(x, from: id)
                link(id, codeSet(cs), "in", reference: true)
            case .list(let items): for x in items { references(x, from: id) }
            case .unary(_, let x): references(x, from: id)
            case .binary(_, let a, let b):
                references(a, from: id)
                references(b, from: id)
            case .count(_, let filter), .distinct(_, _, let filter, _), .aggregate(_, _, _, let filter):
                if let filter { references(filter, from: id) }
            case .inTable(let x, _): references(x, from: id)
            case .within(let a, let b, let c):
                for x in [a, b, c] { references(x, from: id) }
            case .daysSince(let x): references(x, from: id)
            case .block(_, let entries): for x in entries { references(x.expr, from: id) }
            case .constant, .casePath, .elementField, .elementPath, .fda, .known: break
            }
        }
    }

    /// A rule's review kind or experimental flag, as a second label line.
    static func qualifier(_ rule: Rule) -> String {
        if let review = rule.review { return "\n\(review.rawValue) requests only" }
        return rule.experimental ? "\ndenied as experimental" : ""
    }

    /// The tier's cost in the words every output uses (`Tier.costDescription`).
    static func tierText(_ tier: Tier) -> String {
        tier.costDescription + (tier.requiresReferral ? ", requires referral" : "")
    }

    static func percent(_ fraction: Decimal) -> String {
        "\(fraction * 100)%"
    }
}
