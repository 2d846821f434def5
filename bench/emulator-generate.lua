-- wrk script: POST generateContent with an API key taken from the environment.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["x-goog-api-key"] = os.getenv("BENCH_KEY")
wrk.body = '{"contents":[{"role":"user","parts":[{"text":"Say hello to the benchmark"}]}],"generationConfig":{"maxOutputTokens":64}}'

dofile("bench/wrk-report.lua")
done = function(summary, latency, requests) report(summary, latency) end
