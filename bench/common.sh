# Shared by the benchmarks (sourced, never run): each starts at the project root with `set -euo pipefail`.

# Stops with what to install when a tool is missing.
bench_needs() {
    for tool in "$@"; do command -v "$tool" >/dev/null || { echo "bench: apt-get install $tool"; exit 1; }; done
}

# The static release build, as shipped: dynamic loading of Foundation alone costs about 12 ms a process.
bench_build() {
    swift build -c release --static-swift-stdlib --scratch-path "${1:-.build-static}" 2>&1 | grep -E "error|Compiling connections" | tail -3 || true
}

# The start the whole-process benchmarks share: the tools they need checked, the release build, `bin` the binary,
# and `work` a temporary folder removed on exit (a script that starts a server sets a trap that also stops it).
bench_start() {
    bench_needs "$@"
    bench_build
    bin=$PWD/.build-static/release/connections
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
}

# Waits until a server started in the background has written its first line to FILE.
bench_wait_for() {
    while [ ! -s "$1" ]; do sleep 0.05; done
}

# The median of each command in a hyperfine JSON export, in ms, on one line in the order they ran.
bench_medians() {
    python3 -c 'import json, sys; print(" ".join("%.2f" % (r["median"] * 1000) for r in json.load(open(sys.argv[1]))["results"]))' "$1"
}

# "a b" -> a / b with two decimals.
bench_ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}
