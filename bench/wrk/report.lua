-- Prints wrk's totals as one machine-readable line, read by bench/Paycue.Bench (WrkScenario), beside wrk's own
-- human-readable report. Responses with a status of 400 or more are counted apart ("non2xx", what wrk prints as
-- "Non-2xx or 3xx responses"), so a run that fails shows as errors, never as throughput.
-- Used alone for GET /health/ (no request() function, so wrk sends its fixed request at full speed) and loaded by
-- create.lua.
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "wrk-summary requests=%d duration_us=%d non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, errors.status, errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
