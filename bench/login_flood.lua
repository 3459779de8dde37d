-- A sign-in flood: wrong passwords for the first admin, each request from a different client
-- address (X-Forwarded-For, with trust_proxy on), so no throttling key ever fills.
local n = 0
request = function()
  n = n + 1
  local addr = string.format("127.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["X-Forwarded-For"] = addr},
                    '{"email":"admin@localhost","password":"a wrong guess"}')
end
