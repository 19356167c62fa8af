import Foundation
import Testing
import ClauseCLI

/// Golden transcripts of scripted REPL sessions: `Fixtures/repl/NAME.repl` is read as a
/// script (`clause repl --echo ARGS < NAME.repl`, ARGS from its `#!` first line, `$F` the
/// fixture folder; diagnostics cite the lines of `NAME.repl`) and the transcript, standard output and error interleaved as a person
/// sees them, must equal `NAME.expected`. `UPDATE_GOLDEN=1 swift test` rewrites them.
struct ReplScript: CustomStringConvertible, Sendable {
    var name: String
    var description: String { name }
    static var all: [ReplScript] {
        Fixtures.files(in: "repl", suffix: ".repl").map { ReplScript(name: String($0.dropLast(5))) }
    }
}

@Test func replScriptsArePresent() {
    #expect(ReplScript.all.count >= 5)
}

@Test(arguments: ReplScript.all)
func replTranscript(_ script: ReplScript) throws {
    let text = try String(contentsOfFile: Fixtures.path("repl", script.name + ".repl"), encoding: .utf8)
        .replacingOccurrences(of: "$F/", with: Fixtures.root.path + "/")
    var lines = text.components(separatedBy: "\n")
    var args: [String] = []
    var linesBefore = 0
    if let first = lines.first, first.hasPrefix("#!") {
        args = first.dropFirst(2).split(separator: " ").map(String.init)
        lines.removeFirst()
        linesBefore = 1
    }
    let sink = StringSink()
    let code = CLI(out: sink, err: sink, environment: ["NO_COLOR": "1"])
        .runRepl(args + ["--echo"], input: ScriptInput(text: lines.joined(separator: "\n"),
                                                          name: script.name + ".repl", linesBefore: linesBefore))
    let actual = Fixtures.normalize("exit \(code)\n" + sink.text)
    let diff = Fixtures.compareGolden(actual, expectedPath: Fixtures.path("repl", script.name + ".expected"))
    #expect(diff == nil, "\(diff ?? "")")
}
