#!/usr/bin/env bash
# Benchmark (not a test) of the terminal UI with 10,000 connections at 200x50:
# process start to the first full frame and to the whole list drawn (on a pty, beside /bin/true on one),
# peak RSS, a filter keystroke through update, render and the real ncurses terminal, and in-process medians.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
bench_start python3
.build-static/release/connections-bench seed "$work/home" 10000 >/dev/null
export TERM=xterm-256color COLUMNS=200 LINES=50
# Spawn on a 200x50 pty to exit, all output read; the program quits right after the frame asked for.
first=$(CONNECTIONS_BENCHMARK_EXIT=first-frame python3 bench/pty_time.py 30 "$bin" --home "$work/home")
whole=$(CONNECTIONS_BENCHMARK_EXIT=whole-list python3 bench/pty_time.py 30 "$bin" --home "$work/home")
empty=$(python3 bench/pty_time.py 30 /bin/true)
echo "start to first full frame $first ms, to the whole list $whole ms (medians of 30; /bin/true on the same pty $empty ms)"
CONNECTIONS_BENCHMARK_EXIT=whole-list /usr/bin/time -f "peak RSS %M kB (whole list loaded)" script -qec "$bin --home $work/home" /dev/null 2>&1 >/dev/null | tail -1
script -qec ".build-static/release/connections-bench tui-terminal $work/home $work/keys" /dev/null >/dev/null
cat "$work/keys"
.build-static/release/connections-bench tui "$work/home"
