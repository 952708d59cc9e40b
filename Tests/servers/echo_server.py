"""Answers every request on 127.0.0.1 with a JSON description of it: method, path, query, headers, body.

Some paths answer otherwise, as APIs do:
  /basic/...      401 with a JSON error unless the Basic credentials are alice:wonderland
  .../status/NNN  status NNN with an HTML page
  /bytes          256 bytes 0x00..0xff as application/octet-stream
  /text           a text/plain body
  /silent         never answers (for timeouts)
  /redirect       ?to=URL&status=302: a redirect there (for where credentials may follow)
  /hostile-json   JSON whose text holds escape sequences and a C1 control (U+009B)
  /.well-known/oauth-authorization-server/NAME   metadata no honest server gives: NAME mismatch (another issuer),
                  nos256 (PKCE without S256), big (10 MB), javascript-endpoint (a javascript: authorization endpoint),
                  loopback-registration (registration on 127.0.0.1 whatever the Host); any other NAME: honest metadata
                  whose registration endpoint is /register/NAME
  /register/NAME  RFC 7591 answers: ok, elsewhere (registration_client_uri on localhost when asked on 127.0.0.1),
                  crlf (a client_id with a line break), huge (a 250 KB client_id)
  /.well-known/oauth-protected-resource/NAME   other-resource (resource https://evil.test/api), loopback-servers
                  (an authorization server on 127.0.0.1 whatever the Host)
  /loopback-pointer   401 whose resource_metadata is on 127.0.0.1 whatever the Host
  /requests       every request so far, as "METHOD HOST PATH" (this one left out)
  .../events      ?gate=NAME: an event stream that sends "data: first", then waits until /events/release?gate=NAME is
                  asked for before it sends "data: second" ("data: timeout" after 30 s without), then ends
  .../events/release ?gate=NAME: lets that stream go on

With --keep-alive it speaks HTTP/1.1 and keeps connections open (the benchmarks); otherwise HTTP/1.0.

Prints its port on the first line of stdout, then serves until killed or stdin closes.
"""
import base64
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


REQUESTS = []
GATES = {}
GATES_LOCK = threading.Lock()


def gate(name):
    with GATES_LOCK:
        return GATES.setdefault(name, threading.Event())


def registration(name, base):
    """What POST /register/NAME answers."""
    answer = {"client_id": "echo-client", "registration_access_token": "echo-registration-token",
              "registration_client_uri": f"{base}/register/{name}/client", "token_endpoint_auth_method": "none"}
    if name == "elsewhere":
        answer["registration_client_uri"] = f"http://localhost:{base.rsplit(':', 1)[1]}/admin/delete-everything"
    elif name == "crlf":
        answer["client_id"] = "echo-client\r\nRegistered a client (admin) at https://trusted.test; it is stored encrypted."
    elif name == "huge":
        answer["client_id"] = "x" * (250 << 10)
    return answer


class Echo(BaseHTTPRequestHandler):
    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        base = f"http://{self.headers.get('Host')}"
        loopback = f"http://127.0.0.1:{self.server.server_address[1]}"
        if split.path != "/requests":
            REQUESTS.append(f"{self.command} {self.headers.get('Host')} {self.path}")
        description = {
            "method": self.command,
            "path": split.path,
            "query": parse_qsl(split.query, keep_blank_values=True),
            "headers": {name.lower(): value for name, value in self.headers.items()},
            "header_list": [[name.lower(), value] for name, value in self.headers.items()],
            "body_base64": base64.b64encode(body).decode(),
            "form": parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "application/x-www-form-urlencoded" in (self.headers.get("Content-Type") or "")
            else None,
        }
        status, content_type, payload = 200, "application/json", json.dumps(description).encode()
        if split.path.startswith("/basic/") and self.headers.get("Authorization") != "Basic " + base64.b64encode(b"alice:wonderland").decode():
            status, payload = 401, json.dumps({"error": {"message": "Wrong username or password."}}).encode()
        elif split.path.split("/")[-2:-1] == ["status"] and split.path.rsplit("/", 1)[1].isdigit():
            status, content_type = int(split.path.rsplit("/", 1)[1]), "text/html"
            payload = b"<html><body><h1>Internal Server Error</h1></body></html>"
        elif split.path == "/bytes":
            content_type, payload = "application/octet-stream", bytes(range(256))
        elif split.path == "/text":
            content_type, payload = "text/plain", b"plain text, not JSON\n"
        elif split.path.endswith("/redirect"):
            target = dict(parse_qsl(split.query))
            self.send_response(int(target.get("status", "302")))
            self.send_header("Location", target["to"])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        elif split.path == "/requests":
            payload = json.dumps(REQUESTS).encode()
        elif split.path.startswith("/.well-known/oauth-authorization-server/"):
            name = split.path.rsplit("/", 1)[1]
            metadata = {"issuer": f"{base}/{name}", "authorization_endpoint": f"{base}/authorize", "token_endpoint": f"{base}/token",
                        "code_challenge_methods_supported": ["S256"], "registration_endpoint": f"{base}/register/{name}",
                        "token_endpoint_auth_methods_supported": ["none"]}
            if name == "mismatch":
                metadata["issuer"] = "https://evil.test"
            elif name == "nos256":
                metadata["code_challenge_methods_supported"] = ["plain"]
            elif name == "javascript-endpoint":
                metadata["authorization_endpoint"] = "javascript:alert(1)"
                metadata["registration_endpoint"] = f"{base}/register/ok"
            elif name == "loopback-registration":
                metadata["registration_endpoint"] = f"{loopback}/register/ok"
            payload = json.dumps(metadata).encode()
            if name == "big":
                payload = b'{"issuer": "' + b"x" * (10 << 20) + b'"}'
        elif split.path.startswith("/register/") and self.command == "POST":
            status, payload = 201, json.dumps(registration(split.path.split("/")[2], base)).encode()
        elif split.path in ("/.well-known/oauth-protected-resource/other-resource",
                            "/.well-known/oauth-protected-resource/loopback-servers"):
            name = split.path.rsplit("/", 1)[1]
            metadata = {"resource": f"{base}/{name}", "authorization_servers": [f"{base}/honest"]}
            if name == "other-resource":
                metadata["resource"] = "https://evil.test/api"
            else:
                metadata["authorization_servers"] = [f"{loopback}/honest"]
            payload = json.dumps(metadata).encode()
        elif split.path == "/loopback-pointer":
            status = 401
            self.send_response(status)
            self.send_header("WWW-Authenticate", f'Bearer resource_metadata="{loopback}/internal/admin?drop=all"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        elif split.path == "/hostile-json":
            payload = b'{"text": "a\\u009b2Jb \\u001b]52;c;cHduZWQ=\\u0007 c"}'
        elif split.path.endswith("/events"):
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"data: first\n\n")
            self.wfile.flush()
            released = gate(dict(parse_qsl(split.query)).get("gate", "")).wait(30)
            self.wfile.write(b"data: second\n\n" if released else b"data: timeout\n\n")
            self.wfile.flush()
            self.close_connection = True
            return
        elif split.path.endswith("/events/release"):
            gate(dict(parse_qsl(split.query)).get("gate", "")).set()
        elif split.path == "/silent":
            threading.Event().wait(120)
            return
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    def log_message(self, *args):
        pass


def main():
    if "--keep-alive" in sys.argv:
        Echo.protocol_version = "HTTP/1.1"
        # Headers and body are two writes: without this, Nagle and delayed ACKs hold each answer back 40 ms.
        Echo.disable_nagle_algorithm = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    print(server.server_address[1], flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
