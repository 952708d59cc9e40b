#!/usr/bin/env bash
# Benchmark (not a test) of the team store: a real PostgreSQL (Tests/servers/postgres_server.py) on 127.0.0.1 beside
# the local SQLite store, static release builds, 10,000 connections, medians:
#   `token` with a valid token through PostgreSQL beside the same through SQLite (goal: at most 2x);
#   `list --json` of 10,000 connections from PostgreSQL beside psql copying the same rows out;
#   from a write on one machine to the terminal UI on another showing it.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_needs hyperfine
# BENCH_BIN=DIR runs other builds (bench/compare.sh leaves the base's in .build-compare-static/release).
if [ -z "${BENCH_BIN:-}" ]; then bench_build; fi
bin=$(cd "${BENCH_BIN:-.build-static/release}" && pwd)
work=$(mktemp -d)
coproc PG { python3 Tests/servers/postgres_server.py; }
trap 'exec {PG[1]}>&-; wait; rm -rf "$work"' EXIT
read -r ready <&"${PG[0]}"
port=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["port"])' "$ready")
password=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["password"])' "$ready")
export CONNECTIONS_KEY=$("$bin/connections" key new)
url="postgresql://connections:$password@127.0.0.1:$port/postgres"
"$bin/connections-bench" seed "$work/home" 10000 >/dev/null
"$bin/connections" store copy --home "$work/home" --to "$url" >/dev/null
# The local store beside it opens with its key file, as it would on a laptop.
hyperfine -N --warmup 10 --runs 60 --export-json "$work/token.json" \
    "$bin/connections token conn_5000 --store $url" "env -u CONNECTIONS_KEY $bin/connections token conn_5000 --home $work/home" >/dev/null
columns="link_name, name, service_link_name, status, status_reason, expires_at, has_refresh_token, scopes, granted_scopes, created_at, updated_at"
export PGPASSWORD=$password
hyperfine -N --warmup 3 --runs 20 --export-json "$work/list.json" \
    "$bin/connections list --json --store $url" \
    "psql -h 127.0.0.1 -p $port -U connections -d postgres -c \"copy (select $columns from connections.connections order by lower(name), link_name) to stdout\"" \
    >/dev/null
python3 - "$work" <<'PY'
import json, sys
for name, labels in (("token", ("token via PostgreSQL", "token via SQLite")), ("list", ("list --json via PostgreSQL", "psql copy of the rows"))):
    results = json.load(open(f"{sys.argv[1]}/{name}.json"))["results"]
    a, b = results[0]["median"] * 1000, results[1]["median"] * 1000
    print(f"{labels[0]:28} {a:8.2f} ms   {labels[1]:22} {b:8.2f} ms   ratio {a / b:5.2f}x")
PY
CONNECTIONS_STORE=$url python3 bench/pty_live.py 20 "$bin/connections" conn_0 | sed 's/^/write elsewhere to the UI showing it: /'
