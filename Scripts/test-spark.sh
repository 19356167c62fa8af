#!/usr/bin/env bash
# Runs `clause batch` on Apache Spark in local mode and checks it against a direct run.
#
#   Scripts/test-spark.sh [--cases N] [--partitions N]
#
# Installs pyspark from PyPI into a virtual environment ($SPARK_VENV, default .build-spark/venv;
# Java 17 must be on the machine), generates the peer benchmark's cases with its generator
# (Benchmarks/peers/gen_cases.py) — 100,000 by default — converts them to Clause cases, runs
# Scripts/spark_batch.py on local[2] (with one task attempt killed midway, so Spark retries it),
# and checks: as many decisions as cases, every decision identical to `clause batch` run
# directly on the same file, every case answered once.
# Prints the throughput of both runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
cases=100000
partitions=4
if_available=0
while [ $# -gt 0 ]; do
  case "$1" in
    --cases) cases=$2; shift 2 ;;
    --partitions) partitions=$2; shift 2 ;;
    --if-available) if_available=1; shift ;;
    *) echo "usage: Scripts/test-spark.sh [--cases N] [--partitions N] [--if-available]" >&2; exit 2 ;;
  esac
done
# With --if-available (as Scripts/test.sh runs it), a machine without Java or without access
# to PyPI skips the test with a message instead of failing; anything after set-up still fails.
unavailable() {
  if [ $if_available -eq 1 ]; then echo "SKIPPED test-spark: $1"; exit 0; fi
  echo "test-spark: $1" >&2; exit 1
}

command -v java >/dev/null || unavailable "java is not installed (Spark needs Java 17)"
venv=${SPARK_VENV:-$root/.build-spark/venv}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
  echo "== installing pyspark into $venv"
  python3 -m venv "$venv" || unavailable "cannot create a Python virtual environment"
  "$venv/bin/pip" install --quiet pyspark || unavailable "pyspark could not be installed from PyPI"
fi
"$venv/bin/python" -c "import pyspark; print('pyspark', pyspark.__version__)"

echo "== building clause (release)"
swift build -c release --product clause >/dev/null
bin="$(swift build -c release --show-bin-path)/clause"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The peer benchmark's generator (a copy of ../shared/peers/gen_cases.py, fixed seed).
python3 Benchmarks/peers/gen_cases.py --n "$cases" --out "$work/peer-cases.jsonl" >/dev/null
python3 Benchmarks/peers/convert_cases.py "$work/peer-cases.jsonl" "$work/converted.jsonl"
# Every 9,973rd line is malformed, so error records cross partitions too.
python3 - "$work/converted.jsonl" "$work/cases.jsonl" <<'PY'
import sys
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as out:
    for i, line in enumerate(src, 1):
        out.write('{"id": "broken-%d", "request": [' % i + "\n" if i % 9973 == 0 else line)
PY
policy=Benchmarks/peers/coverage.clause

echo "== clause batch, direct"
start=$(date +%s.%N)
# Exit 1: some lines are not cases (the malformed ones); their error records are in the output.
"$bin" batch "$policy" "$work/cases.jsonl" --jobs 2 > "$work/direct.jsonl" 2> "$work/direct.err" || [ $? -eq 1 ]
direct_s=$(echo "$(date +%s.%N) - $start" | bc)

echo "== clause batch on Spark, local[2] with 2 attempts per task, $partitions partitions; the first attempt of partition 0 is killed midway"
start=$(date +%s.%N)
PYSPARK_PYTHON="$venv/bin/python" "$venv/bin/python" Scripts/spark_batch.py --master "local[2,2]" --fail-first-attempt \
  --clause "$bin" --policy "$policy" --input "$work/cases.jsonl" --output "$work/spark-out" \
  --partitions "$partitions" 2> "$work/spark.log" || { tail -30 "$work/spark.log"; exit 1; }
spark_s=$(echo "$(date +%s.%N) - $start" | bc)
grep -q "injected failure" "$work/spark.log" || { echo "FAIL: the injected task failure did not happen"; exit 1; }
echo "a task failed once and Spark retried it"

python3 - "$work/cases.jsonl" "$work/direct.jsonl" "$work/spark-out" "$direct_s" "$spark_s" <<'PY'
import glob, json, sys
cases_path, direct_path, spark_dir, direct_s, spark_s = sys.argv[1:]
n_cases = sum(1 for line in open(cases_path) if line.strip())
direct = [json.loads(line) for line in open(direct_path)]
spark = [json.loads(line) for part in sorted(glob.glob(spark_dir + "/part-*")) for line in open(part)]
problems = []
if len(direct) != n_cases:
    problems.append(f"direct run: {len(direct)} decisions for {n_cases} cases")
if len(spark) != n_cases:
    problems.append(f"spark run: {len(spark)} decisions for {n_cases} cases")
# Decisions are matched by case id, error records by their (global) line number.
def key(record):
    return ("id", record["id"]) if "id" in record else ("line", record.get("line"))
by_key, twice = {}, []
for record in spark:
    k = key(record)
    if k in by_key:
        twice.append(k)
    by_key[k] = record
if twice:
    problems.append(f"{len(twice)} records answered twice, first {twice[:3]}")
differ = [d for d in direct if by_key.get(key(d)) != d]
if differ:
    problems.append(f"{len(differ)} decisions differ or are missing, first: direct {differ[0]} spark {by_key.get(key(differ[0]))}")
kinds = {}
for d in direct:
    key = d.get("decision", "error record")
    kinds[key] = kinds.get(key, 0) + 1
print(f"cases {n_cases}; direct {len(direct)} decisions; spark {len(spark)} decisions; {kinds}")
print(f"direct clause batch: {float(direct_s):.2f} s ({n_cases/float(direct_s):,.0f} cases/s); "
      f"spark local[2]: {float(spark_s):.2f} s ({n_cases/float(spark_s):,.0f} cases/s, includes JVM start)")
if problems:
    print("FAIL: " + "; ".join(problems))
    sys.exit(1)
print("ok: every case answered once, and every decision identical to the direct run")
PY
