import Foundation

extension PolicyGraph {
    /// Graphviz DOT, left to right; `dot -Tsvg` draws it. Labels carry the policy line.
    public var dot: String {
        var out = "digraph policy {\n"
        out += "  label=\"\(PolicyGraph.dotEscape(title))\"; labelloc=t; fontname=\"Helvetica\"; fontsize=16;\n"
        out += "  rankdir=LR; nodesep=0.25; ranksep=0.5;\n"
        out += "  node [fontname=\"Helvetica\", fontsize=11, shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#8892a0\"];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#8892a0\", fontcolor=\"#5b6576\"];\n"
        for n in nodes {
            let (shape, fill, border) = PolicyGraph.dotStyle(n.kind)
            let line = n.line.map { "\\nline \($0)" } ?? ""
            out += "  \(n.id) [label=\"\(PolicyGraph.dotEscape(n.label))\(line)\", shape=\(shape), fillcolor=\"\(fill)\", color=\"\(border)\"];\n"
        }
        for e in edges {
            var attrs: [String] = []
            if let l = e.label { attrs.append("label=\"\(PolicyGraph.dotEscape(l))\"") }
            if e.isReference { attrs.append("style=dashed") }
            out += "  \(e.from) -> \(e.to)" + (attrs.isEmpty ? "" : " [" + attrs.joined(separator: ", ") + "]") + ";\n"
        }
        return out + "}\n"
    }

    static func dotStyle(_ kind: NodeKind) -> (shape: String, fill: String, border: String) {
        switch kind {
        case .treatment: return ("box", "#dbe7fb", "#2456a6")
        case .cover: return ("box", "#e7f5ec", "#1f7a44")
        case .deny: return ("octagon", "#fdeaea", "#a32020")
        case .criterion: return ("box", "#ffffff", "#8892a0")
        case .block: return ("ellipse", "#f5f7fa", "#8892a0")
        case .define: return ("box", "#f3eafa", "#7a2fa0")
        case .codeSet: return ("folder", "#e3f4f6", "#0b7285")
        case .requirement: return ("note", "#fff4dc", "#8a5a00")
        case .limit: return ("box", "#fff4dc", "#8a5a00")
        case .network: return ("box3d", "#eef0f3", "#5b6576")
        case .tier: return ("box", "#eef0f3", "#5b6576")
        }
    }

    /// A DOT double-quoted string body: `\` and `"` escaped, newlines as `\n`.
    static func dotEscape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": break
            default: out.append(ch)
            }
        }
        return out
    }

    /// A Mermaid flowchart, left to right, with one class per node kind.
    public var mermaid: String {
        // The title sits in YAML front matter: a double-quoted YAML string.
        let yamlTitle = title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ")
        var out = "---\ntitle: \"\(yamlTitle)\"\n---\nflowchart LR\n"
        for n in nodes {
            let text = "\"" + PolicyGraph.mermaidEscape(n.label) + (n.line.map { "<br><small>line \($0)</small>" } ?? "") + "\""
            let shaped: String
            switch n.kind {
            case .treatment: shaped = "([\(text)])"
            case .deny: shaped = "{{\(text)}}"
            case .block: shaped = "((\(text)))"
            case .define: shaped = "[/\(text)/]"
            case .codeSet: shaped = "[(\(text))]"
            case .requirement: shaped = ">\(text)]"
            default: shaped = "[\(text)]"
            }
            out += "  \(n.id)\(shaped):::\(n.kind.rawValue)\n"
        }
        for e in edges {
            let arrow = e.isReference ? "-.->" : "-->"
            let label = e.label.map { "|\"" + PolicyGraph.mermaidEscape($0) + "\"|" } ?? ""
            out += "  \(e.from) \(arrow)\(label) \(e.to)\n"
        }
        for kind in NodeKind.allCases {
            let (_, fill, border) = PolicyGraph.dotStyle(kind)
            out += "  classDef \(kind.rawValue) fill:\(fill),stroke:\(border),color:#1d2430\n"
        }
        return out
    }

    /// Text inside a quoted Mermaid label: quotes and markup characters as entity codes,
    /// newlines as `<br>`.
    static func mermaidEscape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "#": out += "#35;"
            case "&": out += "#amp;"
            case "|": out += "#124;"
            case "\n": out += "<br>"
            case "\r": break
            default: out.append(ch)
            }
        }
        return out
    }
}
