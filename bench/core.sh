#!/usr/bin/env bash
# Benchmark (not a test): `connections list --json` and `connections show LINK` with 10,000 connections,
# side by side with the sqlite3 CLI reading the same rows. Whole-process medians from hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_needs hyperfine
bench_build
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
for name in list show; do
    read -r ours base < <(bench_medians "$out/$name.json")
    echo "$name connections $ours ms   sqlite3 $base ms   ratio $(bench_ratio "$ours" "$base")x"
done
