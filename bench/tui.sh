#!/usr/bin/env bash
# Benchmark (not a test) of the terminal UI with 10,000 connections at 200x50:
# process start to the first full frame (through a pty, beside the pty alone), peak RSS, and the in-process
# medians of first frame and of a filter keystroke to frame.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench: apt-get install hyperfine"; exit 1; }
swift build -c release --static-swift-stdlib --scratch-path .build-static 2>&1 | grep -E "error" || true
bin=$PWD/.build-static/release/connections
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build-static/release/connections-bench seed "$work/home" 10000 >/dev/null
export CONNECTIONS_EXIT_AFTER_FIRST_FRAME=1 TERM=xterm-256color COLUMNS=200 LINES=50
hyperfine -N --warmup 3 --runs 30 --export-json "$work/frame.json" \
    "script -qec '$bin --home $work/home' /dev/null" "script -qec true /dev/null" >/dev/null
python3 - "$work/frame.json" <<'PY'
import json, sys
ours, pty = (r["median"] * 1000 for r in json.load(open(sys.argv[1]))["results"])
print(f"start to first full frame {ours:6.2f} ms (pty alone {pty:5.2f} ms, difference {ours - pty:6.2f} ms)")
PY
/usr/bin/time -f "peak RSS %M kB" script -qec "$bin --home $work/home" /dev/null 2>&1 >/dev/null | tail -1
.build-static/release/connections-bench tui "$work/home"
