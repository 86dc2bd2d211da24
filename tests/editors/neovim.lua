-- Neovim (0.7 and later) as a real client of `mastery lsp`: open a record,
-- wait for its findings, ask for completion after `manager: `, and write
-- what it saw as JSON to $OUT. Run headless by the testsuite:
--   MASTERY=... TEAM=... FILE=... OUT=... nvim --headless --clean -S neovim.lua
local team, file, out = os.getenv("TEAM"), os.getenv("FILE"), os.getenv("OUT")
vim.cmd("edit " .. vim.fn.fnameescape(file))
local buffer = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "mastery",
  cmd = { os.getenv("MASTERY"), "lsp" },
  root_dir = team,
})
vim.lsp.buf_attach_client(buffer, client)

-- Wait until the client is initialized (a request sent before goes to no
-- server, and a synchronous one then waits out its timeout) and the
-- record's findings are in.
local seen = {}
vim.wait(60000, function()
  local running = vim.lsp.get_client_by_id(client)
  seen = vim.diagnostic.get(buffer)
  return running ~= nil and running.initialized and #seen > 0
end, 50)

-- Completion just after `manager: `.
local line = vim.fn.search("^manager:")
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buffer) },
  position = { line = line - 1, character = #"manager: " },
}
local answers = vim.lsp.buf_request_sync(buffer, "textDocument/completion", params, 60000) or {}
local labels = {}
for _, answer in pairs(answers) do
  local items = answer.result and (answer.result.items or answer.result) or {}
  for _, item in ipairs(items) do
    table.insert(labels, item.label)
  end
end

local findings = {}
for _, d in ipairs(seen) do
  table.insert(findings, { line = d.lnum + 1, column = d.col + 1, code = d.code, message = d.message })
end
local report = io.open(out, "w")
report:write(vim.fn.json_encode({ findings = findings, completion = labels }))
report:close()
vim.lsp.stop_client(client)
vim.cmd("qall!")
