"""Milliseconds from a write on one machine to the terminal UI on another showing it (medians).

usage: pty_live.py RUNS CONNECTIONS_BINARY LINK   (CONNECTIONS_STORE and CONNECTIONS_KEY in the environment)
The UI runs on a 200x50 pty with a home of its own; each run renames LINK from another home (`connections edit
LINK --name NEW`, a write through the same path as a refresh: one row updated, one NOTIFY) and measures from that
command's exit to NEW appearing in the UI's output.
"""
import fcntl, os, pty, select, statistics, struct, subprocess, sys, tempfile, termios, time

runs, binary, link = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ui_home, other_home = tempfile.mkdtemp(), tempfile.mkdtemp()
pid, fd = pty.fork()
if pid == 0:
    os.environ.update({"CONNECTIONS_HOME": ui_home, "TERM": "xterm-256color"})
    os.execv(binary, [binary])


def read_until(text, limit=10.0):
    seen, deadline = b"", time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            seen += os.read(fd, 65536)
            if text.encode() in seen:
                return True
    return False


fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
read_until(link)
times = []
for run in range(runs):
    name = f"Connection 0 r{run}"  # still first by name, so on the first screen
    subprocess.run([binary, "edit", link, "--name", name], check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "CONNECTIONS_HOME": other_home})
    start = time.perf_counter()
    if read_until(name):
        times.append((time.perf_counter() - start) * 1000)
os.kill(pid, 9)
os.waitpid(pid, 0)
print(f"{statistics.median(times):.0f} ms median, {min(times):.0f}-{max(times):.0f} ms, {len(times)} of {runs} seen")
