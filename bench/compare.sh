#!/usr/bin/env bash
# Benchmark (not a test): this tree beside an earlier revision, side by side in one run, as shipped (static
# release builds): `list --json`, `list`, `show` over 10,000 connections, and `token` with a valid token.
# Usage: bench/compare.sh REV   (e.g. the commit a change started from)
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: bench/compare.sh REV}
. bench/common.sh
bench_needs hyperfine
base=.build-compare-tree
[ -d "$base" ] || git worktree add -q --detach "$base" "$rev"
git -C "$base" checkout -q --detach "$rev"
bench_build
(cd "$base" && bench_build "$OLDPWD/.build-compare-static")
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
for name in list-json list show token; do
    read -r new old < <(bench_medians "$out/$name.json")
    printf '%-9s  this tree %7s ms   base %7s ms   ratio %sx\n' "$name" "$new" "$old" "$(bench_ratio "$new" "$old")"
done
