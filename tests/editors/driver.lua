-- Drives a documented Neovim set-up (docs/editors.md, loaded with -u) as a
-- user would: open a record, wait for its findings, write them as JSON to
-- $OUT. Run headless by the testsuite:
--   FILE=... OUT=... nvim --headless -u snippet.lua -S driver.lua
local file, out = os.getenv("FILE"), os.getenv("OUT")
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
local report = io.open(out, "w")
report:write(vim.fn.json_encode({ findings = findings, filetype = vim.bo[buffer].filetype }))
report:close()
vim.cmd("qall!")
