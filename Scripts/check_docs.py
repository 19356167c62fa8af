#!/usr/bin/env python3
"""Runs every example in the docs and compares its output with what the page shows.

  check_docs.py CLAUSE_BINARY FILE.md...

In a ```console block, a line starting with `$ ` is a command run by bash from the repository
root, with `clause` on PATH being CLAUSE_BINARY; the lines after it, up to the next `$ ` line or
the end of the block, are its expected output (stdout and stderr, interleaved as written). A last expected line of `…`
means "the output starts with these lines". Trailing spaces are ignored.
With UPDATE_DOCS=1 the documented output of each differing example is replaced by the actual one.
"""
import difflib
import os
import subprocess
import sys
import tempfile


def examples(path):
    block, current = False, None
    for number, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
        if line.startswith("```"):
            if current:
                yield current
                current = None
            block = (line.strip() == "```console") if not block else False
            continue
        if not block:
            continue
        if line.startswith("$ "):
            if current:
                yield current
            current = {"line": number, "command": line[2:], "expected": []}
        elif current is not None:
            current["expected"].append(line)


def main():
    binary, files = os.path.abspath(sys.argv[1]), sys.argv[2:]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    shim = tempfile.mkdtemp()
    os.symlink(binary, os.path.join(shim, "clause"))
    env = dict(os.environ, PATH=shim + os.pathsep + os.environ.get("PATH", ""), NO_COLOR="1")
    failures = count = 0
    update = os.environ.get("UPDATE_DOCS") == "1"
    for path in files:
        edits = []
        for ex in examples(path):
            count += 1
            run = subprocess.run(["bash", "-c", ex["command"]], cwd=root, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
            actual = [l.rstrip() for l in run.stdout.rstrip("\n").split("\n")]
            expected = [l.rstrip() for l in ex["expected"]]
            while expected and expected[-1] == "":
                expected.pop()
            if expected and expected[-1] in ("…", "..."):
                expected = expected[:-1]
                actual = actual[:len(expected)]
            if actual != expected and update:
                ellipsis = ex["expected"] and ex["expected"][-1].rstrip() in ("…", "...")
                if not ellipsis:
                    kept = len(ex["expected"])
                    while kept and ex["expected"][kept - 1] == "":
                        kept -= 1
                    edits.append((ex["line"], kept, actual))
                    continue
            if actual != expected:
                failures += 1
                print(f"FAIL: {path}:{ex['line']}: $ {ex['command']}")
                for d in difflib.unified_diff(expected, actual, "documented", "actual", lineterm=""):
                    print("    " + d)
        if edits:
            lines = open(path, encoding="utf-8").read().split("\n")
            for line, kept, actual in sorted(edits, reverse=True):
                lines[line:line + kept] = actual
            open(path, "w", encoding="utf-8").write("\n".join(lines))
            print(f"updated {len(edits)} examples in {path}")
    print(f"{count} documented examples run, {failures} differ")
    sys.exit(1 if failures or count == 0 else 0)


if __name__ == "__main__":
    main()
