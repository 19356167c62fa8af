#!/usr/bin/env bash
# Side by side with Cedar, OPA and GoRules Zen on the same 100,000 cases (../shared/peers).
#
#   Benchmarks/peers.sh [--runs N] [--limit N]
#
# Copies the peers' kit to $PEERS_DIR (default /tmp/clause-peers) and sets it up there
# (./setup.sh pip-installs cedarpy, the OPA bindings and zen-engine from PyPI), generates
# its cases, converts them to Clause cases (Benchmarks/peers/convert_cases.py), builds
# `clause` in release mode, runs `clause batch` with 1 and 2 jobs and each available peer,
# checks that the decisions agree (Benchmarks/peers/compare.py) and prints the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=3
limit=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --limit) limit=$2; shift 2 ;;
    *) echo "usage: Benchmarks/peers.sh [--runs N] [--limit N]" >&2; exit 2 ;;
  esac
done
src=${PEERS_SRC:-$root/../shared/peers}
work=${PEERS_DIR:-/tmp/clause-peers}
if [ ! -d "$work" ]; then
  [ -d "$src" ] || { echo "peers kit not found at $src (set PEERS_SRC)" >&2; exit 1; }
  cp -r "$src" "$work"
fi
cd "$work"
if [ ! -x .venv/bin/python ]; then
  ./setup.sh || echo "warning: setup.sh failed; running the peers that import" >&2
fi
py=.venv/bin/python
[ -x "$py" ] || py=python3
[ -f cases.jsonl ] || "$py" gen_cases.py
if [ "$limit" -gt 0 ]; then head -n "$limit" cases.jsonl > clause-source.jsonl; else cp cases.jsonl clause-source.jsonl; fi
python3 "$root/Benchmarks/peers/convert_cases.py" clause-source.jsonl clause-cases.jsonl
mkdir -p results
rm -f results/decisions_*.txt
log=results/clause-side-by-side.log
: > "$log"

echo "== building clause (release)"
(cd "$root" && swift build -c release --product clause >/dev/null)
bin="$(cd "$root" && swift build -c release --show-bin-path)/clause"

echo "== clause"
python3 "$root/Benchmarks/peers/run_clause.py" "$bin" "$root/Benchmarks/peers/coverage.clause" clause-cases.jsonl . \
  --runs "$runs" | tee -a "$log"
limit_args=()
[ "$limit" -gt 0 ] && limit_args=(--limit "$limit")
for engine in python_ref cedar opa zen; do
  echo "== $engine"
  if ! "$py" "run_$engine.py" --runs "$runs" --skip-large --json "${limit_args[@]}" 2>&1 | tee -a "$log"; then
    echo "   ($engine could not run here)" | tee -a "$log"
  fi
done
python3 "$root/Benchmarks/peers/compare.py" . "$log"
