-- wrk script: GET /api/search with a rotating set of phrase and word queries.
local queries = {
  '"清单式交办"', '"高标准农田"', '乡村振兴 level:镇', '"矛盾纠纷化解率"',
  '招商引资 -签约', '"固定资产投资" year:2024', '人居环境整治', '"规模以上工业企业"',
}
local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local n = 0
request = function()
  n = n + 1
  local q = queries[(n % #queries) + 1]
  return wrk.format("GET", "/api/search?limit=20&q=" .. urlencode(q))
end

done = dofile(os.getenv("LOAD_DIR") .. "/report.lua")
