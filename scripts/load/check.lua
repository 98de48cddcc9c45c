-- wrk script: POST the 5,000-character draft to /api/check as text/plain.
-- The draft path comes from the DRAFT environment variable (set by scripts/load.sh).
local f = assert(io.open(os.getenv("DRAFT"), "rb"))
local body = f:read("*a")
f:close()
wrk.method = "POST"
wrk.path = "/api/check"
wrk.body = body
wrk.headers["Content-Type"] = "text/plain; charset=utf-8"

done = dofile(os.getenv("LOAD_DIR") .. "/report.lua")
