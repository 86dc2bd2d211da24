-- Drives a documented Neovim set-up (docs/editors.md, loaded with -u) as a
-- user would: open a record, wait for its findings, open a second record
-- (of a sub-team), and write what it saw as JSON to $OUT. Run headless by
-- the testsuite:
--   FILE=... SECOND=... OUT=... nvim --headless -u snippet.lua -S driver.lua
local file, second, out = os.getenv("FILE"), os.getenv("SECOND"), os.getenv("OUT")
vim.cmd("edit " .. vim.fn.fnameescape(file))
local buffer = vim.api.nvim_get_current_buf()
local seen = {}
vim.wait(60000, function()
  seen = vim.diagnostic.get(buffer)
  return #seen > 0
end, 50)
local findings = {}
for _, d in ipairs(seen) do
  table.insert(findings, { line = d.lnum + 1, column = d.col + 1, code = d.code })
end
vim.cmd("edit " .. vim.fn.fnameescape(second))
vim.wait(2000, function()
  return #vim.lsp.buf_get_clients(0) > 0
end, 50)
local servers = #vim.tbl_keys(vim.lsp.get_active_clients())
local report = io.open(out, "w")
report:write(vim.fn.json_encode({ findings = findings, servers = servers }))
report:close()
vim.cmd("qall!")
