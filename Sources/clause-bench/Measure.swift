import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Timing, results and their two renderings (a table on stdout, JSON on disk).
final class Report {
    struct Row {
        var group: String
        var name: String
        var value: Double
        var unit: String
        /// Every repeat's value, for the JSON.
        var samples: [Double]
        var note: String
    }

    var rows: [Row] = []
    let repeats: Int
    let minSeconds: Double
    /// Accumulates results so the optimiser cannot drop the work measured.
    var sink = 0

    init(repeats: Int, minSeconds: Double) {
        self.repeats = repeats
        self.minSeconds = minSeconds
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Operations per second of `body` (which returns how many operations it did), as the median
    /// of `repeats` runs of at least `minSeconds` each.
    func rate(_ body: () -> Int) -> [Double] {
        (0..<repeats).map { _ in
            var ops = 0
            let start = Report.now()
            var elapsed = 0.0
            repeat {
                ops += body()
                elapsed = Report.now() - start
            } while elapsed < minSeconds
            return Double(ops) / elapsed
        }
    }

    /// Seconds one run of `body` takes, for each repeat.
    func seconds(_ body: () -> Void) -> [Double] {
        (0..<repeats).map { _ in
            let start = Report.now()
            body()
            return Report.now() - start
        }
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    func add(_ group: String, _ name: String, _ samples: [Double], _ unit: String, note: String = "") {
        let row = Row(group: group, name: name, value: Report.median(samples), unit: unit, samples: samples, note: note)
        rows.append(row)
        print(Report.line(row))
        fflush(nil)  // show each row as it comes, even into a pipe
    }

    static func format(_ v: Double) -> String {
        if v >= 100 {
            let digits = Array(String(Int(v.rounded())))
            var out = ""
            for (i, d) in digits.enumerated() {
                if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
                out.append(d)
            }
            return out
        }
        if v >= 10 { return String(format: "%.1f", v) }
        return String(format: "%.3f", v)
    }

    static func line(_ r: Row) -> String {
        func pad(_ s: String, _ n: Int, right: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, n - s.count))
            return right ? fill + s : s + fill
        }
        let spread = r.samples.count > 1
            ? " (\(format(r.samples.min() ?? 0))–\(format(r.samples.max() ?? 0)))" : ""
        return pad(r.group, 14) + pad(r.name, 52) + pad(format(r.value), 14, right: true) + " " + pad(r.unit, 12)
            + spread + (r.note.isEmpty ? "" : "  " + r.note)
    }

    func json(machine: [String: String], arguments: [String]) -> String {
        var out = "{\n  \"machine\": {"
        out += machine.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \(Report.quote($0.value))" }.joined(separator: ", ")
        out += "},\n  \"arguments\": [" + arguments.map(Report.quote).joined(separator: ", ") + "],\n"
        out += "  \"repeats\": \(repeats), \"min_seconds\": \(minSeconds),\n  \"results\": [\n"
        out += rows.map { r in
            "    {\"group\": \(Report.quote(r.group)), \"name\": \(Report.quote(r.name)), \"value\": \(r.value), "
                + "\"unit\": \(Report.quote(r.unit)), \"samples\": [\(r.samples.map { "\($0)" }.joined(separator: ", "))], "
                + "\"note\": \(Report.quote(r.note))}"
        }.joined(separator: ",\n")
        out += "\n  ]\n}\n"
        return out
    }

    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// This process's peak resident memory, in MB.
    static func peakMemoryMB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    static func machine() -> [String: String] {
        var m: [String: String] = [:]
        var u = utsname()
        uname(&u)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
        }
        m["system"] = text(u.sysname) + " " + text(u.release) + " " + text(u.machine)
        m["cores"] = "\(ProcessInfo.processInfo.activeProcessorCount)"
        if let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = cpu.split(separator: "\n").first(where: { $0.hasPrefix("model name") }) {
            m["cpu"] = line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }
        m["memory_gb"] = String(format: "%.1f", Double(ProcessInfo.processInfo.physicalMemory) / 1e9)
        if let load = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) {
            m["load_average_at_start"] = load.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let f = ISO8601DateFormatter()
        m["date"] = f.string(from: Date())
        return m
    }
}
