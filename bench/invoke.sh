#!/usr/bin/env bash
# Benchmark (not a test): `connections invoke LINK URL` against a local endpoint, whole process, beside
# `curl -s -H 'Authorization: Bearer …' URL` on the same endpoint. Medians from hyperfine, run side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_start hyperfine curl python3
exec 3> >(python3 Tests/servers/echo_server.py > "$work/port")
trap 'exec 3>&-; rm -rf "$work"' EXIT
bench_wait_for "$work/port"
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
read -r ours curl floor < <(bench_medians "$work/invoke.json")
echo "connections invoke $ours ms   curl $curl ms   ratio $(bench_ratio "$ours" "$curl")x"
echo "floor (one request through AsyncHTTPClient, nothing else) $floor ms = $(bench_ratio "$floor" "$curl")x curl"
