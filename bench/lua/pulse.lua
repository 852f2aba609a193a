-- wrk script: every request submits a pulse with the next unused participation code (one list per thread, no code twice).
-- Environment: CODES_FILE, ANTIFORGERY_COOKIE, ANTIFORGERY_TOKEN. A thread that runs out of codes stops.
-- The figures line (done) is the one the other benchmarks print.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "percentiles.lua")

local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

function init(args)
  codes = {}
  local n, total = 0, tonumber(os.getenv("THREADS") or "2")
  for line in io.lines(os.getenv("CODES_FILE")) do
    if n % total == tid then codes[#codes + 1] = line end
    n = n + 1
  end
  next_code = 1
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = "TeamCheckup.Antiforgery=" .. os.getenv("ANTIFORGERY_COOKIE")
  token = os.getenv("ANTIFORGERY_TOKEN")
end

function request()
  local code = codes[next_code]
  if code == nil then
    wrk.thread:stop()
    code = "AAAAA-AAAAA"
  end
  next_code = next_code + 1
  local body = "Code=" .. code .. "&Ps1=3&Ps2=5&Ps3=2&Ps4=6&Ps5=3&Ps6=5&Ps7=6&Satisfaction=7&Workload=3&SocialSafety=No&Aftercare=4" ..
    "&__RequestVerificationToken=" .. token
  return wrk.format(nil, "/p", nil, body)
end
