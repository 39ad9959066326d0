-- wrk reporting script, appended by bench/run.sh to each request script: one machine-readable
-- line with exact figures (latency in microseconds) instead of wrk's rounded, unit-suffixed text.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d socket_errors=%d non2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50.0), latency:percentile(99.0),
    e.connect + e.read + e.write + e.timeout, e.status))
end
