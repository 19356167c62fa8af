-- Drives `clause lsp` from Neovim's built-in LSP client (0.7 or later), headless:
--   CLAUSE_POLICY=/tmp/x/acme-ppo.clause \
--     nvim --headless -u INIT.lua -c 'luafile Tests/Editors/nvim-lsp-test.lua'
-- where INIT.lua is the Neovim configuration of docs/editors.md (test-neovim.sh extracts it).
-- Opens the policy (a copy: it is edited), introduces an error, reads the diagnostics, hovers,
-- goes to a definition, completes, formats, and runs the .tests file from its code lens. Prints one line per check; exits 1 on a failure.
local policy = assert(os.getenv("CLAUSE_POLICY"), "CLAUSE_POLICY is not set")
local failures = 0

local function report(ok, name, detail)
  if not ok then failures = failures + 1 end
  io.stdout:write(string.format("%s  %s%s\n", ok and "ok  " or "FAIL", name, detail and ("  (" .. detail .. ")") or ""))
end

local function finish()
  io.stdout:write(string.format("neovim: %d failed\n", failures))
  vim.cmd(failures == 0 and "qall!" or "cquit! 1")
end

-- The client is started by the documented configuration (docs/editors.md, loaded with -u),
-- when the policy is opened.
vim.cmd("edit " .. vim.fn.fnameescape(policy))
local buf = vim.api.nvim_get_current_buf()
report(vim.bo[buf].filetype == "clause", "filetype clause", vim.bo[buf].filetype)
local client
vim.wait(10000, function()
  client = vim.lsp.buf_get_clients(buf)[1] or (vim.lsp.get_active_clients and vim.lsp.get_active_clients()[1])
  return client ~= nil
end, 20)
report(client ~= nil, "start clause lsp")
if not client then return finish() end
local client_id = client.id
local ready = vim.wait(10000, function() return client.initialized end, 20)
report(ready, "initialize")

-- The position (0-based line, byte column) of the first match of a plain string.
local function find(text)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local col = line:find(text, 1, true)
    if col then return i - 1, col - 1 end
  end
  return nil, nil
end

local function request(method, line, col, extra)
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = col } }
  for k, v in pairs(extra or {}) do params[k] = v end
  local responses = vim.lsp.buf_request_sync(buf, method, params, 5000) or {}
  local response = responses[client_id]
  return response and response.result
end

-- 1. A clean policy: no diagnostics once published.
vim.wait(2000, function() return false end, 50)
report(#vim.diagnostic.get(buf) == 0, "no diagnostics on the bundled policy", #vim.diagnostic.get(buf) .. " shown")

-- 2. Introduce an error: misspell a code set in a rule.
local line, col = find("diagnosis in major_depression")
col = col + #"diagnosis in major_depressio"
vim.api.nvim_buf_set_text(buf, line, col, line, col + 1, { "" })  -- major_depressio
local got = vim.wait(5000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
local diagnostics = vim.diagnostic.get(buf)
local first = diagnostics[1] or {}
report(got and first.lnum == line and (first.message or ""):find("unknown code set `major_depressio`", 1, true) ~= nil,
  "diagnostic for the misspelt code set", first.message and first.message:gsub("\n", " | ") or "none")
report((first.message or ""):find("did you mean `major_depression`?", 1, true) ~= nil, "diagnostic keeps the label")
vim.api.nvim_buf_set_text(buf, line, col, line, col, { "n" })
local cleared = vim.wait(5000, function() return #vim.diagnostic.get(buf) == 0 end, 20)
report(cleared, "diagnostics clear when fixed")

-- 3. Hover on a define's use.
local hl, hc = find("  adequate_trials")
local hover = request("textDocument/hover", hl, hc + 4)
local value = hover and hover.contents and hover.contents.value or ""
report(value:find("**define** `adequate_trials`", 1, true) ~= nil, "hover shows the define", value:sub(1, 60))

-- 4. Go to definition.
local definition = request("textDocument/definition", hl, hc + 4)
local target = definition and (definition.range or (definition[1] and definition[1].range))
local dl = find("define adequate_trials")
report(target ~= nil and target.start.line == dl, "definition of the define", target and ("line " .. target.start.line) or "none")

-- 5. Completion of a code set after `diagnosis in`.
local last = vim.api.nvim_buf_line_count(buf)
vim.api.nvim_buf_set_lines(buf, last, last, false, { "define z = diagnosis in psy" })
local completion = request("textDocument/completion", last, #"define z = diagnosis in psy")
local labels = {}
for _, item in ipairs((completion and (completion.items or completion)) or {}) do table.insert(labels, item.label) end
report(vim.tbl_contains(labels, "psychosis"), "completion offers the code set", table.concat(labels, ","))
vim.api.nvim_buf_set_lines(buf, last, last + 1, false, {})

-- 6. Formatting: mess up a line's spacing; formatting restores the `clause fmt` layout.
local fl = find("define adult = patient.age >= 18")
local original = vim.api.nvim_buf_get_lines(buf, fl, fl + 1, false)[1]
vim.api.nvim_buf_set_lines(buf, fl, fl + 1, false, { "define    adult=patient.age>=18    \"member is 18 or older\"" })
if vim.lsp.buf.format then
  vim.lsp.buf.format({ timeout_ms = 5000 })
else
  vim.lsp.buf.formatting_sync(nil, 5000)
end
local formatted = vim.api.nvim_buf_get_lines(buf, fl, fl + 1, false)[1]
report(formatted == original, "formatting restores the layout", formatted)

-- 7. Document symbols.
local symbols = vim.lsp.buf_request_sync(buf, "textDocument/documentSymbol", { textDocument = { uri = vim.uri_from_bufnr(buf) } }, 5000) or {}
local names = {}
for _, s in ipairs((symbols[client_id] or {}).result or {}) do table.insert(names, s.name) end
report(vim.tbl_contains(names, "limit esketamine"), "document symbols", #names .. " symbols")

-- 8. The code lens of the policy's .tests file, and its command: the tests pass.
local lenses = vim.lsp.buf_request_sync(buf, "textDocument/codeLens", { textDocument = { uri = vim.uri_from_bufnr(buf) } }, 5000) or {}
local lens = ((lenses[client_id] or {}).result or {})[1]
local title = lens and lens.command and lens.command.title or "none"
report(title:find("Decide the cases", 1, true) ~= nil, "code lens on the policy", title)
local shown = {}
vim.lsp.handlers["window/showMessage"] = function(_, result) table.insert(shown, result.message) end
if lens and lens.command then
  local ran = client.request_sync("workspace/executeCommand", { command = lens.command.command, arguments = lens.command.arguments }, 20000, buf)
  local result = ran and ran.result or {}
  report((result.passed or 0) > 0 and result.failed == 0, "the lens runs the tests",
    string.format("%s passed, %s failed", tostring(result.passed), tostring(result.failed)))
  vim.wait(2000, function() return #shown > 0 end, 20)
  report((shown[1] or ""):find(" passed, 0 failed", 1, true) ~= nil, "the summary is shown as a message", shown[1] or "none")
end

vim.lsp.stop_client(client_id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
finish()
