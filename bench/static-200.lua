-- wrk script: the nginx baseline, a static 200, reported like the others.
dofile("bench/wrk-report.lua")
done = function(summary, latency, requests) report(summary, latency) end
