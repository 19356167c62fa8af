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
        case "batch":
            return runBatch(rest)
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
      clause batch POLICY [FILE|-] [--jobs N] [--explain]   decide JSON Lines cases, one decision per line
      clause help [COMMAND]                          help for a command
      clause --version

    OPTIONS:
      --color auto|always|never   colour in diagnostics and text output (default: auto)

    Exit codes: 0 success (whatever the decision), 1 invalid policy or case, 2 usage error.

    """

    static let commandHelp: [String: String] = [
        "check": """
        USAGE: clause check POLICY... [--color auto|always|never]

        Parses and checks each policy file. Every error and warning is printed with its
        file, line and column, the source line and a caret under the problem.
        Exits 1 when any file has errors.

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
        "batch": """
        USAGE: clause batch POLICY [FILE|-] [--jobs N] [--explain] [--no-progress]

        Decides every case of a JSON Lines file (one case object per line; standard input
        when FILE is - or absent) and writes exactly one compact JSON object per input line,
        in input order, to standard output. A line that cannot be decided (not JSON, an
        invalid case, an evaluation error) gives an error object with its `line`, the case
        `id` when it can be recovered, and `error`; the batch goes on.

          --jobs N        decide on N threads (default: every core)
          --explain       each decision as `clause eval --format json` shows it, with the
                          `summary` and the `reasons`, rule by rule (slower)
          --no-progress   no progress line on standard error (shown only on a terminal)

        Input is read and decided in rounds, so memory stays bounded whatever its size.
        Exits 0 when every line was decided; 1 when the policy is invalid or any line was
        an error (the others are still decided); 2 on a usage error.

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
