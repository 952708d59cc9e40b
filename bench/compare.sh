#!/usr/bin/env bash
# Benchmark (not a test): this tree beside an earlier revision, side by side in one run, as shipped (static
# release builds): `list --json`, `list`, `show` over 10,000 connections, and `token` with a valid token.
# Usage: bench/compare.sh REV   (e.g. the commit a change started from)
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: bench/compare.sh REV}
command -v hyperfine >/dev/null || { echo "bench: apt-get install hyperfine"; exit 1; }
base=.build-compare-tree
[ -d "$base" ] || git worktree add -q --detach "$base" "$rev"
git -C "$base" checkout -q --detach "$rev"
build() { (cd "$1" && swift build -c release --static-swift-stdlib --scratch-path "$2" 2>&1 | grep -E "error" | tail -3 || true); }
build . .build-static
build "$base" "$PWD/.build-compare-static"
new=.build-static/release old=.build-compare-static/release
homes=$(mktemp -d)
trap 'rm -rf "$homes"' EXIT
"$new/connections-bench" seed "$homes/new" 10000
"$old/connections-bench" seed "$homes/old" 10000
out=$(mktemp -d)
run() {
    local name=$1; shift
    hyperfine -N --warmup 5 --runs 40 --export-json "$out/$name.json" \
        "$new/connections $* --home $homes/new" "$old/connections $* --home $homes/old" >/dev/null
}
run list-json list --json
run list list
run show show conn_5000
run token token conn_5000
python3 - "$out" <<'PY'
import json, sys
for name in ("list-json", "list", "show", "token"):
    results = json.load(open(f"{sys.argv[1]}/{name}.json"))["results"]
    new, old = results[0]["median"] * 1000, results[1]["median"] * 1000
    print(f"{name:9}  this tree {new:7.2f} ms   base {old:7.2f} ms   ratio {new / old:5.2f}x")
PY
