-- wrk script: POST /v1/tokens for one account (a cached token), with a static client key.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-token-service-key"] = os.getenv("BENCH_CLIENT_KEY")
wrk.body = '{"serviceAccount":"' .. os.getenv("BENCH_ACCOUNT") ..
  '","scopes":["https://www.googleapis.com/auth/generative-language"]}'

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
