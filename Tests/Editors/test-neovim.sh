#!/usr/bin/env bash
# Runs Tests/Editors/nvim-lsp-test.lua: Neovim's built-in LSP client against `clause lsp`, headless.
# Usage: Tests/Editors/test-neovim.sh [PATH-TO-clause]
# Exits 0 when every check passes, 1 on a failure, 77 when Neovim (0.7 or later) is not installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:-$(swift build --show-bin-path)/clause}"
if ! command -v nvim >/dev/null 2>&1; then
  echo "SKIP: nvim is not installed; the Neovim LSP test was not run (install neovim 0.7+ to run it)"
  exit 77
fi
if ! nvim --headless -u NONE -c 'lua if vim.lsp and vim.lsp.start_client then vim.cmd("qall!") else vim.cmd("cquit! 1") end' >/dev/null 2>&1; then
  echo "SKIP: $(nvim --version | head -1) has no built-in LSP client; the Neovim LSP test was not run"
  exit 77
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The policy with its tests and cases, laid out as in Policies/ (the tests name ../acme-ppo.clause).
mkdir -p "$work/tests" "$work/cases"
cp Policies/acme-ppo.clause "$work/"
cp Policies/tests/acme-ppo.tests "$work/tests/"
cp -R Policies/cases/acme-ppo "$work/cases/"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
# The configuration documented in docs/editors.md, with this build of `clause`.
python3 - "$bin" > "$work/init.lua" <<'PY'
import re, sys
text = open("docs/editors.md", encoding="utf-8").read()
block = re.search(r"In `init.lua`:\n\n```lua\n(.*?)```", text, re.S).group(1)
print(block.replace('{ "clause", "lsp" }', '{ "%s", "lsp", "--debounce", "50" }' % sys.argv[1]))
PY
echo "$(nvim --version | head -1) against $bin, with the configuration of docs/editors.md"
CLAUSE_POLICY="$work/acme-ppo.clause" \
  timeout 120 nvim --headless -u "$work/init.lua" -i NONE -c 'luafile Tests/Editors/nvim-lsp-test.lua'
