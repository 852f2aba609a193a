-- wrk script: one line of figures a script can read back: req/s, p50, p99 (ms), non-2xx/3xx count.
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("FIGURES rps=%.1f p50=%.2f p99=%.2f requests=%d errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
