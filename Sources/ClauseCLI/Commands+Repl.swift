#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ClauseKit

extension CLI {
    // clause repl [POLICY] [--case CASE] [--echo]
    func runRepl(_ args: [String]) -> Int32 {
        if isatty(0) == 1 && isatty(1) == 1 {
            let history = History(path: History.path(environment: environment))
            let holder = SessionHolder()
            let terminal = TerminalInput(history: history, completer: { holder.session?.completer ?? Completer() })
            defer { terminal.close() }
            return runRepl(args, input: terminal, holder: holder)
        }
        return runRepl(args, input: ScriptInput(fd: 0))
    }

    /// Runs the REPL on the given input (tests pass a `ScriptInput`).
    public func runRepl(_ args: [String], input: LineInput) -> Int32 {
        runRepl(args, input: input, holder: SessionHolder())
    }

    private func runRepl(_ args: [String], input: LineInput, holder: SessionHolder) -> Int32 {
        let options: Options
        do { options = try Options(args, valued: ["--case", "--color"], switches: ["--echo"]) } catch {
            return usageError(error.message, command: "repl")
        }
        guard options.positional.count <= 1 else { return usageError("`repl` takes at most one policy file", command: "repl") }
        // A script gets no escape codes unless asked for (`--color always`).
        let flag = options.values["--color"] ?? (input.isInteractive ? nil : "never")
        let session = ReplSession(out: out, err: err, color: colorFor(out, flag: flag), errColor: colorFor(err, flag: flag))
        holder.session = session
        // Files named on the command line must load: a mistyped path is an error, not an
        // empty session.
        if let path = options.positional.first, !session.loadPolicy(path, keepTyped: false) { return 1 }
        if let path = options.values["--case"], !session.loadCase(path) { return 1 }
        return Repl(session: session, input: input, echo: options.flags.contains("--echo")).run()
    }
}

/// Lets the terminal's completer see the session created after it.
final class SessionHolder {
    var session: ReplSession?
}
