#!/usr/bin/env bash
# Benchmark (not a test): `connections proxy` on a local endpoint. 1,000 sequential GETs with one Python
# requests.Session through the proxy beside the same kind of session straight to the server with a fixed token
# (median per call; the proxy should add at most 30%), and 100 calls through the proxy (a curl each, and one curl with
# 100 URLs on one kept-alive connection) beside 100 curl calls each with `$(connections token LINK)` (the proxy should
# be at least 3x faster on the whole loop). The floor for a curl each: 100 curls straight to the server with a token
# fixed beforehand, which no proxy can beat.
# The echo server keeps connections alive (HTTP/1.1), as an API does.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_needs hyperfine curl python3
[ -x .venv/bin/python3 ] || scripts/setup
python=.venv/bin/python3
bench_build
bin=$PWD/.build-static/release/connections
work=$(mktemp -d)
exec 3> >($python Tests/servers/echo_server.py --keep-alive > "$work/port")
proxy_pid=""
trap '[ -z "$proxy_pid" ] || kill "$proxy_pid" 2>/dev/null; exec 3>&-; rm -rf "$work"' EXIT
bench_wait_for "$work/port"
base="http://127.0.0.1:$(head -1 "$work/port")"
# bench_api: a service whose API base is the local server, connected, its token valid for two hours.
.build-static/release/connections-bench seed "$work/home" 10 "$base" >/dev/null
link=bench_api
"$bin" proxy --port 0 --home "$work/home" >"$work/proxy.out" 2>"$work/proxy.log" 3>&- &
proxy_pid=$!
until grep -qs "listening on" "$work/proxy.log"; do sleep 0.05; done
proxy=$(sed -n 's/.*listening on \(http:[^;]*\);.*/\1/p' "$work/proxy.log")
secret=$(cat "$(sed -n 's/.*secret in //p' "$work/proxy.log")")
token=$("$bin" token $link --home "$work/home")

"$python" - "$base" "$proxy/$link" "$token" "$secret" <<'PY'
import statistics, sys, time
import requests

base, proxied, token, secret = sys.argv[1:]

def per_call(url, headers, count):
    session, times = requests.Session(), []
    for _ in range(50):
        session.get(url, headers=headers).raise_for_status()
    for _ in range(count):
        started = time.perf_counter()
        answer = session.get(url, headers=headers)
        answer.content
        times.append(time.perf_counter() - started)
        answer.raise_for_status()
    return statistics.median(times) * 1000

direct = per_call(base + "/bench?page=1", {"Authorization": "Bearer " + token}, 1000)
through = per_call(proxied + "/bench?page=1", {"X-Connections-Proxy-Secret": secret}, 1000)
print(f"requests.Session, 1,000 GETs: direct {direct:5.2f} ms   through the proxy {through:5.2f} ms per call (median)   "
      f"proxy adds {(through / direct - 1) * 100:4.0f}%")
PY

cat > "$work/through.sh" <<SH
for i in \$(seq 100); do curl -s -o /dev/null -H 'X-Connections-Proxy-Secret: $secret' '$proxy/$link/bench?page=1'; done
SH
cat > "$work/one-curl.sh" <<SH
curl -s -H 'X-Connections-Proxy-Secret: $secret' \$(for i in \$(seq 100); do printf '%s ' '$proxy/$link/bench?page=1'; done) >/dev/null
SH
cat > "$work/fixed.sh" <<SH
for i in \$(seq 100); do curl -s -o /dev/null -H 'Authorization: Bearer $token' '$base/bench?page=1'; done
SH
cat > "$work/token.sh" <<SH
for i in \$(seq 100); do curl -s -o /dev/null -H "Authorization: Bearer \$('$bin' token $link --home '$work/home')" '$base/bench?page=1'; done
SH
hyperfine -N --warmup 1 --runs 5 --export-json "$work/loops.json" \
    "bash $work/through.sh" "bash $work/one-curl.sh" "bash $work/token.sh" "bash $work/fixed.sh" >/dev/null
read -r through one token fixed < <(bench_medians "$work/loops.json")
echo "100 calls, whole loop: curl with \$(connections token) each $token ms   a curl each through the proxy $through ms" \
    "($(bench_ratio "$token" "$through")x faster)   one curl, 100 URLs through the proxy $one ms ($(bench_ratio "$token" "$one")x faster)"
echo "the floor of a curl each: straight to the server with a token fixed beforehand $fixed ms" \
    "(through the proxy $(bench_ratio "$through" "$fixed")x that; a curl each with \$(connections token) $(bench_ratio "$token" "$fixed")x)"
