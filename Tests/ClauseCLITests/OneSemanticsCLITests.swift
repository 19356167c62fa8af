import Foundation
import Testing
@testable import ClauseCLI
import ClauseKit
#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// The commands that decide one case (`eval`, `report`, `appeal`) share one load / read /
/// decide sequence (`DecisionRequest`): the same failure gives the same words and exit code.
@Suite struct DecisionRequestTests {
    static let policyText = """
    policy "T" { payer "T" version "1" effective 2026-01-01 }
    treatment esketamine "Spravato" { billing hcpcs J0013 }
    network { tier in_network copay $10 }
    cover esketamine "Adults" when patient.age >= 18

    """
    static let caseText = """
    {"id": "t", "diagnoses": ["F33.2"],
     "request": {"treatment": "esketamine", "date": "2026-03-02", "sessions": 1, "billed_per_session": "100.00"},
     "provider": {"network": "in_network"}, "patient": {"age": "34"}}
    """

    func errors(_ files: [String: String], _ policy: String, _ casePath: String) throws -> [String: (Int32, String)] {
        let dir = try temporaryDirectory("request")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        var results: [String: (Int32, String)] = [:]
        for command in ["eval", "report", "appeal"] {
            let r = run([command, dir + "/" + policy, dir + "/" + casePath])
            #expect(r.out.isEmpty, "\(command)")
            results[command] = (r.code, r.err.replacingOccurrences(of: dir, with: "$D"))
        }
        return results
    }

    func expectSame(_ results: [String: (Int32, String)], contains text: String) {
        let eval = results["eval"]!
        #expect(eval.0 == 1)
        #expect(eval.1.contains(text), "\(eval.1)")
        for (command, result) in results {
            #expect(result.0 == eval.0, "\(command)")
            #expect(result.1 == eval.1, "\(command)")
        }
    }

    @Test func anEvaluationErrorIsReportedAlikeWithItsPolicyLine() throws {
        let r = try errors(["p.clause": Self.policyText, "c.json": Self.caseText], "p.clause", "c.json")
        expectSame(r, contains: "error: cannot decide case $D/c.json: ")
        expectSame(r, contains: "  --> $D/p.clause:4\n")
    }

    @Test func caseAndPolicyErrorsAreReportedAlike() throws {
        expectSame(try errors(["p.clause": Self.policyText], "p.clause", "missing.json"), contains: "error: $D/missing.json: no such file\n")
        expectSame(try errors(["p.clause": Self.policyText], "nope.clause", "c.json"), contains: "error: $D/nope.clause: no such file\n")
        expectSame(try errors(["p.clause": Self.policyText, "c.json": "{\"id\": 1"], "p.clause", "c.json"), contains: "error: $D/c.json:1:")
        expectSame(try errors(["p.clause": "cover x when", "c.json": Self.caseText], "p.clause", "c.json"), contains: "error")
    }

    @Test func evalReportAndAppealDecideTheSameWay() {
        let policy = path("Policies/acme-ppo.clause"), c = path("Policies/cases/acme-ppo/one-drug-class.json")
        let eval = run(["eval", policy, c])
        let report = run(["report", policy, c])
        #expect(eval.code == 0 && report.code == 0)
        #expect(eval.out.contains("Path to coverage"))
        #expect(report.out.contains("Covered if the record documents: failed antidepressants of 2 or more classes"))
    }
}

/// Every file the CLI writes goes through `Files.write(bytes:to:)`: a temporary file beside
/// the target, renamed into place.
@Suite struct AtomicWriteTests {
    func leftovers(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
    }

    @Test func writesANewFileAndReplacesAnOldOne() throws {
        let dir = try temporaryDirectory("atomic")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/out.txt"
        try Files.write("first\n", to: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "first\n")
        try Files.write("second, longer\n", to: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "second, longer\n")
        try Files.write("", to: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "")
        #expect(try leftovers(dir).isEmpty)
    }

    @Test func keepsPermissionsAndSymbolicLinks() throws {
        let dir = try temporaryDirectory("atomic")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/p.clause"
        try "old".write(toFile: file, atomically: false, encoding: .utf8)
        #expect(chmod(file, 0o640) == 0)
        try Files.write("new", to: file)
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o640)

        let link = dir + "/link.clause"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "p.clause")
        try Files.write("through the link", to: link)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "p.clause")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "through the link")
        #expect(try leftovers(dir).isEmpty)
    }

    @Test func failuresLeaveNothingBehind() throws {
        let dir = try temporaryDirectory("atomic")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: false)
        #expect(throws: FileError.self) { try Files.write("x", to: dir + "/sub") }
        do {
            try Files.write("x", to: dir + "/no/such/file")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("no such directory"))
        }
        #expect(try leftovers(dir).isEmpty)
        #expect(try leftovers(dir + "/sub").isEmpty)
    }

    @Test func everyWritingCommandWritesThroughIt() throws {
        let dir = try temporaryDirectory("atomic-commands")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let acme = path("Policies/acme-ppo.clause")
        let excluded = path("Policies/cases/acme-ppo/pregnancy-excluded.json")
        #expect(run(["report", acme, excluded, "-o", dir + "/r.html"]).code == 0)
        #expect(run(["appeal", acme, excluded, "-o", dir + "/a.md"]).code == 0)
        #expect(run(["graph", acme, "-o", dir + "/g.dot"]).code == 0)
        let messy = dir + "/messy.clause"
        try "policy   \"M\" { effective 2026-01-01 }\n".write(toFile: messy, atomically: false, encoding: .utf8)
        #expect(run(["fmt", messy]).code == 0)
        for name in ["r.html", "a.md", "g.dot"] {
            #expect(((try? FileManager.default.attributesOfItem(atPath: dir + "/" + name)[.size] as? Int) ?? 0) > 0, "\(name)")
        }
        #expect(try String(contentsOfFile: messy, encoding: .utf8).hasPrefix("policy \"M\""))
        #expect(try leftovers(dir).isEmpty)
        // A write that fails says so the same way for every command.
        let reportErr = run(["report", acme, excluded, "-o", dir]).err
        let appealErr = run(["appeal", acme, excluded, "-o", dir]).err
        let graphErr = run(["graph", acme, "-o", dir]).err
        #expect(reportErr == "error: \(dir): is a directory, expected a file\n")
        #expect(appealErr == reportErr && graphErr == reportErr)
    }
}

/// `SystemIO.writeAll`, under every file descriptor sink and the terminal's output.
@Suite struct SystemWriteTests {
    /// A non-blocking pipe takes a few kilobytes at a time (partial writes) and then refuses
    /// (`EAGAIN`); every byte still arrives, in order.
    @Test func partialWritesAndAFullPipeLoseNothing() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        #expect(fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK) == 0)
        let bytes = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 12) }
        let reader = Thread {
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(readEnd, &buffer, buffer.count)
                if n <= 0 { break }
                received += buffer[..<n]
                usleep(n % 3 == 0 ? 50 : 0)  // a slow reader keeps the pipe full
            }
            ReceivedBytes.shared.set(received)
        }
        reader.start()
        #expect(SystemIO.writeAll(writeEnd, bytes) == 0)
        close(writeEnd)
        while !ReceivedBytes.shared.done { usleep(1000) }
        close(readEnd)
        #expect(ReceivedBytes.shared.bytes == bytes)
    }

    @Test func aClosedDescriptorIsAnErrorNotALoop() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        close(fds[1])
        close(fds[0])
        #expect(SystemIO.writeAll(fds[1], [1, 2, 3]) == EBADF)
    }
}

/// What the reader thread received (one test uses it).
final class ReceivedBytes: @unchecked Sendable {
    static let shared = ReceivedBytes()
    private let lock = NSLock()
    private var value: [UInt8]?
    func set(_ bytes: [UInt8]) { lock.withLock { value = bytes } }
    var done: Bool { lock.withLock { value != nil } }
    var bytes: [UInt8] { lock.withLock { value ?? [] } }
}
