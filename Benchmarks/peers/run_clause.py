#!/usr/bin/env python3
"""Time `clause batch` on the converted peer cases, as a whole process, and write its
decisions in the peers' format (results/decisions_clause.txt: one 0/1 per case).

Usage: run_clause.py CLAUSE_BIN POLICY CASES.jsonl PEERS_DIR [--runs N]

Each run is the whole process: start, read and parse every JSON line, decide, write one
JSON decision per line (to a file), exit. That is more work than the peers' in-process
"dec/s" figures, which time the evaluation loop only; it compares with their
"whole process" figures directly.
"""
import json
import os
import resource
import statistics
import subprocess
import sys
import time


def main() -> None:
    args = sys.argv[1:]
    runs = 3
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 4:
        sys.exit(__doc__)
    clause, policy, cases, peers = args
    n = sum(1 for _ in open(cases))
    out_path = os.path.join(peers, "results", "clause-decisions.jsonl")
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    report = {"engine": "clause", "n": n, "modes": []}
    for jobs in (1, 2):
        walls, cpus = [], []
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            with open(out_path, "w") as out:
                rc = subprocess.run([clause, "batch", policy, cases, "--jobs", str(jobs), "--no-progress"],
                                    stdout=out).returncode
            walls.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
            if rc != 0:
                sys.exit(f"clause batch exited with {rc}")
        wall = statistics.median(walls)
        report["modes"].append({
            "mode": f"clause batch --jobs {jobs} (whole process, JSON in and out)",
            "runs_s": [round(w, 3) for w in walls], "median_s": wall, "decisions_per_s": n / wall,
            "cpu_s": statistics.median(cpus), "decisions_per_cpu_s": n / statistics.median(cpus),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        })
        m = report["modes"][-1]
        print(f"  {m['mode']:<58} {m['decisions_per_s']:>10,.0f} dec/s wall  "
              f"{m['decisions_per_cpu_s']:>10,.0f} dec/CPU-s  (runs: {', '.join(f'{w:.2f}' for w in walls)} s)")
    decisions, kinds = [], {}
    with open(out_path) as f:
        for line in f:
            o = json.loads(line)
            d = o.get("decision", "error")
            kinds[d] = kinds.get(d, 0) + 1
            decisions.append(d == "covered")
    if len(decisions) != n:
        sys.exit(f"clause wrote {len(decisions)} decisions for {n} cases")
    with open(os.path.join(peers, "results", "decisions_clause.txt"), "w") as f:
        f.write("".join("1" if d else "0" for d in decisions) + "\n")
    report["decisions"] = kinds
    print(f"  decisions: {kinds}")
    print("RESULT_JSON " + json.dumps(report))


if __name__ == "__main__":
    main()
