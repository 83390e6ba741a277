-- Drives Neovim, headless, as an editor user would: the README's Neovim configuration for
-- versions before 0.8 (between the README markers below, which tests/it/editors.rs keeps equal to
-- README.md) starts `ecslint lsp`; then open a task definition, wait for the diagnostics, ask for
-- the code actions on one, apply its edit, write the file, wait for the diagnostics to follow.
-- Everything seen goes to the JSON report that ECSLINT_NVIM_REPORT names, which the Rust test
-- checks; this script itself asserts nothing.
--
--   ECSLINT_NVIM_FILE=taskdef.json ECSLINT_NVIM_REPORT=out.json nvim --headless --clean -u NONE -S neovim.lua

-- README:begin
local ecslint_client
vim.api.nvim_create_autocmd("FileType", {
  pattern = { "json", "yaml", "terraform" },
  callback = function(args)
    ecslint_client = ecslint_client or vim.lsp.start_client({ name = "ecslint", cmd = { "ecslint", "lsp" }, root_dir = vim.fn.getcwd() })
    vim.lsp.buf_attach_client(args.buf, ecslint_client)
  end,
})
-- README:end

local report = { nvim = tostring(vim.version().major .. "." .. vim.version().minor .. "." .. vim.version().patch) }

local function finish(code)
  local out = assert(io.open(os.getenv("ECSLINT_NVIM_REPORT"), "w"))
  out:write(vim.fn.json_encode(report))
  out:close()
  vim.cmd(code == 0 and "qall!" or ("cquit " .. code))
end

local function seen(diagnostics)
  local list = {}
  for _, d in ipairs(diagnostics) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(list, {
      code = d.code or lsp.code,
      source = d.source or lsp.source,
      line = d.lnum,
      col = d.col,
      end_line = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      message = d.message,
    })
  end
  return list
end

local function has(diagnostics, code)
  for _, d in ipairs(seen(diagnostics)) do
    if d.code == code then
      return d
    end
  end
end

local ok, err = pcall(function()
  local rule = os.getenv("ECSLINT_NVIM_RULE")
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("ECSLINT_NVIM_FILE")))
  report.filetype = vim.bo.filetype
  vim.wait(20000, function() return has(vim.diagnostic.get(0), rule) ~= nil end, 20)
  report.before = seen(vim.diagnostic.get(0))
  local target = has(vim.diagnostic.get(0), rule)
  if target == nil then
    report.error = "no " .. rule .. " diagnostic within 20 s"
    return
  end

  local params = {
    textDocument = vim.lsp.util.make_text_document_params(),
    range = {
      start = { line = target.line, character = target.col },
      ["end"] = { line = target.end_line, character = target.end_col },
    },
    context = { diagnostics = {} },
  }
  local responses = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, 10000) or {}
  local action
  report.actions = {}
  for _, response in pairs(responses) do
    for _, a in ipairs(response.result or {}) do
      table.insert(report.actions, a.title)
      action = action or a
    end
  end
  if action == nil or action.edit == nil then
    report.error = "no code action with an edit"
    return
  end
  report.applied = action.title
  vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
  vim.cmd("write")
  vim.wait(20000, function() return has(vim.diagnostic.get(0), rule) == nil end, 20)
  report.after = seen(vim.diagnostic.get(0))
end)

if not ok then
  report.error = tostring(err)
end
finish(0)
