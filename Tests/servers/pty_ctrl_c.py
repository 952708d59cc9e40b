"""Runs a command on a pseudo-terminal of its own, presses Ctrl-C there once the command prints "ready", and prints
what the terminal showed and then `exit N` (or `signal N`). As a terminal does, Ctrl-C signals the whole foreground
process group: `connections exec` and the program it runs alike.

Usage: pty_ctrl_c.py COMMAND ARGS...
"""
import os
import pty
import select
import sys
import time


def read_until(fd, done, deadline):
    text = b""
    while not done(text) and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0, deadline - time.monotonic()))
        if not ready:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        text += chunk
    return text


def main():
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(sys.argv[1], sys.argv[1:])
    deadline = time.monotonic() + 30
    shown = read_until(fd, lambda text: b"ready" in text, deadline)
    os.write(fd, b"\x03")
    shown += read_until(fd, lambda text: False, deadline)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    print(shown.decode("utf-8", "replace").replace("\r\n", "\n"))
    print(f"exit {code}" if code >= 0 else f"signal {-code}")


if __name__ == "__main__":
    main()
