import Foundation
import Testing
import ClauseCLI
#if canImport(Glibc)
import Glibc
#endif

/// Case and policy files that are not readable files (issue #6): each a clear error, exit 1.
@Suite struct HostileFileTests {
    let policy = path("Policies/acme-ppo.clause")

    @Test func aMissingCaseFileIsAClearError() {
        let r = run(["eval", policy, "/nonexistent/case.json"])
        #expect(r.code == 1)
        #expect(r.err == "error: /nonexistent/case.json: no such file\n")
        #expect(r.out.isEmpty)
    }

    @Test func aDirectoryAsTheCaseFileIsAClearError() {
        let r = run(["eval", policy, path("Policies/cases")])
        #expect(r.code == 1)
        #expect(r.err.hasSuffix("Policies/cases: is a directory, expected a file\n"))
    }

    /// `chmod 000` does not stop root (CI runs as root), so an unreadable file is made two ways:
    /// a file the kernel refuses to read even for root (`/proc/self/mem` at offset 0 gives EIO),
    /// and, when not root, a file with no read permission.
    @Test func anUnreadableCaseFileIsAClearError() throws {
        #if os(Linux)
        let mem = run(["eval", policy, "/proc/self/mem"])
        #expect(mem.code == 1)
        #expect(mem.err.hasPrefix("error: /proc/self/mem: cannot be read"))
        #expect(mem.err.contains("Input/output error"))
        #endif
        #if canImport(Glibc)
        if geteuid() != 0 {
            let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("clause-unreadable-\(UUID().uuidString).json")
            try "{}".write(to: tmp, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: tmp) }
            try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: tmp.path)
            let r = run(["eval", policy, tmp.path])
            #expect(r.code == 1)
            #expect(r.err.contains("cannot be read"))
        }
        #endif
    }

    /// An endless file is read only up to the size limit, then refused.
    @Test func anEndlessCaseFileIsRefusedAtTheSizeLimit() {
        #if os(Linux)
        let r = run(["eval", policy, "/dev/zero"])
        #expect(r.code == 1)
        #expect(r.err == "error: /dev/zero: is larger than 256 MB\n")
        #endif
    }

    @Test func aHugePolicyIsRefusedWithAClearError() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("clause-huge-\(UUID().uuidString).clause")
        try Data(repeating: UInt8(ascii: "\n"), count: 17 << 20).write(to: tmp)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let r = run(["check", tmp.path])
        #expect(r.code == 1)
        #expect(r.err.contains("error: the policy is 17 MB; at most 16 MB is accepted"))
    }
}

/// The same policy and case give byte-identical output, run after run (issue #6). Across
/// processes (where Swift's hashing seed differs) Scripts/test.sh compares runs of the binary.
@Suite struct DeterminismTests {
    @Test func everyExampleCaseGivesIdenticalJSONAndTextTwice() throws {
        let dirs = try FileManager.default.contentsOfDirectory(atPath: path("Policies/cases")).sorted()
        var compared = 0
        for dir in dirs {
            let cases = try FileManager.default.contentsOfDirectory(atPath: path("Policies/cases/" + dir)).filter { $0.hasSuffix(".json") }
            for name in cases.sorted() {
                for format in ["json", "text"] {
                    let args = ["eval", path("Policies/\(dir).clause"), path("Policies/cases/\(dir)/\(name)"), "--format", format]
                    let first = run(args), second = run(args)
                    #expect(first.out == second.out, "\(dir)/\(name) \(format)")
                    #expect(first.err == second.err)
                    #expect(first.code == second.code)
                    compared += 1
                }
            }
        }
        #expect(compared >= 60)
    }
}
