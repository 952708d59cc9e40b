"""A smart-HTTP git server on 127.0.0.1 behind a token check, for the git credential helper's tests.

`git http-backend` (as CGI) serves the repositories under ROOT to requests whose credential the OAuth 2 test server
accepts (its /api/me answers 200): `Authorization: Bearer TOKEN`, or Basic with the token as the password. Every other
request gets 401 with `WWW-Authenticate: Basic realm="git"`. Whoever passes may push.
  /test/log   JSON: one entry per request, {"method", "path", "scheme", "user", "ok"} (never the token)

Usage: git_server.py ROOT OAUTH_BASE. Prints {"port": N} once listening, then serves until stdin closes.
"""
import base64
import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

ROOT = sys.argv[1]
OAUTH_BASE = sys.argv[2]
LOG = []
LOCK = threading.Lock()


def token_accepted(token):
    request = urllib.request.Request(OAUTH_BASE + "/api/me", headers={"Authorization": "Bearer " + token})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status == 200
    except urllib.error.HTTPError:
        return False


def credential(header):
    """(scheme, user, token) from an Authorization header."""
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return "bearer", None, value.strip()
    if scheme.lower() == "basic":
        try:
            user, _, password = base64.b64decode(value.strip()).decode("utf-8").partition(":")
        except ValueError:
            return "basic", None, ""
        return "basic", user, password
    return None, None, ""


class Git(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def handle_any(self):
        split = urlsplit(self.path)
        if split.path == "/test/log":
            with LOCK:
                payload = json.dumps(LOG).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        body = self.body()
        scheme, user, token = credential(self.headers.get("Authorization", ""))
        ok = bool(token) and token_accepted(token)
        with LOCK:
            LOG.append({"method": self.command, "path": split.path, "scheme": scheme, "user": user, "ok": ok})
        if not ok:
            message = b"credentials wanted\n"
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(message)))
            self.end_headers()
            self.wfile.write(message)
            return
        environment = dict(os.environ)
        environment.update({
            "GIT_PROJECT_ROOT": ROOT, "GIT_HTTP_EXPORT_ALL": "1", "REMOTE_USER": user or "bearer", "REMOTE_ADDR": "127.0.0.1",
            "REQUEST_METHOD": self.command, "PATH_INFO": split.path, "QUERY_STRING": split.query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""), "CONTENT_LENGTH": str(len(body)),
        })
        for name in ("Content-Encoding", "Git-Protocol"):
            if self.headers.get(name):
                environment["HTTP_" + name.upper().replace("-", "_")] = self.headers[name]
        answer = subprocess.run(["git", "http-backend"], input=body, env=environment, capture_output=True).stdout
        head, _, payload = answer.partition(b"\r\n\r\n")
        if not payload and b"\n\n" in head:
            head, _, payload = answer.partition(b"\n\n")
        status, headers = 200, []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split(" ")[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = handle_any


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Git)
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
