"""A real OAuth 2 authorization server for the tests: django-oauth-toolkit on 127.0.0.1, SQLite in a temp dir;
and a real OAuth 1.0a provider beside it: django-oauth10a-mod under /oauth1/ (consumer oauth1-consumer).

Registers four clients (see CLIENTS), one user (alice / wonderland), short access tokens and rotating refresh
tokens. Prints one line of JSON with the port when it is ready; stops when stdin closes. With OIDC_ONLY=1 it is an
OpenID Connect provider that publishes only /o/.well-known/openid-configuration and offers no registration.

Besides DOT's /o/ endpoints it serves:
  /api/me                 bearer-protected JSON (header or ?access_token=)
  /test/stats             how many token requests arrived, by grant type
  /test/expire            POST token=...: expire that access token now (as time passing would)
  /test/cimd              POST a Client ID Metadata Document: DOT fetches it for its https client ID
  /quirks/<name>/token    token endpoints that misbehave the way some providers do
  /hostile/<name>/token   token and device answers no honest provider gives (huge lifetimes, escape sequences)
  /oauth1/request_token/, /oauth1/authorize/, /oauth1/access_token/, /oauth1/api/me (signed requests only)
"""
import json
import os
import sys
import tempfile
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

HERE = os.path.dirname(os.path.abspath(__file__))
OIDC_ONLY = os.environ.get("OIDC_ONLY") == "1"


def oidc_settings():
    """OpenID Connect on, with a signing key made for this run."""
    if not OIDC_ONLY:
        return {}
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return {"OIDC_ENABLED": True, "OIDC_RSA_PRIVATE_KEY": pem.decode()}
USER, PASSWORD = "alice", "wonderland"
CLIENTS = [
    # client_id, secret, client type, grant, name
    ("confidential-app", "confidential-secret", "confidential", "authorization-code", "Confidential app"),
    ("public-pkce", "", "public", "authorization-code", "Public PKCE app"),
    ("machine-app", "machine-secret", "confidential", "client-credentials", "Machine app"),
    ("device-app", "", "public", "urn:ietf:params:oauth:grant-type:device_code", "Device app"),
]


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def configure(port, data_dir):
    from django.conf import settings

    base = f"http://127.0.0.1:{port}"
    settings.configure(
        DEBUG=False,
        SECRET_KEY="tests-only-not-secret",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF="urls",
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "oauth2_provider",
            "oauth_provider",
        ],
        OAUTH_AUTHORIZE_VIEW="oauth1_views.authorize_page",
        OAUTH_CALLBACK_VIEW="oauth1_views.oob_page",
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "counters.TokenRequestCounter",
        ],
        TEMPLATES=[{
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [os.path.join(HERE, "templates")],
            "APP_DIRS": True,
            "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
        }],
        # Many tests talk to one server at once: take the write lock up front and wait for it, never fail on it.
        DATABASES={"default": {
            "ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(data_dir, "oauth.sqlite3"),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 30},
        }},
        LOGIN_URL="/accounts/login/",
        # Client secrets and the user's password are hashed at every token request; a tests-only server needs no
        # slow hash (Django's own advice for tests), and each request is then milliseconds, not a second.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        OAUTH2_PROVIDER={
            "ACCESS_TOKEN_EXPIRE_SECONDS": int(os.environ.get("ACCESS_TOKEN_SECONDS", "60")),
            "ROTATE_REFRESH_TOKEN": True,
            # With REFRESH_GRACE_SECONDS, a used refresh token still works that long, as providers that rotate often allow
            # for a client that died before it could store the answer.
            "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": int(os.environ.get("REFRESH_GRACE_SECONDS", "0")),
            # A refresh token used twice ends the whole grant, as providers with reuse detection do.
            "REFRESH_TOKEN_REUSE_PROTECTION": True,
            "PKCE_REQUIRED": lambda client_id: client_id == "public-pkce",
            "SCOPES": {"read": "Read", "write": "Write", **({"openid": "OpenID Connect"} if OIDC_ONLY else {})},
            "OAUTH2_VALIDATOR_CLASS": "oidc_claims.Validator",
            "DEFAULT_SCOPES": ["read"],
            "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
            "DEVICE_FLOW_INTERVAL": 1,
            "OAUTH_DEVICE_VERIFICATION_URI": f"{base}/o/device/",
            # Discovery and registration: RFC 8414 metadata for the issuer BASE/o (also at the root, path inserted),
            # RFC 9728 metadata for the API, and open RFC 7591 registration.
            "OIDC_ISS_ENDPOINT": f"{base}/o",
            "DCR_ENABLED": not OIDC_ONLY,
            **oidc_settings(),
            "DCR_REGISTRATION_PERMISSION_CLASSES": ("oauth2_provider.dcr.AllowAllDCRPermission",),
            # Client ID Metadata Documents, fetched from what the tests publish at /test/cimd (cimd_documents.py).
            "CIMD_ENABLED": not OIDC_ONLY,
            "CIMD_METADATA_FETCHER": "cimd_documents.PublishedDocuments",
            # RFC 9207: `iss` in every authorization response, and said so in the metadata.
            "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
        },
    )


def seed():
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    user = User.objects.create_user(USER, password=PASSWORD)
    for client_id, secret, client_type, grant, name in CLIENTS:
        Application.objects.create(
            client_id=client_id, client_secret=secret, client_type=client_type, authorization_grant_type=grant,
            name=name, user=user, redirect_uris="http://127.0.0.1/callback", skip_authorization=False,
            algorithm="RS256" if OIDC_ONLY else "")
    from oauth_provider.consts import ACCEPTED
    from oauth_provider.models import Consumer

    import oauth1_views
    Consumer.objects.create(name="OAuth 1 app", key=oauth1_views.CONSUMER_KEY, secret=oauth1_views.CONSUMER_SECRET, status=ACCEPTED, user=user)


def main():
    sys.path.insert(0, HERE)
    data_dir = tempfile.mkdtemp(prefix="oauth2-server-")
    server = make_server("127.0.0.1", 0, None, server_class=ThreadingWSGIServer, handler_class=QuietHandler)
    port = server.server_address[1]
    configure(port, data_dir)
    import django

    django.setup()
    seed()
    from django.core.wsgi import get_wsgi_application

    server.set_app(get_wsgi_application())
    print(json.dumps({"port": port}), flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
