#!/usr/bin/env bash
# Benchmark (not a test): `connections token LINK` with a valid stored token, whole process, beside
# `gh auth token` reading a token from hosts.yml and the sqlite3 CLI reading one row. Medians from hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine gh sqlite3; do command -v $tool >/dev/null || { echo "bench: apt-get install $tool"; exit 1; }; done
swift build -c release --static-swift-stdlib --scratch-path .build-static 2>&1 | grep -E "error|Compiling connections" | tail -3 || true
bin=.build-static/release/connections
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build-static/release/connections-bench seed "$work/home" 10000 >/dev/null
link=conn_7198   # connected, token valid for about two hours
mkdir -p "$work/gh"
printf 'github.com:\n    oauth_token: gho_0123456789abcdefghijklmnopqrstuvwxyz\n    user: bench\n    git_protocol: https\n' > "$work/gh/hosts.yml"
$bin token $link --home "$work/home" >/dev/null
GH_CONFIG_DIR="$work/gh" hyperfine -N --warmup 10 --runs 60 --export-json "$work/token.json" \
    "$bin token $link --home $work/home" \
    "gh auth token" \
    "sqlite3 $work/home/connections.sqlite \"SELECT secrets FROM connections WHERE link_name = '$link'\"" >/dev/null
python3 - "$work/token.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
ours, gh, sqlite = (r["median"] * 1000 for r in results)
print(f"connections token {ours:6.2f} ms   gh auth token {gh:6.2f} ms   sqlite3 {sqlite:6.2f} ms")
print(f"ratio to gh {ours / gh:4.2f}x   ratio to sqlite3 {ours / sqlite:4.2f}x")
PY
