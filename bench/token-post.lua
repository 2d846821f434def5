-- wrk script: POST /v1/tokens for one account (a cached token), with a static client key.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-token-service-key"] = os.getenv("BENCH_CLIENT_KEY")
wrk.body = '{"serviceAccount":"' .. os.getenv("BENCH_ACCOUNT") ..
  '","scopes":["https://www.googleapis.com/auth/generative-language"]}'

dofile("bench/wrk-report.lua")
done = function(summary, latency, requests) report(summary, latency) end
