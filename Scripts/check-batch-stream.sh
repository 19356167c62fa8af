#!/usr/bin/env bash
# clause batch answers each case read from a pipe before the next one arrives.
set -euo pipefail
# Usage: Scripts/check-batch-stream.sh CLAUSE_BINARY POLICY CASE_JSON_LINE
bin=$1; policy=$2; case1=$3
coproc BATCH { "$bin" batch "$policy" - --jobs 2; }
batch_pid=$BATCH_PID  # bash unsets BATCH_PID once the co-process has ended: keep it for `wait`
for i in 1 2 3; do
  printf '%s\n' "$case1" >&"${BATCH[1]}"
  if ! IFS= read -r -t 20 answer <&"${BATCH[0]}"; then echo "no answer to line $i within 20 s" >&2; exit 1; fi
  case "$answer" in *'"decision"'*) ;; *) echo "unexpected answer: $answer" >&2; exit 1 ;; esac
done
exec {BATCH[1]}>&-
wait "$batch_pid"
echo "streaming: 3 answers, one per line sent"
