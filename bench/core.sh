#!/usr/bin/env bash
# Benchmark (not a test): `connections list --json` and `connections show LINK` with 10,000 connections,
# side by side with the sqlite3 CLI reading the same rows. Whole-process medians from hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench: apt-get install hyperfine"; exit 1; }
# Statically linked, as shipped: dynamic loading of Foundation alone costs about 12 ms a process.
swift build -c release --static-swift-stdlib --scratch-path .build-static 2>&1 | grep -E "error|Compiling connections" | tail -3 || true
bin=.build-static/release/connections
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
.build-static/release/connections-bench seed "$home" 10000
db="$home/connections.sqlite"
out=$(mktemp -d)
hyperfine -N --warmup 5 --runs 40 --export-json "$out/list.json" \
    "$bin list --json --home $home" \
    "sqlite3 -json $db 'SELECT link_name, name, service_link_name, status, status_reason, expires_at, scopes, granted_scopes, created_at, updated_at FROM connections ORDER BY name COLLATE NOCASE, link_name'" >/dev/null
hyperfine -N --warmup 5 --runs 40 --export-json "$out/show.json" \
    "$bin show conn_5000 --home $home" \
    "sqlite3 $db \"SELECT * FROM connections WHERE link_name = 'conn_5000'\"" >/dev/null
python3 - "$out" <<'PY'
import json, sys
for name in ("list", "show"):
    results = json.load(open(f"{sys.argv[1]}/{name}.json"))["results"]
    ours, base = results[0]["median"] * 1000, results[1]["median"] * 1000
    print(f"{name:5} connections {ours:7.2f} ms   sqlite3 {base:7.2f} ms   ratio {ours / base:5.2f}x")
PY
