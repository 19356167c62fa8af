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
        // `clause COMMAND --help` (or `-h`) anywhere before `--`: that command's help.
        if let help = CLI.commandHelp[command], CLI.asksForHelp(rest) {
            out.write(help)
            return 0
        }
        switch command {
        case "-h", "--help", "help":
            guard let topic = rest.first, topic != "help" else {
                out.write(CLI.usage)
                return 0
            }
            guard let text = CLI.commandHelp[topic] else {
                err.write("error: no help for `\(topic)`: not a command\(CLI.didYouMean(topic, among: CLI.commandNames))\n"
                          + CLI.commandList)
                return 2
            }
            out.write(text)
            return 0
        case "-V", "--version", "version":
            out.write("clause \(CLI.version)\n")
            return 0
        case "check":
            return runCheck(rest)
        case "eval":
            return runEval(rest)
        case "repl":
            return runRepl(rest)
        case "report":
            return runReport(rest)
        case "graph":
            return runGraph(rest)
        case "appeal":
            return runAppeal(rest)
        case "diff":
            return runDiff(rest)
        case "fmt":
            return runFmt(rest)
        case "test":
            return runTest(rest)
        case "batch":
            return runBatch(rest)
        case "lsp":
            return runLSP(rest)
        default:
            err.write("error: unknown command `\(command)`\(CLI.didYouMean(command, among: CLI.commandNames + ["help", "version"]))\n"
                      + CLI.commandList)
            return 2
        }
    }

    /// A usage error: the message, then the command's one-line usage (not its whole help).
    func usageError(_ message: String, command: String) -> Int32 {
        err.write("error: \(message)\n\n" + CLI.shortUsage(command))
        return 2
    }

    /// The commands with a help text, for "did you mean" and the list after an unknown one.
    static var commandNames: [String] { commandHelp.keys.sorted() }

    static var commandList: String {
        "the commands are " + commandNames.map { "`\($0)`" }.joined(separator: ", ") + "; `clause help` describes them\n"
    }

    /// The `USAGE:` line of a command's help and where to read the rest.
    static func shortUsage(_ command: String) -> String {
        guard let help = commandHelp[command], let first = help.split(separator: "\n").first else { return usage }
        return "\(first)\nRun `clause help \(command)` (or `clause \(command) --help`) for the options.\n"
    }

    /// Whether the arguments ask for help (`--help` or `-h` before any `--`).
    static func asksForHelp(_ args: [String]) -> Bool {
        for a in args {
            if a == "--" { return false }
            if a == "--help" || a == "-h" { return true }
        }
        return false
    }

    /// "; did you mean `X`?" for the candidate closest to a mistyped word (one edit in a short
    /// word, two in a longer one; a swap of two letters is one), else "".
    static func didYouMean(_ word: String, among candidates: [String]) -> String {
        let allowed = word.count < 5 ? 1 : 2
        let best = candidates.map { ($0, editDistance(word, $0)) }.filter { $0.1 <= allowed }.min { ($0.1, $0.0) < ($1.1, $1.0) }
        return best.map { "; did you mean `\($0.0)`?" } ?? ""
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
      clause check POLICY... [--strict]                    check policies for errors (and lints)
      clause eval POLICY CASE [--format text|json|crd]     decide a patient case and explain why
      clause batch POLICY [FILE|-] [--jobs N] [--explain]  decide JSON Lines cases, one decision per line
      clause repl [POLICY] [--case CASE]                   write rules and explore cases interactively
      clause test [--coverage] [--threshold P] [PATH...]   run policy tests (*.tests)
      clause fmt [--check|--diff] PATH...                  format policies in the canonical layout
      clause report POLICY CASE [-o FILE]                  the decision as a printable HTML page
      clause graph POLICY [--format dot|mermaid]           the policy's structure as a graph
      clause appeal POLICY CASE [-o FILE]                  draft an appeal letter for a denied or pending case
      clause diff OLD NEW [--write-tests DIR]              cases whose decision changes between two versions
      clause lsp [--debounce MS]                           a language server for editors (LSP on stdin/stdout)
      clause help [COMMAND]                                help for a command
      clause --version

    OPTIONS:
      --color auto|always|never   colour in diagnostics and text output (default: auto)

    Exit codes: 0 success (whatever the decision), 1 invalid policy or case, 2 usage error.

    """

    static let commandHelp: [String: String] = [
        "fmt": CLI.fmtHelp,
        "test": CLI.testHelp,
        "lsp": CLI.lspHelp,
        "check": """
        USAGE: clause check POLICY... [--strict] [--color auto|always|never]

        Parses and checks each policy file (a folder stands for the *.clause files under it,
        sorted; - reads standard input, named <stdin>). Every error and warning is printed with its
        file, line and column, the source line and a caret under the problem.
        Warnings are lints: a cover rule that can never be true, a deny that excludes all a
        cover rule admits, duplicate rules, unused defines and code sets, a treatment with no
        cover rule, overlapping code patterns, shadowed limits, unreachable tiers, case paths
        that look misspelled (`patient.agee` beside `patient.age`).

          --strict   treat lint warnings as errors

        Exits 1 when any file has errors (or, with --strict, warnings).

        """,
        "eval": """
        USAGE: clause eval POLICY CASE [--format text|json|crd] [--color auto|always|never]

        Decides the case (a JSON file, or - for standard input) against the policy and explains
        the decision: each rule with its criteria, the values seen, what is missing or unmet,
        the session limits and the cost per session.

          --format text   for a person (default)
          --format json   one JSON object (decision, denial_kind, missing, unmet, sessions, cost,
                          paths_to_coverage, reasons)
          --format crd    the decision as an HL7 Da Vinci CRD coverage-information extension (FHIR R4)

        A case key no rule reads that is one or two edits from one that is read (`pregant`,
        `pregnant`) gets a warning on standard error; the decision is unchanged.

        Exits 0 whatever the decision; 1 when the policy or the case is invalid.

        """,
        "repl": """
        USAGE: clause repl [POLICY] [--case CASE] [--echo] [--color auto|always|never]

        Loads the policy and the case (both optional) and reads commands and Clause text:
        an expression is evaluated against the case (`patient.age >= 18` prints
        `true   (patient.age = 34)`); a declaration joins the session's policy. `:help` lists
        the commands (:load, :reload, :case, :show, :eval, :why, :set, :unset, :whatif, :reset,
        :save, :quit). An unfinished declaration continues on a `...>` prompt, and so does a
        rule, which a `requires` or `unless` line may continue: an empty line ends it.
        A policy or case named here that cannot be read, or a policy with errors, exits 1.

        On a terminal: line editing, history in ~/.clause_history (or $CLAUSE_HISTORY), tab
        completion. Otherwise standard input is read as a script, without prompts:
        `clause repl POLICY < session.txt`; --echo writes each line read after its prompt.
        Errors never end the session; a script exits 1 when any of its lines failed.

        """,
        "report": """
        USAGE: clause report POLICY CASE [-o FILE] [--color auto|always|never]

        Decides the case (a JSON file, or - for standard input) and writes the decision as one
        self-contained, printable HTML page: the decision in plain words, what happens next,
        the cost per session, the criteria as a checklist (✓ met, ✗ not met, ? unknown), the
        limits, and the policy text that decided it with line numbers.

          -o, --output FILE   write the page to FILE (default: standard output, also `-o -`)

        Exits 0 whatever the decision; 1 when the policy or the case is invalid or FILE cannot be written.

        """,
        "graph": """
        USAGE: clause graph POLICY [--format dot|mermaid] [-o FILE]

        Prints the policy's structure as a graph: each treatment, its deny and cover rules, their
        criteria (with the defines and code sets they use), the requirements of cover rules, the
        treatment's limits, and the network tiers.

          --format dot       Graphviz (default): clause graph P | dot -Tsvg > policy.svg
          --format mermaid   a Mermaid flowchart, for Markdown that renders Mermaid
          -o, --output FILE  write to FILE instead of standard output

        Exits 1 when the policy has errors.

        """,
        "appeal": """
        USAGE: clause appeal POLICY CASE [-o FILE] [--notice-date DATE]

        Drafts an appeal letter in Markdown for a denied, pending or partially covered case: the
        policy cited by title, version and line; each criterion met with the case's evidence; the
        reason given and the answer to it (from the path to coverage); the documents to attach;
        and the deadlines from the policy's `appeals { … }` block, or the ACA defaults (file within
        180 days; urgent decision within 72 hours; standard pre-service decision within 30 days).

          -o, --output FILE     write the letter to FILE (default: standard output)
          --notice-date DATE    the date of the notice appealed; deadlines count from it
                                (default: the request date)

        Exits 1 when the case is covered or needs information (nothing to appeal).

        """,
        "diff": """
        USAGE: clause diff OLD.clause NEW.clause [--write-tests DIR] [--format text|json]

        Finds the kinds of cases whose decision changes between two versions of a policy, without
        a solver: it enumerates the boundaries of the constants, code sets, tiers, FDA statuses and
        limits the two versions mention, decides a case on each side of every boundary under both
        versions, and reports each change with a witness case, grouped under the change in the
        policy text that causes it (the declaration it belongs to, its old and new lines).

          --write-tests DIR     save each witness as DIR/NAME.json with DIR/NAME.expect.json (the
                                new version's expected decision, in the conformance suite's style)
          --format json         one JSON object: the changes (declaration, old and new lines),
                                each with its kinds of case and their witnesses

        Exits 0 whether or not decisions change; 1 when a policy is invalid.

        """,
        "batch": """
        USAGE: clause batch POLICY [FILE|-] [--jobs N] [--explain] [--no-progress]

        Decides every case of a JSON Lines file (one case object per line; standard input
        when FILE is - or absent) and writes exactly one compact JSON object per non-blank
        input line, in input order, to standard output (blank lines are skipped). A file that
        is one pretty-printed JSON document is refused as a whole. Standard input at a
        terminal is announced on standard error (type one case per line, Ctrl-D to end).
        A line that cannot be decided (not JSON, an invalid case, an evaluation error) gives
        an error object with its `line`, the case `id` when it can be recovered, and `error`;
        the batch goes on.

          --jobs N        decide on N threads (default: every core)
          --explain       each decision as `clause eval --format json` shows it, with the
                          `summary` and the `reasons`, rule by rule (slower)
          --no-progress   no progress line on standard error (shown only on a terminal)

        Input is read ahead and decided in chunks by worker threads, so memory stays bounded whatever
        its size; from a pipe, each case is answered as soon as no more input is waiting.
        A case key no rule reads that is one or two edits from one that is read gets one
        warning on standard error at the end, with the number of cases that have it.
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
                let known = Array(valued) + Array(switches) + ["--help"]
                throw UsageError(message: "unknown option `\(a)`" + CLI.didYouMean(a, among: known))
            }
            i += 1
        }
        if let color = values["--color"], !Options.colorValues.contains(color) {
            throw UsageError(message: "`--color` takes `auto`, `always` or `never`, not `\(color)`")
        }
    }

    static let colorValues: Set<String> = ["auto", "always", "never"]
}

struct UsageError: Error {
    var message: String
}
