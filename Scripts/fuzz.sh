#!/usr/bin/env bash
# Fuzzes ClauseKit with libFuzzer.
#
#   Scripts/fuzz.sh TARGET SECONDS [libFuzzer options...]
#
# TARGET is one of
#   parse   lex + parse + check of arbitrary bytes as a policy, diagnostics rendered
#   case    JSON reading/writing and case decoding against every example policy
#   eval    cases decoded and decided against every example policy (determinism checked)
#   generated  random valid policies and cases made from the input bytes (PolicyGenerator,
#           CaseGenerator via ByteSource); fast and explained decisions must agree
#
# The ClauseKit sources and Fuzz/*.swift are compiled directly with
# `swiftc -sanitize=fuzzer,address` (outside SwiftPM) into one binary,
# .build/fuzz/clause-fuzz; CLAUSE_FUZZ_TARGET selects the target in it.
# Seeds come from Policies/ (and the golden fixtures) for `parse`, from
# Policies/cases/ for `case` and `eval`; `generated` starts from a few fixed
# pseudo-random byte strings. The working corpus and any crash
# artifacts go to fuzz-out/<target>/ (ignored by git). Exit status is libFuzzer's:
# 0 when no crash was found in the time given.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:-}"; seconds="${2:-}"
shift 2 2>/dev/null || true
case "$target" in
  parse|case|eval|generated) ;;
  *) echo "usage: Scripts/fuzz.sh parse|case|eval|generated SECONDS [libFuzzer options...]" >&2; exit 2 ;;
esac
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: SECONDS must be a whole number" >&2; exit 2; }

# One binary serves every target; it is rebuilt when a source is newer.
bin=.build/fuzz/clause-fuzz
mkdir -p .build/fuzz
sources=(Sources/ClauseKit/*/*.swift Fuzz/*.swift)
if [ ! -x "$bin" ] || [ -n "$(find "${sources[@]}" Scripts/fuzz.sh -newer "$bin" 2>/dev/null | head -1)" ]; then
  echo "== building $bin" >&2
  swiftc -sanitize=fuzzer,address -parse-as-library -swift-version 6 -O -g \
    -module-name ClauseFuzz "${sources[@]}" -o "$bin.tmp"
  mv "$bin.tmp" "$bin"
fi

out=fuzz-out/$target
mkdir -p "$out/corpus" "$out/artifacts" "$out/seeds"
case "$target" in
  parse) find Policies Tests/GoldenTests/Fixtures -name '*.clause' -exec cp {} "$out/seeds/" \; ;;
  generated)  # choices, not text: fixed pseudo-random byte strings of a few lengths
         for n in 64 256 1024 4096; do
           LC_ALL=C awk -v n="$n" 'BEGIN { srand(n); for (i = 0; i < n; i++) printf "%c", int(rand() * 256) }' \
             > "$out/seeds/random-$n"
         done ;;
  *)     find Policies/cases -name '*.json' | while read -r f; do
           cp "$f" "$out/seeds/$(basename "$(dirname "$f")")-$(basename "$f")"; done ;;
esac
# The case and eval targets hold the checked example policies for the whole run; LeakSanitizer
# reports them as leaked at exit (a false finding: Swift enum payload pointers it cannot see),
# so leak detection is on for `parse` only.
if [ "$target" = parse ]; then
  options=(-dict=Fuzz/clause.dict)
elif [ "$target" = generated ]; then
  options=(-detect_leaks=0)
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
else
  options=(-dict=Fuzz/json.dict -detect_leaks=0)
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
fi

export CLAUSE_FUZZ_POLICIES=Policies CLAUSE_FUZZ_TARGET=$target
exec "$bin" "$out/corpus" "$out/seeds" "${options[@]}" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
  -artifact_prefix="$out/artifacts/" -print_final_stats=1 "$@"
