import Foundation
import Testing
import ClauseCLI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built `clause` binary, run as a user runs it: with standard input and exit status.
enum Binary {
    /// Next to the test bundle (`.build/debug/clause`), else in the repository's debug build.
    static let url: URL = {
        let beside = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("clause")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        for dir in [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("clause")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return repository.appendingPathComponent(".build/debug/clause")
    }()

    /// Runs the binary with `stdin` as its standard input (a file, so never a terminal); its
    /// output and errors go to files, read once it has exited.
    static func run(_ args: [String], stdin: String = "") throws -> (code: Int32, out: String, err: String) {
        let input = try temporaryFile(stdin, ext: "in")
        let outPath = try temporaryFile("", ext: "out"), errPath = try temporaryFile("", ext: "err")
        defer { for p in [input, outPath, errPath] { try? FileManager.default.removeItem(atPath: p) } }
        let process = Process()
        process.executableURL = url
        process.arguments = args
        process.environment = ["NO_COLOR": "1", "PATH": "/usr/bin:/bin"]
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOfFile: outPath, encoding: .utf8),
                try String(contentsOfFile: errPath, encoding: .utf8))
    }
}

/// Writes `text` to a new temporary file with the given extension and returns its path.
func temporaryFile(_ text: String, ext: String) throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("clause-conv-\(UUID().uuidString).\(ext)")
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// The CLI half of issue 18: typos noticed, the conventions of good command-line tools.
@Suite struct CLIConventionsTests {
    static let typoPolicy = """
    policy "P" { payer "T" effective 2026-01-01 }
    treatment tms "TMS" { billing cpt 90867 }
    cover tms "Adults" when { patient.age >= 18  not patient.pregnant }

    """
    static let typoCase = #"{"id": "c1", "patient": {"agee": 34, "pregant": false}, "request": {"treatment": "tms", "date": "2026-03-01", "sessions": 1}}"#

    // MARK: - Misspelled case paths and case keys

    @Test func strictCheckFailsOnAMisspelledPath() throws {
        let policy = try temporaryFile("""
        policy "P" { payer "T" effective 2026-01-01 }
        treatment tms "TMS" { billing cpt 90867 }
        cover tms "Adults" when { patient.age >= 18  patient.agee < 65  patient.age > 1 }

        """, ext: "clause")
        let plain = run(["check", policy])
        #expect(plain.code == 0)
        #expect(plain.err.contains("warning: case path `patient.agee` is 1 edit from `patient.age`"))
        #expect(plain.err.contains("did you mean `patient.age`?"))
        let strict = run(["check", "--strict", policy])
        #expect(strict.code == 1)
        #expect(strict.err.contains("error: case path `patient.agee`"))
    }

    @Test func evalWarnsOnMisspelledCaseKeysWithoutFailing() throws {
        let policy = try temporaryFile(CLIConventionsTests.typoPolicy, ext: "clause")
        let caseFile = try temporaryFile(CLIConventionsTests.typoCase, ext: "json")
        let r = run(["eval", policy, caseFile])
        #expect(r.code == 0)
        #expect(r.out.hasPrefix("Needs information"))
        #expect(r.err.contains("warning: \(caseFile): case key `patient.agee` is read by no rule; did you mean `patient.age`?"))
        #expect(r.err.contains("case key `patient.pregant` is read by no rule; did you mean `patient.pregnant`?"))
        let json = run(["eval", policy, caseFile, "--format", "json"])
        #expect(json.code == 0)
        #expect(json.err.contains("`patient.pregant`"), "on standard error, whatever the format")
        #expect(!json.out.contains("pregant"))
    }

    @Test func evalIsQuietWhenEveryKeyIsRead() throws {
        let policy = try temporaryFile(CLIConventionsTests.typoPolicy, ext: "clause")
        let caseFile = try temporaryFile(#"{"patient": {"age": 34, "pregnant": false, "name": "Ann"}, "request": {"treatment": "tms", "date": "2026-03-01", "sessions": 1}}"#, ext: "json")
        let r = run(["eval", policy, caseFile])
        #expect(r.code == 0)
        #expect(r.err.isEmpty)
    }

    @Test func batchWarnsOncePerDistinctKeyWithACount() throws {
        let policy = try temporaryFile(CLIConventionsTests.typoPolicy, ext: "clause")
        let good = #"{"patient": {"age": 34, "pregnant": false}, "request": {"treatment": "tms", "date": "2026-03-01", "sessions": 1}}"#
        let input = try temporaryFile([CLIConventionsTests.typoCase, good, CLIConventionsTests.typoCase,
                                       #"{"patient": {"pregant": true}, "request": {"treatment": "tms", "date": "2026-03-01", "sessions": 1}}"#]
                                        .joined(separator: "\n") + "\n", ext: "jsonl")
        let r = run(["batch", policy, input, "--jobs", "2"])
        #expect(r.code == 0, "warnings do not fail the batch")
        #expect(r.out.split(separator: "\n").count == 4)
        let warnings = r.err.split(separator: "\n").filter { $0.hasPrefix("warning:") }
        #expect(warnings == [
            "warning: case key `patient.agee` (in 2 cases) is read by no rule; did you mean `patient.age`?",
            "warning: case key `patient.pregant` (in 3 cases) is read by no rule; did you mean `patient.pregnant`?",
        ])
    }

    // MARK: - Commands, options and help

    @Test func aMistypedCommandGetsADidYouMean() {
        let r = run(["evl", "p.clause", "c.json"])
        #expect(r.code == 2)
        #expect(r.err.hasPrefix("error: unknown command `evl`; did you mean `eval`?\n"))
        #expect(r.err.contains("`batch`, `check`"), "lists the commands")
        #expect(!r.err.contains("OPTIONS:"), "not the whole help")
        let far = run(["frobnicate"])
        #expect(far.code == 2)
        #expect(!far.err.contains("did you mean"))
    }

    @Test func aMistypedOptionGetsADidYouMeanAndTheShortUsage() {
        let r = run(["eval", path("Policies/acme-ppo.clause"), "c.json", "--fromat", "json"])
        #expect(r.code == 2)
        #expect(r.err == """
        error: unknown option `--fromat`; did you mean `--format`?

        USAGE: clause eval POLICY CASE [--format text|json|crd] [--color auto|always|never]
        Run `clause help eval` (or `clause eval --help`) for the options.

        """)
        let strict = run(["check", "--stirct", path("Policies/acme-ppo.clause")])
        #expect(strict.code == 2)
        #expect(strict.err.contains("did you mean `--strict`?"))
    }

    @Test func usageErrorsPrintTheShortUsageNotTheWholeHelp() {
        let r = run(["batch"])
        #expect(r.code == 2)
        #expect(r.err.contains("USAGE: clause batch POLICY"))
        #expect(!r.err.contains("--jobs N        decide on N threads"), "the option list stays in `clause help batch`")
        #expect(r.err.split(separator: "\n").count == 3)
    }

    @Test(arguments: ["check", "eval", "batch", "repl", "test", "fmt", "report", "graph", "appeal", "diff"])
    func commandHelpFlagPrintsThatCommandsHelp(_ command: String) {
        let help = run(["help", command])
        #expect(help.code == 0)
        for flag in ["--help", "-h"] {
            let r = run([command, flag])
            #expect(r.code == 0)
            #expect(r.out == help.out)
            #expect(r.err.isEmpty)
        }
        // After other arguments too, but not after `--` (there it is a file name).
        #expect(run([command, "x.clause", "--help"]).out == help.out)
        #expect(run([command, "--", "--help"]).out != help.out)
    }

    @Test func helpForAnUnknownCommandIsAUsageError() {
        let r = run(["help", "nosuch"])
        #expect(r.code == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.contains("no help for `nosuch`"))
        #expect(run(["help", "evl"]).err.contains("did you mean `eval`?"))
        #expect(run(["help"]).code == 0)
        #expect(run(["help", "help"]).code == 0)
    }

    @Test func aBogusColorIsRefused() {
        for args in [["check", path("Policies/acme-ppo.clause"), "--color", "bogus"],
                     ["eval", path("Policies/acme-ppo.clause"), "c.json", "--color=yes"]] {
            let r = run(args)
            #expect(r.code == 2)
            #expect(r.err.contains("`--color` takes `auto`, `always` or `never`"))
        }
        #expect(run(["check", path("Policies/acme-ppo.clause"), "--color", "never"]).code == 0)
    }

    // MARK: - check: folders and standard input

    @Test func checkAcceptsAFolderSorted() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clause-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        let good = try String(contentsOfFile: path("Policies/acme-ppo.clause"), encoding: .utf8)
        try good.write(to: dir.appendingPathComponent("b.clause"), atomically: true, encoding: .utf8)
        try good.write(to: dir.appendingPathComponent("sub/a.clause"), atomically: true, encoding: .utf8)
        try "policy \"Broken\" { effective 2026-01-01 }\ncover nothing when true\n"
            .write(to: dir.appendingPathComponent("a.clause"), atomically: true, encoding: .utf8)
        try "not a policy".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let r = run(["check", dir.path])
        #expect(r.code == 1, "a.clause has an error")
        #expect(r.out.split(separator: "\n").map { String($0.prefix { $0 != ":" }) }
                == [dir.path + "/b.clause", dir.path + "/sub/a.clause"])
        #expect(r.err.contains(dir.path + "/a.clause:2:"))
        #expect(!r.err.contains("notes.txt"))
        try FileManager.default.removeItem(at: dir.appendingPathComponent("a.clause"))
        #expect(run(["check", dir.path]).code == 0)
    }

    @Test func checkRefusesAFolderWithoutPolicies() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("clause-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let r = run(["check", dir.path])
        #expect(r.code == 1)
        #expect(r.err.contains("no *.clause file in this folder"))
    }

    @Test func checkReadsStandardInputNamedStdin() throws {
        let good = try String(contentsOfFile: path("Policies/acme-ppo.clause"), encoding: .utf8)
        let ok = try Binary.run(["check", "-"], stdin: good)
        #expect(ok.code == 0)
        #expect(ok.out.hasPrefix("<stdin>: ok ("))
        let bad = try Binary.run(["check", "-"], stdin: "policy \"B\" { effective 2026-01-01 }\ncover nothing when true\n")
        #expect(bad.code == 1)
        #expect(bad.err.contains("<stdin>:2:7: error:"), "\(bad.err)")
        #expect(run(["check", "-", "-"]).code == 2)
    }

    // MARK: - batch: blank lines, pretty-printed documents, a terminal

    static let acmeCase = #"{"id": "a1", "patient": {"age": 40}, "diagnoses": ["F33.2"], "request": {"treatment": "esketamine", "date": "2026-03-01", "sessions": 1}}"#

    @Test func batchSkipsBlankLines() throws {
        let input = try temporaryFile("\n" + CLIConventionsTests.acmeCase + "\n   \n\t\r\n" + CLIConventionsTests.acmeCase + "\n\n\n", ext: "jsonl")
        let r = run(["batch", path("Policies/acme-ppo.clause"), input])
        #expect(r.code == 0, "blank lines are not errors: \(r.out)")
        let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty, "one object per case and nothing for blank lines")
        #expect(lines.prefix(2).allSatisfy { $0.hasPrefix(#"{"id":"a1","decision":"#) })
    }

    @Test func batchRefusesAPrettyPrintedDocument() throws {
        let pretty = """
        {
          "id": "a1",
          "patient": { "age": 40 },
          "request": { "treatment": "esketamine", "date": "2026-03-01", "sessions": 1 }
        }

        """
        let file = try temporaryFile("\n" + pretty, ext: "json")
        let r = run(["batch", path("Policies/acme-ppo.clause"), file])
        #expect(r.code == 1)
        #expect(r.out.isEmpty, "nothing decided from half a document")
        #expect(r.err.contains("\(file): this is one JSON document, not JSON Lines"))
        #expect(r.err.contains("use `clause eval` for one case, or `jq -c`"))
        let piped = try Binary.run(["batch", path("Policies/acme-ppo.clause")], stdin: "[\n" + pretty + "]\n")
        #expect(piped.code == 1)
        #expect(piped.out.isEmpty)
        #expect(piped.err.contains("standard input: this is one JSON document"))
        #expect(!piped.err.contains("reading cases from standard input"), "not a terminal")
    }

    @Test func aBraceLaterInTheFileIsAnErrorLineNotARefusal() throws {
        // Only the first record decides whether the file is one document: a stray `{` later is
        // one undecidable line among decided ones, and no record is lost.
        let file = try temporaryFile(CLIConventionsTests.acmeCase + "\n{\n" + CLIConventionsTests.acmeCase + "\n", ext: "jsonl")
        let r = run(["batch", path("Policies/acme-ppo.clause"), file])
        #expect(r.code == 1)
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix(#"{"line":2,"error":"#))
        #expect(lines[2].hasPrefix(#"{"id":"a1","decision":"#))
    }

    #if os(Linux)
    /// A new pseudo-terminal: its master side and the path of its terminal side (Linux:
    /// `/dev/ptmx`, unlocked with TIOCSPTLCK, numbered by TIOCGPTN).
    static func openPseudoTerminal() throws -> (Int32, String) {
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        var unlock: Int32 = 0, number: UInt32 = 0
        #expect(ioctl(master, UInt(0x4004_5431), &unlock) == 0)   // TIOCSPTLCK
        #expect(ioctl(master, UInt(0x8004_5430), &number) == 0)   // TIOCGPTN
        return (master, "/dev/pts/\(number)")
    }

    @Test func batchSaysItReadsATerminal() throws {
        // A pseudo-terminal as standard input: the notice, then Ctrl-D ends the input.
        let (master, name) = try CLIConventionsTests.openPseudoTerminal()
        defer { close(master) }
        let slave = open(name, O_RDWR | O_NOCTTY)
        try #require(slave >= 0)
        let errPath = try temporaryFile("", ext: "err"), outPath = try temporaryFile("", ext: "out")
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["batch", path("Policies/acme-ppo.clause"), "--no-progress"]
        process.environment = ["NO_COLOR": "1"]
        process.standardInput = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        let input = CLIConventionsTests.acmeCase + "\n\u{4}"
        _ = input.withCString { write(master, $0, strlen($0)) }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let err = try String(contentsOfFile: errPath, encoding: .utf8)
        #expect(err.hasPrefix("reading cases from standard input (one JSON object per line; Ctrl-D to end)\n"))
        let out = try String(contentsOfFile: outPath, encoding: .utf8)
        #expect(out.hasPrefix(#"{"id":"a1","decision":"#))
    }
    #endif

    // MARK: - Documentation examples and long lists

    @Test func theGuidesExamplePolicyIsFormatted() {
        let r = run(["fmt", "--check", path("docs/examples/northwind.clause")])
        #expect(r.code == 0, "\(r.out)\(r.err)")
    }

    @Test func theReadmesBatchExampleRunsOnTheBundledFile() {
        let r = run(["batch", path("Policies/acme-ppo.clause"), path("docs/examples/acme-ppo-cases.jsonl"), "--jobs", "2"])
        #expect(r.code == 1, "two lines are errors")
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 4, "two decisions, two error objects, nothing for the blank line")
        #expect(lines[0].hasPrefix(#"{"id":"covered-in-network","decision":"covered""#))
        #expect(lines[3].hasPrefix(#"{"line":5,"id":"no-date""#))
        #expect(r.err.contains("2 of 4 cases could not be decided"))
    }

    @Test func anExplanationOfAThousandEntriesListsTwentyAndCountsTheRest() throws {
        let trials = (0..<1000).map { #"{"drug_class": "SSRI", "weeks": \#($0 % 9), "improvement": 0.1}"# }
        let caseFile = try temporaryFile(#"{"id": "long", "patient": {"age": 34, "pregnant": false}, "diagnoses": ["F33.2"], "#
            + #""history": {"trials": [\#(trials.joined(separator: ","))]}, "#
            + #""request": {"treatment": "esketamine", "date": "2026-03-02", "sessions": 1}}"#, ext: "json")
        let text = run(["eval", path("Policies/acme-ppo.clause"), caseFile])
        #expect(text.code == 0)
        #expect(text.out.contains("history.trials = 1000 entries; history.trials[0] = {weeks 0}"))
        #expect(text.out.contains("history.trials[19] = {weeks 1}; history.trials[20…] = 980 more entries, not listed"))
        #expect(!text.out.contains("history.trials[20] ="))
        #expect(text.out.utf8.count < 20_000)
        let json = run(["eval", path("Policies/acme-ppo.clause"), caseFile, "--format", "json"])
        #expect(json.out.contains(#""history.trials[20…]": "980 more entries, not listed""#))
        #expect(json.out.utf8.count < 40_000)
    }

    @Test func aThousandMissingFactsAreListedTwentyAtATime() throws {
        // Every trial lacks `weeks` and `improvement`: 2,000 missing facts, and 4 others.
        let trials = Array(repeating: #"{"drug_class": "SSRI"}"#, count: 1000).joined(separator: ",")
        let caseFile = try temporaryFile(#"{"id": "gaps", "patient": {"age": 34, "pregnant": false}, "diagnoses": ["F33.2"], "#
            + #""history": {"trials": [\#(trials)]}, "#
            + #""request": {"treatment": "esketamine", "date": "2026-03-02", "sessions": 1}}"#, ext: "json")
        let text = run(["eval", path("Policies/acme-ppo.clause"), caseFile])
        #expect(text.code == 0)
        #expect(text.out.hasPrefix("Needs information: the decision depends on facts the case does not give: history.aneurysmal_vascular_disease, history.trials[0].weeks"))
        #expect(text.out.contains("history.trials[9].weeks, and 1984 more facts.\n"))
        #expect(text.out.contains("  … and 1984 more facts (`--format json` lists them all)\n"))
        #expect(text.out.contains("(not given: weeks and improvement)"), "each missing field is named once in the path's words")
        #expect(text.out.utf8.count < 30_000)
        let json = run(["eval", path("Policies/acme-ppo.clause"), caseFile, "--format", "json"])
        #expect(json.out.contains(#""history.trials[999].improvement""#), "the JSON's `missing` keeps every fact")
        let report = run(["report", path("Policies/acme-ppo.clause"), caseFile])
        #expect(report.code == 0)
        #expect(report.out.contains("… and 1984 more facts."))
    }
}
