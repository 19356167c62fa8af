#!/usr/bin/env python3
"""Writes a case for Policies/acme-ppo.clause whose `history.trials` has N entries (default
1,000,000), for measuring how an explanation's size and memory grow with a case's lists:

  python3 Benchmarks/long-list-case.py 1000000 > /tmp/long-list.json
  /usr/bin/time -v .build/release/clause eval Policies/acme-ppo.clause /tmp/long-list.json --explain

(see docs/performance.md, "Long lists").
"""
import json
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
classes = ["SSRI", "SNRI", "TCA", "MAOI", "atypical"]
out = sys.stdout
out.write('{"id": "long-list", "patient": {"age": 34, "pregnant": false}, "diagnoses": ["F33.2"],\n')
out.write(' "medications": {"oral_antidepressant": true}, "provider": {"network": "preferred", "rems_certified": true},\n')
out.write(' "authorization": {"prior_authorization": "approved"}, "documents": ["PHQ-9 or MADRS score from the last 30 days"],\n')
out.write(' "history": {"aneurysmal_vascular_disease": false, "trials": [\n')
for i in range(n):
    trial = {"drug_class": classes[i % len(classes)], "weeks": 4 + i % 8, "improvement": (i % 40) / 100}
    out.write(("  " if i == 0 else ", ") + json.dumps(trial, separators=(",", ":")) + "\n")
out.write(']},\n "request": {"treatment": "esketamine", "date": "2026-03-02", "sessions": 2, "billed_per_session": 900}}\n')
