-- wrk script of bench/load.sh: spread the requests over the paths given after `--`, each
-- thread from its own place in the list, and end with one machine-readable line.

local threads = {}

function setup(thread)
  thread:set("start", #threads * 7)
  table.insert(threads, thread)
end

function init(args)
  -- args[0] is the address; the paths follow.
  paths = {}
  for i = 1, #args do
    paths[i] = args[i]
  end
  if #paths == 0 then
    error("give the paths to request after --")
  end
  n = start
end

function request()
  n = n + 1
  return wrk.format("GET", paths[n % #paths + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write
  print(string.format(
    "rps=%.1f p50_ms=%.1f p99_ms=%.1f requests=%d errors=%d non_2xx_3xx=%d socket_errors=%d timeouts=%d",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.requests,
    e.status + socket_errors + e.timeout,
    e.status,
    socket_errors,
    e.timeout
  ))
end
