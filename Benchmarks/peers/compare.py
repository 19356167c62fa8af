#!/usr/bin/env python3
"""Check that Clause decides the peer cases as the reference does, and print throughput
ratios from the RESULT_JSON lines of each driver.

Usage: compare.py PEERS_DIR RESULTS.jsonl

Clause reads ICD-10 codes case-insensitively (LANGUAGE.md: codes are upper-cased when a
case is read), while the reference and the three peers match "F32"/"F33" case-sensitively,
so a lower-case code such as "f32.1" is depression for Clause and not for them. Those
cases are counted and shown apart; any other disagreement fails the check.
"""
import json
import os
import sys


def main() -> int:
    peers, results = sys.argv[1], sys.argv[2]
    sys.path.insert(0, peers)
    reports = {}
    for line in open(results):
        if line.startswith("RESULT_JSON "):
            r = json.loads(line[len("RESULT_JSON "):])
            if not r.get("process_only"):
                reports[r["engine"]] = r
    cases = [json.loads(l) for l in open(os.path.join(peers, "cases.jsonl"))]
    dec = {}
    for e in ["clause", "reference", "cedar", "opa", "zen"]:
        p = os.path.join(peers, "results", f"decisions_{e}.txt")
        if os.path.exists(p):
            dec[e] = open(p).read().strip()
    if "clause" not in dec:
        print("no Clause decisions")
        return 1
    cases = cases[:len(dec["clause"])]
    status = 0
    print(f"\nAgreement over {len(cases)} cases (covered: "
          + ", ".join(f"{e}={d.count('1')}" for e, d in dec.items()) + ")")
    for other in [e for e in dec if e != "clause"]:
        diff = [i for i, (a, b) in enumerate(zip(dec["clause"], dec[other])) if a != b]
        if len(dec["clause"]) != len(dec[other]):
            print(f"  clause vs {other}: different numbers of decisions")
            status = 1
            continue
        lower = [i for i in diff if cases[i]["diagnosis_code"] != cases[i]["diagnosis_code"].upper()]
        rest = [i for i in diff if i not in set(lower)]
        print(f"  clause vs {other:<9}: {len(diff)} differ; {len(lower)} on lower-case diagnosis codes "
              f"(read case-insensitively by Clause), {len(rest)} other")
        for i in rest[:3]:
            print(f"      case {i}: clause={dec['clause'][i]} {other}={dec[other][i]} {json.dumps(cases[i])}")
        if rest:
            status = 1
    print("AGREE (apart from lower-case codes)" if status == 0 else "DISAGREEMENT")

    clause = reports.get("clause")
    if not clause:
        print("no Clause result")
        return 1
    c1 = clause["modes"][0]["decisions_per_s"]
    c2 = clause["modes"][1]["decisions_per_s"]
    print(f"\nThroughput (one run of this script; the machine is shared, so figures are noisy)")
    print(f"  {'engine':<11} {'mode':<58} {'dec/s':>10}  {'Clause -j1 / it':>15}  {'Clause -j2 / it':>15}")
    for m in clause["modes"]:
        print(f"  {'clause':<11} {m['mode']:<58} {m['decisions_per_s']:>10,.0f}")
    for e in ["cedar", "opa", "zen", "python_ref"]:
        r = reports.get(e)
        if not r:
            print(f"  {e:<11} (not run or not available)")
            continue
        for m in r["modes"]:
            v = m["decisions_per_s"]
            print(f"  {e:<11} {m['mode'][:58]:<58} {v:>10,.0f}  {c1 / v:>14.1f}×  {c2 / v:>14.1f}×")
    print("\nClause's figures are whole-process (start, JSON read, decide, JSON write); the peers'")
    print("are their evaluation loops only, with the cases already parsed into Python objects.")
    return status


if __name__ == "__main__":
    sys.exit(main())
