-- Shared wrk `done` hook: one machine-readable RESULT line.
return function(s, latency, requests)
  local secs = s.duration / 1e6
  local sock = s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    s.requests, secs, s.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    s.errors.status, sock))
end
