#!/usr/bin/env python3
"""Convert the peer benchmark's flat cases (../shared/peers/gen_cases.py) to Clause cases.

Usage: convert_cases.py IN.jsonl OUT.jsonl

Each field goes where a Clause case keeps it (LANGUAGE.md section 5); nothing is
decided here. Network "in"/"out" become the tier names "in_network"/"out_of_network"
("in" is a Clause keyword); prior_auth true/false becomes "approved"/"none".
"""
import json
import sys


def convert(c: dict) -> dict:
    network = {"preferred": "preferred", "in": "in_network", "out": "out_of_network"}[c["provider_network"]]
    return {
        "id": c["case_id"],
        "patient": {"age": c["age"], "pregnant": c["pregnant"]},
        "diagnoses": [c["diagnosis_code"]],
        "request": {"treatment": c["treatment"], "date": "2026-03-02", "sessions": 1,
                    "clinical_trial": c["in_clinical_trial"]},
        "provider": {"network": network, "rems_certified": c["provider_rems_certified"],
                     "out_of_network_benefits": c["out_of_network_benefits"]},
        "authorization": {"prior_authorization": "approved" if c["prior_auth"] else "none"},
        "history": {"failed_antidepressant_trials": c["failed_antidepressant_trials"],
                    "psychosis": c["has_psychosis"], "sessions_used_28d": c["sessions_used_28d"]},
        "medications": {"oral_antidepressant": c["on_oral_antidepressant"]},
    }


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n = 0
    with open(sys.argv[1]) as src, open(sys.argv[2], "w") as out:
        for line in src:
            out.write(json.dumps(convert(json.loads(line)), separators=(",", ":")) + "\n")
            n += 1
    print(f"converted {n} cases to {sys.argv[2]}")


if __name__ == "__main__":
    main()
