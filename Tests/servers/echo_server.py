"""Answers every request on 127.0.0.1 with a JSON description of it: method, path, query, headers, body.

Prints its port on the first line of stdout, then serves until killed or stdin closes.
"""
import base64
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


class Echo(BaseHTTPRequestHandler):
    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        description = {
            "method": self.command,
            "path": split.path,
            "query": parse_qsl(split.query, keep_blank_values=True),
            "headers": {name.lower(): value for name, value in self.headers.items()},
            "body_base64": base64.b64encode(body).decode(),
            "form": parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "application/x-www-form-urlencoded" in (self.headers.get("Content-Type") or "")
            else None,
        }
        payload = json.dumps(description).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    def log_message(self, *args):
        pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    print(server.server_address[1], flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
