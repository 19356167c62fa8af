import ClauseKit

/// The `clause` command: parses arguments and runs a subcommand.
/// Exit codes: 0 success (any decision), 1 invalid input, 2 usage.
public struct CLI {
    public static let version = "0.1.0"

    let out: TextSink
    let err: TextSink
    let environment: [String: String]

    public init(out: TextSink, err: TextSink, environment: [String: String] = [:]) {
        self.out = out
        self.err = err
        self.environment = environment
    }

    /// Runs `clause ARGS…` (without the program name) and returns the exit code.
    public func run(_ arguments: [String]) -> Int32 {
        guard let command = arguments.first else {
            out.write(CLI.usage)
            return 2
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "-h", "--help", "help":
            if let topic = rest.first, let text = CLI.commandHelp[topic] {
                out.write(text)
            } else {
                out.write(CLI.usage)
            }
            return 0
        case "-V", "--version", "version":
            out.write("clause \(CLI.version)\n")
            return 0
        case "check":
            return runCheck(rest)
        case "eval":
            return runEval(rest)
        case "fmt":
            return runFmt(rest)
        case "test":
            return runTest(rest)
        default:
            err.write("error: unknown command `\(command)`\n\n" + CLI.usage)
            return 2
        }
    }

    func usageError(_ message: String, command: String) -> Int32 {
        err.write("error: \(message)\n\n" + (CLI.commandHelp[command] ?? CLI.usage))
        return 2
    }

    /// Colour on stderr: `--color`, else `NO_COLOR`/`CLICOLOR_FORCE`, else only on a terminal.
    func colorFor(_ sink: TextSink, flag: String?) -> Bool {
        switch flag {
        case "always"?: return true
        case "never"?: return false
        default:
            if environment["NO_COLOR"] != nil { return false }
            if environment["CLICOLOR_FORCE"].map({ $0 != "0" }) == true { return true }
            return sink.isTerminal
        }
    }

    static let usage = """
    clause: write, check and evaluate health-insurance coverage policies

    USAGE:
      clause check POLICY...                         check policies for errors
      clause eval POLICY CASE [--format text|json]   decide a patient case and explain why
      clause fmt [--check] PATH...                   format policies in the canonical layout
      clause test [--coverage] [--threshold P] [PATH...]   run policy tests (*.tests)
      clause help [COMMAND]                          help for a command
      clause --version

    OPTIONS:
      --color auto|always|never   colour in diagnostics and text output (default: auto)

    Exit codes: 0 success (whatever the decision), 1 invalid policy or case, 2 usage error.

    """

    static let commandHelp: [String: String] = [
        "fmt": CLI.fmtHelp,
        "test": CLI.testHelp,
        "check": """
        USAGE: clause check POLICY... [--strict] [--color auto|always|never]

        Parses and checks each policy file. Every error and warning is printed with its
        file, line and column, the source line and a caret under the problem.
        Warnings are lints: a cover rule that can never be true, a deny that excludes all a
        cover rule admits, duplicate rules, unused defines and code sets, a treatment with no
        cover rule, overlapping code patterns, shadowed limits, unreachable tiers.

          --strict   treat lint warnings as errors

        Exits 1 when any file has errors (or, with --strict, warnings).

        """,
        "eval": """
        USAGE: clause eval POLICY CASE [--format text|json] [--color auto|always|never]

        Decides the case (a JSON file, or - for standard input) against the policy and explains
        the decision: each rule with its criteria, the values seen, what is missing or unmet,
        the session limits and the cost per session.

          --format text   for a person (default)
          --format json   one JSON object (decision, denial_kind, missing, unmet, sessions, cost, reasons)

        Exits 0 whatever the decision; 1 when the policy or the case is invalid.

        """,
    ]
}

/// Splits `--flag value` options from positional arguments.
struct Options {
    var positional: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []

    /// `valued` lists options that take a value; `switches` those that do not.
    init(_ args: [String], valued: Set<String>, switches: Set<String> = []) throws(UsageError) {
        var i = 0
        var onlyPositional = false
        while i < args.count {
            let a = args[i]
            if onlyPositional || !a.hasPrefix("-") || a == "-" {
                positional.append(a)
            } else if a == "--" {
                onlyPositional = true
            } else if let eq = a.firstIndex(of: "="), valued.contains(String(a[..<eq])) {
                values[String(a[..<eq])] = String(a[a.index(after: eq)...])
            } else if valued.contains(a) {
                guard i + 1 < args.count else { throw UsageError(message: "`\(a)` needs a value") }
                values[a] = args[i + 1]
                i += 1
            } else if switches.contains(a) {
                flags.insert(a)
            } else {
                throw UsageError(message: "unknown option `\(a)`")
            }
            i += 1
        }
    }
}

struct UsageError: Error {
    var message: String
}
