#!/usr/bin/env bash
# Benchmark (not a test): `connections invoke LINK URL` against a local endpoint, whole process, beside
# `curl -s -H 'Authorization: Bearer …' URL` on the same endpoint. Medians from hyperfine, run side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine curl python3; do command -v $tool >/dev/null || { echo "bench: apt-get install $tool"; exit 1; }; done
swift build -c release --static-swift-stdlib --scratch-path .build-static 2>&1 | grep -E "error|Compiling connections" | tail -3 || true
bin=.build-static/release/connections
work=$(mktemp -d)
exec 3> >(python3 Tests/servers/echo_server.py > "$work/port")
trap 'exec 3>&-; rm -rf "$work"' EXIT
while [ ! -s "$work/port" ]; do sleep 0.05; done
base="http://127.0.0.1:$(head -1 "$work/port")"
url="$base/bench?page=1"
# 10,000 connections, and bench_api: a service whose API base is the local server, connected, token valid two hours.
.build-static/release/connections-bench seed "$work/home" 10000 "$base" >/dev/null
link=bench_api
token=$($bin token $link --home "$work/home")
$bin invoke $link "$url" --home "$work/home" >/dev/null
# The floor beside them: a process of ours that only makes the request through the same HTTP client.
hyperfine -N --warmup 10 --runs 100 --export-json "$work/invoke.json" \
    "$bin invoke $link $url --home $work/home" \
    "curl -s -H 'Authorization: Bearer $token' $url" \
    ".build-static/release/connections-bench get $url" >/dev/null
python3 - "$work/invoke.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
ours, curl, floor = (r["median"] * 1000 for r in results)
print(f"connections invoke {ours:6.2f} ms   curl {curl:6.2f} ms   ratio {ours / curl:4.2f}x")
print(f"floor (one request through AsyncHTTPClient, nothing else) {floor:6.2f} ms = {floor / curl:4.2f}x curl")
PY
