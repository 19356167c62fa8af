#!/usr/bin/env python3
"""Runs `clause batch` on Apache Spark: JSON Lines cases in, JSON Lines decisions out.

usage: spark-submit Scripts/spark_batch.py --clause PATH/TO/clause --policy POLICY.clause \
           --input CASES.jsonl --output OUT_DIR [--partitions N] [--explain]

The `clause` binary and the policy are shipped to the executors with
SparkContext.addFile; each partition is streamed through one
`clause batch POLICY -` process, which writes exactly one decision per input
line, in order. Every decision carries its case `id` (copied by `clause
batch`), so the order of partitions in the output does not matter; an error
record for a line that is not a case carries that line's number in the whole
input (`line`, 1-based), not in its partition. Decisions pass through as
`clause batch` wrote them, byte for byte. A failed task is retried by Spark; that is
safe because `clause batch` is deterministic and has no side effects.

Input and output may be any path Spark reads and writes (local, HDFS, S3).
"""
import argparse
import json
import os
import subprocess
import threading

from pyspark import SparkFiles, TaskContext
from pyspark.sql import SparkSession


def run_partition(clause_name, policy_name, explain, fail_first_attempt=False):
    """Returns a function that pipes one partition of (line_number, text) through clause batch."""

    def process(rows):
        clause = SparkFiles.get(clause_name)
        policy = SparkFiles.get(policy_name)
        os.chmod(clause, 0o755)
        args = [clause, "batch", policy, "-", "--jobs", "1"]
        if explain:
            args.append("--explain")
        proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        numbers = []

        def feed():
            try:
                for number, text in rows:
                    numbers.append(number)
                    # One case per line: a line break inside a record would split it.
                    proc.stdin.write(text.replace("\n", " ").encode("utf-8") + b"\n")
            finally:
                proc.stdin.close()

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        count = 0
        for raw in proc.stdout:
            # The k-th output line answers the k-th input line of this partition, which the
            # writer recorded before sending it. Only error records (which start with their
            # partition-relative line number) are rewritten, with the global one.
            if raw.startswith(b'{"line":'):
                record = json.loads(raw)
                record["line"] = numbers[count]
                text = json.dumps(record, separators=(",", ":"), ensure_ascii=False)
            else:
                text = raw.decode("utf-8").rstrip("\n")
            count += 1
            if fail_first_attempt and count == 100:
                context = TaskContext.get()
                if context.partitionId() == 0 and context.attemptNumber() == 0:
                    proc.kill()
                    raise RuntimeError("injected failure (--fail-first-attempt): Spark retries the task")
            yield text
        writer.join()
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait()
        # Exit 1 means some lines were not cases; their error records are in the output.
        if code not in (0, 1) or count != len(numbers):
            # Raising makes Spark retry the task; the output of a failed attempt is discarded.
            raise RuntimeError(f"clause batch exited {code} after {count} of {len(numbers)} records: {err[-2000:]}")

    return process


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clause", required=True, help="path to the clause binary (Linux, same architecture as the executors)")
    parser.add_argument("--policy", required=True, help="the policy file")
    parser.add_argument("--input", required=True, help="JSON Lines cases (any path Spark reads)")
    parser.add_argument("--output", required=True, help="output directory for JSON Lines decisions")
    parser.add_argument("--partitions", type=int, default=0, help="repartition the input (default: as read)")
    parser.add_argument("--explain", action="store_true", help="include the explanation in each decision")
    parser.add_argument("--master", default=None, help="Spark master when not given by spark-submit, e.g. local[2]")
    parser.add_argument("--fail-first-attempt", action="store_true",
                        help="testing: kill the first attempt of partition 0 midway, so Spark retries it "
                             "(needs task retries, e.g. --master 'local[2,2]')")
    args = parser.parse_args()

    builder = SparkSession.builder.appName("clause-batch")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.addFile(os.path.abspath(args.clause) if "://" not in args.clause else args.clause)
    sc.addFile(os.path.abspath(args.policy) if "://" not in args.policy else args.policy)

    lines = sc.textFile(args.input)
    # Global 1-based line numbers (before any repartitioning), so every record says which
    # input line it answers; blank lines are not records.
    numbered = lines.zipWithIndex().map(lambda pair: (pair[1] + 1, pair[0])).filter(lambda p: p[1].strip())
    if args.partitions > 0:
        numbered = numbered.repartition(args.partitions)
    decisions = numbered.mapPartitions(
        run_partition(os.path.basename(args.clause), os.path.basename(args.policy), args.explain,
                      args.fail_first_attempt))
    decisions.saveAsTextFile(args.output)
    spark.stop()


if __name__ == "__main__":
    main()
