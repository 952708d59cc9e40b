"""A real PostgreSQL server for the tests: Debian's postgresql, a new cluster (initdb) in a temporary directory,
on a random 127.0.0.1 port, password authentication (scram-sha-256) for the user `connections`, no Unix socket,
and TLS beside plain TCP with a certificate for 127.0.0.1 made for this run (when `cryptography` is there).
PostgreSQL refuses to run as root, so under root (as in CI) the cluster belongs to `nobody`.

Prints one line of JSON when ready: {"port", "user", "password", "certificate"} (the certificate's path, for a
client's `sslrootcert`, or null). Then reads commands from stdin, one a line, and answers each with one line:
  stop     fast shutdown (connections are cut, as when a server goes down)  -> "stopped"
  start    start again on the same port                                      -> "started"
Stops the server and deletes the cluster when stdin closes or on SIGTERM.
"""
import ctypes
import glob
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(path.split("/")[-2]))[-1]
USER = "connections"


def as_owner():
    """subprocess arguments that run a command as the cluster's owner: nobody under root, else ourselves."""
    if os.geteuid() != 0:
        return {}
    nobody = pwd.getpwnam("nobody")
    return {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}


def die_with_parent():
    """In the child before exec: a fast shutdown if this supervisor dies, even by SIGKILL."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGINT)  # PR_SET_PDEATHSIG


def make_certificate(directory):
    """A self-signed certificate for 127.0.0.1 and its key; the certificate's path, or None without cryptography."""
    try:
        import datetime
        import ipaddress
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.x509.oid import NameOID
    except ImportError:
        return None
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    for path, data, mode in ((os.path.join(directory, "data", "server.crt"), pem, 0o644),
                             (os.path.join(directory, "data", "server.key"), key.private_bytes(
                                 serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                 serialization.NoEncryption()), 0o600),
                             (os.path.join(directory, "root.crt"), pem, 0o644)):
        with open(path, "wb") as file:
            file.write(data)
        os.chmod(path, mode)
        if os.geteuid() == 0 and "/data/" in path:
            nobody = pwd.getpwnam("nobody")
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
    return os.path.join(directory, "root.crt")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    def __init__(self):
        self.base = tempfile.mkdtemp(prefix="connections-pg-")
        self.data = os.path.join(self.base, "data")
        self.password = secrets.token_hex(16)
        self.process = None
        self.port = None
        os.mkdir(self.data, 0o700)
        password_file = os.path.join(self.base, "password")
        with open(password_file, "w") as file:
            file.write(self.password + "\n")
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chmod(self.base, 0o711)
            for path in (self.data, password_file):
                os.chown(path, nobody.pw_uid, nobody.pw_gid)
        subprocess.run(
            [f"{BIN}/initdb", "-D", self.data, "-U", USER, "--pwfile", password_file, "--auth=scram-sha-256",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **as_owner())
        self.certificate = make_certificate(self.base)

    def start(self):
        for _ in range(10):
            port = self.port or free_port()
            process = subprocess.Popen(
                [f"{BIN}/postgres", "-D", self.data, "-p", str(port), "-c", "listen_addresses=127.0.0.1",
                 "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off",
                 "-c", "full_page_writes=off", "-c", "max_connections=300", "-c", "shared_buffers=32MB",
                 *(["-c", "ssl=on"] if self.certificate else [])],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, preexec_fn=die_with_parent, **as_owner())
            # Ready when the server says so in its log; a port someone took meanwhile means another try.
            for line in process.stderr:
                if "ready to accept connections" in line:
                    self.process, self.port = process, port
                    process.stderr.close()
                    return
                if "could not bind" in line or "could not create any TCP/IP sockets" in line:
                    break
            process.kill()
            process.wait()
            if self.port:
                raise SystemExit(f"postgres did not start again on port {self.port}")
        raise SystemExit("postgres did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait()
        self.process = None

    def remove(self):
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)


def main():
    cluster = Cluster()
    signal.signal(signal.SIGTERM, lambda *_: (cluster.remove(), os._exit(0)))
    try:
        cluster.start()
        print(json.dumps({"port": cluster.port, "user": USER, "password": cluster.password,
                          "certificate": cluster.certificate}), flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "stop":
                cluster.stop()
                print("stopped", flush=True)
            elif command == "start":
                cluster.start()
                print("started", flush=True)
    finally:
        cluster.remove()


if __name__ == "__main__":
    main()
