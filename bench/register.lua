-- wrk script: POSTs distinct registrations (unique e-mail per request: run id, thread, counter)
-- to the session path given in the environment (BENCH_SESSION_PATH), and counts the statuses
-- that are not 201 per thread; done() prints them.
local threads = {}
local thread_count = 0
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local path = os.getenv("BENCH_SESSION_PATH") or "/api/v1/sessions/1/registrations"

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
  table.insert(threads, thread)
end

function init(args)
  counter = 0
  not_created = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"name": "Bench Person", "email": "b%s-%d-%d@example.be", "organisation": "Bench vzw", ' ..
    '"sector": "mental_health", "role": "peer_helper", "language": "nl", "consent": true}',
    run, tid, counter)
  return wrk.format("POST", path, nil, body)
end

function response(status, headers, body)
  if status ~= 201 then not_created = not_created + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("not_created") or 0) end
  io.write(string.format("not_201: %d\n", total))
end
