#!/usr/bin/env bash
# Benchmark (not a test): `connections token LINK` with a valid stored token, whole process, beside
# `gh auth token` reading a token from hosts.yml and the sqlite3 CLI reading one row. Medians from hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_start hyperfine gh sqlite3
.build-static/release/connections-bench seed "$work/home" 10000 >/dev/null
link=conn_7198   # connected, token valid for about two hours
mkdir -p "$work/gh"
printf 'github.com:\n    oauth_token: gho_0123456789abcdefghijklmnopqrstuvwxyz\n    user: bench\n    git_protocol: https\n' > "$work/gh/hosts.yml"
$bin token $link --home "$work/home" >/dev/null
GH_CONFIG_DIR="$work/gh" hyperfine -N --warmup 10 --runs 60 --export-json "$work/token.json" \
    "$bin token $link --home $work/home" \
    "gh auth token" \
    "sqlite3 $work/home/connections.sqlite \"SELECT secrets FROM connections WHERE link_name = '$link'\"" >/dev/null
read -r ours gh sqlite < <(bench_medians "$work/token.json")
echo "connections token $ours ms   gh auth token $gh ms   sqlite3 $sqlite ms"
echo "ratio to gh $(bench_ratio "$ours" "$gh")x   ratio to sqlite3 $(bench_ratio "$ours" "$sqlite")x"
