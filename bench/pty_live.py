"""Milliseconds from a write on one machine to the terminal UI on another showing it (medians).

usage: pty_live.py RUNS CONNECTIONS_BINARY LINK   (CONNECTIONS_STORE and CONNECTIONS_KEY in the environment)
The UI runs in tmux (200x50) with a home of its own; each run renames LINK from another home (`connections edit
LINK --name NEW`, a write through the same path as a refresh: one row updated, one NOTIFY) and measures from that
command's exit to NEW on the screen (tmux capture-pane every 5 ms); the writes come at random moments.
"""
import os, random, secrets, statistics, subprocess, sys, tempfile, time

runs, binary, link = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ui_home, other_home = tempfile.mkdtemp(), tempfile.mkdtemp()
socket = f"connections-live-{os.getpid()}"
tmux = ["tmux", "-L", socket]
settings = " ".join(f"'{key}={os.environ[key]}'" for key in ("CONNECTIONS_STORE", "CONNECTIONS_KEY"))
subprocess.run(tmux + ["-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "50",
                       f"env CONNECTIONS_HOME={ui_home} TERM=xterm-256color {settings} {binary}"], check=True)


def shows(text, limit=10.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if text in subprocess.run(tmux + ["capture-pane", "-p"], capture_output=True, text=True).stdout:
            return True
        time.sleep(0.005)
    return False


try:
    shows(link)
    times = []
    for run in range(runs):
        name = f"A{run} {secrets.token_hex(3)}"  # first by name, so on the first screen
        time.sleep(random.random())  # a write at any moment of the UI's second, not in step with it
        subprocess.run([binary, "edit", link, "--name", name], check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "CONNECTIONS_HOME": other_home})
        start = time.perf_counter()
        if shows(name):
            times.append((time.perf_counter() - start) * 1000)
finally:
    subprocess.run(tmux + ["kill-server"], check=False)
print(f"{statistics.median(times):.0f} ms median, {min(times):.0f}-{max(times):.0f} ms, {len(times)} of {runs} seen")
