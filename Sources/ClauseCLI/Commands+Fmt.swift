import ClauseKit

extension CLI {
    // clause fmt [--check] PATH...     (a directory stands for the *.clause files under it; - is stdin → stdout)
    func runFmt(_ args: [String]) -> Int32 {
        let options: Options
        do { options = try Options(args, valued: ["--color"], switches: ["--check", "--diff"]) } catch {
            return usageError(error.message, command: "fmt")
        }
        guard !options.positional.isEmpty else { return usageError("`fmt` needs at least one policy file or folder", command: "fmt") }
        let diff = options.flags.contains("--diff")
        let check = options.flags.contains("--check") || diff
        let color = colorFor(err, flag: options.values["--color"])
        if options.positional == ["-"] {
            let source = SourceFile(name: "<stdin>", bytes: readStandardInput())
            switch Formatter.format(source) {
            case .success(let text):
                if check { return text == source.text(SourceSpan(start: 0, end: source.bytes.count)) ? 0 : 1 }
                out.write(text)
                return 0
            case .failure(let failure):
                report(failure.diagnostics, in: source, color: color)
                return 1
            }
        }
        var failed = false
        var changed: [String] = []
        for path in Files.expand(options.positional, suffix: ".clause") {
            let bytes: [UInt8]
            do { bytes = try Files.read(path) } catch {
                err.write("error: \(error)\n")
                failed = true
                continue
            }
            let source = SourceFile(name: path, bytes: bytes)
            switch Formatter.format(source) {
            case .failure(let failure):
                report(failure.diagnostics, in: source, color: color)
                failed = true
            case .success(let text):
                guard Array(text.utf8) != bytes else { continue }
                changed.append(path)
                if diff {
                    out.write(LineDiff.unified(String(decoding: bytes, as: UTF8.self), text, name: path))
                } else if check {
                    out.write("\(path): would be reformatted\n")
                } else {
                    do {
                        try Files.write(text, to: path)
                        out.write("\(path): formatted\n")
                    } catch {
                        err.write("error: \(error)\n")
                        failed = true
                    }
                }
            }
        }
        if check && !changed.isEmpty {
            err.write("\(Plural.count(changed.count, "file")) would be reformatted; run `clause fmt` on \(Plural.word(changed.count, "it", "them"))\n")
            return 1
        }
        return failed ? 1 : 0
    }
}

extension CLI {
    static let fmtHelp = """
    USAGE: clause fmt [--check | --diff] PATH...

    Rewrites each policy file (or every *.clause file under a folder) in Clause's one canonical
    layout, keeping comments. Formatting is idempotent and never changes what a policy means.
    `clause fmt -` formats standard input to standard output.

      --check   change nothing; list the files that would change and exit 1 if there are any
      --diff    like --check, but show what would change as a line diff

    Exits 1 when a file does not parse (its errors are printed) or, with --check, would change.

    """
}
