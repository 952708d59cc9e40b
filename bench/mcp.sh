#!/usr/bin/env bash
# Benchmark (not a test): 1,000 MCP `tools/call` round trips through `connections mcp LINK` beside the `mcp` SDK's own
# streamable HTTP client with a fixed token, on the same local server (the SDK's, tests/servers/mcp_exact_server.py).
# Needs the test venv (scripts/setup makes .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${CONNECTIONS_TEST_PYTHON:-$PWD/.venv/bin/python3}
[ -x "$python" ] || { echo "bench: run scripts/setup first (it makes .venv with the mcp SDK)"; exit 1; }
. bench/common.sh
bench_build
bin=$PWD/.build-static/release/connections
work=$(mktemp -d)
exec 3> >(JSON_RESPONSE=1 "$python" Tests/servers/mcp_exact_server.py > "$work/ready")
trap 'exec 3>&-; rm -rf "$work"' EXIT
bench_wait_for "$work/ready"
port=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["port"])' "$work/ready")
endpoint="http://127.0.0.1:$port/mcp"
export CONNECTIONS_HOME="$work/home"
"$bin" service discover "$endpoint" --name "Exact MCP" >/dev/null
"$bin" new exact_mcp --name Bench >/dev/null
BROWSER="$python Tests/servers/oauth2/browser.py %s" "$bin" connect bench >/dev/null 2>&1
token=$("$bin" token bench)
"$python" bench/mcp_calls.py "$bin" bench "$endpoint" "$token" "${CALLS:-1000}"
