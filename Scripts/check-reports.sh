#!/usr/bin/env bash
# Checks every example case's HTML report is well-formed and self-contained; runs the examples
# of the docs and compares their output; renders an HTML decision report with headless Chromium
# and checks the picture is not blank, and that reports fit a 390 px phone and a 1280 px desktop; renders every bundled policy's graph with Graphviz. Called by Scripts/test.sh with the built
# `clause` binary. Chromium and Graphviz are Debian packages (`chromium`, `graphviz`): when they
# are missing and CI=true (CI runs as root on a fresh machine), they are installed with apt-get
# (about 1.5 minutes, measured); elsewhere the step says clearly that it is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0

install_in_ci() {  # install_in_ci COMMAND PACKAGE...
  command -v "$1" >/dev/null 2>&1 && return 0
  [ "${CI:-}" = "true" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1 || return 0
  shift
  echo "installing $* (CI=true)"
  local start=$SECONDS
  if [ -z "${apt_updated:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || echo "warning: apt-get update failed"
    apt_updated=1
  fi
  if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1; then
    echo "installed $* in $((SECONDS - start)) s"
  else
    echo "warning: could not install $*"
  fi
}

echo "== clause report: HTML well-formed and self-contained for every example case"
command -v python3 >/dev/null 2>&1 || install_in_ci python3 python3-minimal
have_python=0
command -v python3 >/dev/null 2>&1 && have_python=1
for dir in Policies/cases/*/; do
  policy="Policies/$(basename "$dir").clause"
  for case in "$dir"*.json; do
    case "$case" in *unknown-treatment*) continue ;; esac
    out="$work/$(basename "$dir")-$(basename "$case" .json).html"
    "$bin" report "$policy" "$case" -o "$out" || { echo "FAIL: clause report $case"; status=1; continue; }
    if [ $have_python -eq 1 ]; then
      python3 Scripts/report_checks.py html "$out" >/dev/null || { python3 Scripts/report_checks.py html "$out" || true; status=1; }
    fi
  done
done
[ $have_python -eq 1 ] || echo "note: python3 not found; HTML structure not checked"

echo "== documented examples (README.md, docs/guide.md, docs/cli.md, docs/decisions.md, docs/cases.md) run and compared"
if [ $have_python -eq 1 ]; then
  python3 Scripts/check_docs.py "$bin" README.md docs/guide.md docs/cli.md docs/decisions.md docs/cases.md || status=1
else
  echo "FAIL: python3 is needed to check the documented examples"; status=1
fi

echo "== clause report rendered by headless Chromium"
install_in_ci chromium chromium fonts-liberation
if ! command -v chromium >/dev/null 2>&1; then
  echo "SKIP: chromium is not installed (apt-get install -y chromium); the HTML report was not rendered"
else
  html="$work/report.html"
  "$bin" report Policies/acme-ppo.clause Policies/cases/acme-ppo/induction-cap-partial.json -o "$html"
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --force-device-scale-factor=1 \
    --window-size=1000,1400 --screenshot="$work/report.png" "file://$html" >/dev/null 2>&1 || true
  if [ ! -s "$work/report.png" ]; then
    echo "FAIL: chromium wrote no screenshot"; status=1
  elif [ $have_python -eq 1 ]; then
    # A partially covered decision: the banner's amber background (#fff4dc) must fill a large area.
    python3 Scripts/report_checks.py png "$work/report.png" --min-colors 64 --color fff4dc --min-pixels 50000 || status=1
  elif command -v identify >/dev/null 2>&1; then
    colors=$(identify -format %k "$work/report.png")
    echo "report.png: $colors distinct colours"
    [ "$colors" -ge 64 ] || { echo "FAIL: report.png looks blank"; status=1; }
  else
    echo "FAIL: neither python3 nor ImageMagick is available to check the screenshot"; status=1
  fi
  # Phone and desktop widths: a test copy of the page in a frame of that width with a small
  # measuring script (details opened), screenshotted, and its result written out by Chromium's
  # --dump-dom: no element may be wider than the viewport, and the cost table's "You pay" must show.
  for case in bayou-medicaid/severity-unknown acme-ppo/one-drug-class acme-ppo/induction-cap-partial northstar-commercial/authorization-pending; do
    name="$(basename "$case")"
    page="$work/$name.html"
    "$bin" report "Policies/$(dirname "$case").clause" "Policies/cases/$case.json" -o "$page" || { echo "FAIL: clause report $case"; status=1; continue; }
    for width in 390 1280; do
      if [ $have_python -eq 0 ]; then echo "note: python3 not found; the layout at $width px was not checked"; continue; fi
      python3 Scripts/report_checks.py inject "$page" "$work/$name-$width.html" $width
      timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --force-device-scale-factor=1 \
        --window-size=$((width < 500 ? 500 : width)),1400 --screenshot="$work/$name-$width.png" "file://$work/$name-$width.html" >/dev/null 2>&1 || true
      [ -s "$work/$name-$width.png" ] || { echo "FAIL: chromium wrote no screenshot of $name at $width px"; status=1; }
      timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars --force-device-scale-factor=1 \
        --window-size=$((width < 500 ? 500 : width)),1400 --dump-dom "file://$work/$name-$width.html" >"$work/$name-$width.dom" 2>/dev/null || true
      python3 Scripts/report_checks.py layout "$work/$name-$width.dom" $width || status=1
    done
  done
fi

echo "== clause graph rendered by Graphviz"
install_in_ci dot graphviz
if ! command -v dot >/dev/null 2>&1; then
  echo "SKIP: graphviz is not installed (apt-get install -y graphviz); the DOT output was not rendered"
else
  for policy in Policies/*.clause; do
    svg="$work/$(basename "$policy" .clause).svg"
    if "$bin" graph "$policy" --format dot | dot -Tsvg -o "$svg" 2>"$work/dot.err" && grep -q "<svg" "$svg" && [ ! -s "$work/dot.err" ]; then
      echo "$policy: $(grep -c '<g id="node' "$svg") nodes, $(grep -c '<g id="edge' "$svg") edges"
    else
      echo "FAIL: dot -Tsvg on the graph of $policy"; cat "$work/dot.err"; status=1
    fi
  done
fi
exit $status
