#!/usr/bin/env bash
# Checks that the library cannot trap on input and cannot reach outside the process.
#
# Scans Sources/ClauseKit for
#   - traps:            try!, as!, fatalError, precondition, assert, force unwraps (`x!`, `)!`, `]!`),
#                       implicitly unwrapped optionals (`Type!`), unsafeBitCast, unowned(unsafe)
#   - unchecked arithmetic patterns that can trap:
#                       prefix negation of a value (`-x`, `-(…)`) (Int.min traps: use
#                       `0.subtractingReportingOverflow(x)`), multiplication by a sign (`sign *`),
#                       `Int(…)`/`Int64(…)` conversions of Double or Decimal values
#                       (`Int(d)` traps out of range; use `Int(exactly:)` or NSDecimalNumber)
#   - reach outside:    any import but Foundation; FileManager, FileHandle, ProcessInfo, URLSession,
#                       URLRequest, Data/String/NSData(contentsOf…), contentsOfFile/URL, NSData, NSURL, Process,
#                       Bundle, getenv, fopen, print(, exit(, Date(), random, UUID()
#                       (the last three would also make decisions non-deterministic)
# against Scripts/check-traps.allow, where each line is `path: text` (the text must occur
# in that line of that file) with a comment saying why it cannot trap.
# Exit status 1 lists every unexplained hit as path:line: text.
set -euo pipefail
cd "$(dirname "$0")/.."
allow=Scripts/check-traps.allow
dir=Sources/ClauseKit

patterns=(
  'try!' '\bas!' 'fatalError\(' 'precondition(Failure)?\(' '\bassert(ionFailure)?\(' 'unsafeBitCast' 'unowned\(unsafe\)'
  '[A-Za-z0-9_)\]]!($|[^=])'
  '(^|[(\[,:=?]|return|[^-+*/<>=!&|]  *[-+*/<>=]=?)\s*-[A-Za-z_(]'
  '\bsign \*'
  '\b(U?Int(8|16|32|64)?)\((-?[A-Za-z_][A-Za-z0-9_.]*|.*\.(doubleValue|floatValue))\)'
  '^\s*(@testable )?import +(?!Foundation\b)'
  '\b(FileManager|FileHandle|ProcessInfo|URLSession|URLRequest|Process|Bundle|Thread)\b'
  'contentsOf(File|URL)|\b(Data|String|NSData|NSString|NSArray|NSDictionary)\(contentsOf' '\bNS(Data|String|FileHandle|Task|URL)\b' '\b(getenv|setenv|fopen|popen|system|exit|print|debugPrint|dlopen)\('
  '\bDate\(\)' '\.random(Element)?\b|\brandom\(' '\bUUID\(\)'
)

status=0
while IFS= read -r hit; do
  file="${hit%%:*}"; rest="${hit#*:}"; line="${rest%%:*}"; text="${rest#*:}"
  # Skip comments and string-only lines (documentation may mention the patterns).
  code="$(printf '%s' "$text" | sed -E 's#//.*$##')"
  matched=0
  for p in "${patterns[@]}"; do
    if printf '%s\n' "$code" | grep -qP -- "$p"; then matched=1; break; fi
  done
  [ $matched -eq 1 ] || continue
  allowed=0
  while IFS= read -r entry; do
    entry="${entry%%#*}"; [ -n "${entry// }" ] || continue
    apath="${entry%%: *}"; atext="${entry#*: }"; atext="${atext%"${atext##*[![:space:]]}"}"
    if [ "$file" = "$dir/$apath" ] && [[ "$text" == *"$atext"* ]]; then allowed=1; break; fi
  done < "$allow"
  if [ $allowed -eq 0 ]; then echo "$file:$line:$text"; status=1; fi
done < <(grep -rnP --include='*.swift' -- "$(IFS='|'; echo "${patterns[*]}")" "$dir" || true)

if [ $status -ne 0 ]; then
  echo "check-traps: the lines above can trap or reach outside the process; fix them or explain them in $allow" >&2
else
  echo "check-traps: Sources/ClauseKit has no unexplained trap, unchecked arithmetic pattern or outside access"
fi
exit $status
