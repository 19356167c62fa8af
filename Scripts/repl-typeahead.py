#!/usr/bin/env python3
"""Types 1,000 lines ahead into `clause repl` on a pseudo-terminal and times them.

Usage: python3 Scripts/repl-typeahead.py [CLAUSE] [LINES]
  CLAUSE  the executable (default .build/release/clause, else .build/debug/clause)
  LINES   how many lines (default 1000)

The REPL runs as in a terminal (raw mode, line editing, bracketed paste on). Once its first
prompt is drawn, every line `N + 1000000` is written at once, as a fast typist, a paste
without bracketed-paste markers or a script piped into a terminal would send them. The run
passes when every line's result appears, in order; it prints the time from the first byte
sent to the last result, and the lines per second. Exit 1 if a result is missing.
"""
import os, pty, select, sys, time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
exe = sys.argv[1] if len(sys.argv) > 1 else next(
    (p for p in (os.path.join(root, ".build/release/clause"), os.path.join(root, ".build/debug/clause")) if os.path.exists(p)), None)
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
if not exe:
    sys.exit("build clause first (swift build -c release)")
policy = os.path.join(root, "Policies/acme-ppo.clause")
case = os.path.join(root, "Policies/cases/acme-ppo/covered-in-network.json")

env = dict(os.environ, TERM="xterm", NO_COLOR="1", CLAUSE_HISTORY="")
pid, fd = pty.fork()
if pid == 0:
    os.execve(exe, [exe, "repl", policy, "--case", case], env)

out = bytearray()
def pump(deadline, until):
    while time.time() < deadline and not until():
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                out.extend(os.read(fd, 1 << 16))
            except OSError:
                return

pump(time.time() + 30, lambda: b"clause> " in out)
lines = b"".join(b"%d + 1000000\r" % i for i in range(count))
expected = [b"\r\n%d\r\n" % (i + 1000000) for i in range(count)]
start = time.time()
sent = 0
found = 0
search_from = len(out)
os.set_blocking(fd, False)
deadline = start + 120
while time.time() < deadline and found < count:
    w = [fd] if sent < len(lines) else []
    r, w, _ = select.select([fd], w, [], 0.2)
    if w:
        try:
            sent += os.write(fd, lines[sent:sent + 4096])
        except BlockingIOError:
            pass
    if r:
        try:
            out.extend(os.read(fd, 1 << 16))
        except (BlockingIOError, OSError):
            pass
        while found < count:
            at = out.find(expected[found], search_from)
            if at < 0:
                break
            search_from = at + len(expected[found])
            found += 1
elapsed = time.time() - start
os.write(fd, b"\x04")
os.waitpid(pid, 0)
print(f"{found} of {count} typed-ahead lines answered, in order, in {elapsed:.2f} s "
      f"({found / elapsed:,.0f} lines/s) by {os.path.relpath(exe, root)}")
sys.exit(0 if found == count else 1)
