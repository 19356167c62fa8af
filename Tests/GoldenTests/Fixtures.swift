import Foundation
import ClauseCLI

/// Locates the fixture folders beside this file, so tests run from any working directory.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ parts: String...) -> String {
        parts.reduce(root) { $0.appendingPathComponent($1) }.path
    }

    /// Files in a fixture folder with a suffix, sorted by name.
    static func files(in folder: String, suffix: String) -> [String] {
        let dir = root.appendingPathComponent(folder).path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted()
    }

    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    /// Runs the CLI in-process and returns (exit code, stdout, stderr).
    static func run(_ args: [String]) -> (code: Int32, out: String, err: String) {
        let out = StringSink(), err = StringSink()
        let code = CLI(out: out, err: err, environment: ["NO_COLOR": "1"]).run(args)
        return (code, out.text, err.text)
    }

    /// Replaces the fixture root in output so expected files do not depend on the checkout's location.
    static func normalize(_ text: String) -> String {
        text.replacingOccurrences(of: root.path + "/", with: "")
    }

    /// Compares `actual` with the expected file, or rewrites it when UPDATE_GOLDEN=1.
    /// Returns a unified-style diff when they differ, nil when they match.
    static func compareGolden(_ actual: String, expectedPath: String) -> String? {
        if updating {
            try? actual.write(toFile: expectedPath, atomically: true, encoding: .utf8)
            return nil
        }
        guard let expected = try? String(contentsOfFile: expectedPath, encoding: .utf8) else {
            return "missing expected file \(expectedPath); run with UPDATE_GOLDEN=1 to create it"
        }
        if expected == actual { return nil }
        return diff(expected: expected, actual: actual)
    }

    static func diff(expected: String, actual: String) -> String {
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        var out: [String] = []
        for i in 0..<max(e.count, a.count) {
            let l = i < e.count ? e[i] : nil, r = i < a.count ? a[i] : nil
            if l != r {
                if let l { out.append("-\(i + 1): \(l)") }
                if let r { out.append("+\(i + 1): \(r)") }
            }
        }
        return out.prefix(40).joined(separator: "\n")
    }
}
