"""An MCP server with its own authorization server, both from the `mcp` SDK, on one 127.0.0.1 port: the SDK's
`mcp.server.auth` routes (RFC 8414 metadata, RFC 7591 registration, authorize, token, revoke) over the small
in-memory provider below, and a streamable HTTP MCP endpoint at /mcp that accepts only this provider's tokens,
issued for it (RFC 8707). Redirect URIs are matched exactly, as the SDK does: a redirect URI that was not
registered, to the port, gets `400 invalid_request` instead of a redirect.

Authorize shows a consent page (`id="authorizationForm"`, as browser.py expects) whose Allow redirects with a
code. Refresh tokens rotate. The tool `wait_for_release` answers only after POST /test/release (see there). POST /test/expire-tokens makes every access token issued so far expire (an expiry
the client did not see coming); GET /test/stats counts the token requests by grant type, and the sessions deleted (`session_delete`).

  ACCESS_TOKEN_LIFETIME=seconds   how long an access token lives (default 3600)
  JSON_RESPONSE=0                 answer MCP requests as SSE streams instead of JSON

Prints one line of JSON with the port when ready; stops when stdin closes.
"""
import serving
import asyncio
import html
import json
import os
import secrets
import sys
import time
from collections import Counter

import uvicorn
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.provider import (
    AccessToken,
    AuthorizationCode,
    RefreshToken,
    TokenError,
    construct_redirect_uri,
)
from mcp.server.auth.settings import AuthSettings, ClientRegistrationOptions, RevocationOptions
from mcp.server.mcpserver import Context, MCPServer
from mcp.shared.auth import OAuthToken
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

LIFETIME = int(os.environ.get("ACCESS_TOKEN_LIFETIME", "3600"))


class ExactProvider:
    """Clients, codes and tokens in memory; every sign-in is alice's, after the consent page."""

    def __init__(self):
        self.clients = {}
        self.pending = {}
        self.codes = {}
        self.access = {}
        self.refresh = {}
        self.stats = Counter()

    async def get_client(self, client_id):
        return self.clients.get(client_id)

    async def register_client(self, client_info):
        self.clients[client_info.client_id] = client_info

    async def authorize(self, client, params):
        request = secrets.token_urlsafe(16)
        self.pending[request] = (client.client_id, params)
        return f"/consent?request={request}"

    def consent(self, request, allow):
        client_id, params = self.pending.pop(request)
        if not allow:
            return construct_redirect_uri(str(params.redirect_uri), error="access_denied", state=params.state)
        code = secrets.token_urlsafe(24)
        self.codes[code] = AuthorizationCode(
            code=code, scopes=params.scopes or ["read"], expires_at=time.time() + 300, client_id=client_id,
            code_challenge=params.code_challenge, redirect_uri=params.redirect_uri,
            redirect_uri_provided_explicitly=params.redirect_uri_provided_explicitly, resource=params.resource,
            subject="alice")
        return construct_redirect_uri(str(params.redirect_uri), code=code, state=params.state)

    async def load_authorization_code(self, client, authorization_code):
        code = self.codes.get(authorization_code)
        return code if code and code.client_id == client.client_id else None

    def issue(self, client_id, scopes, resource):
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self.access[access] = AccessToken(
            token=access, client_id=client_id, scopes=scopes, expires_at=int(time.time()) + LIFETIME, resource=resource,
            subject="alice")
        self.refresh[refresh] = RefreshToken(
            token=refresh, client_id=client_id, scopes=scopes, resource=resource, subject="alice")
        return OAuthToken(access_token=access, expires_in=LIFETIME, scope=" ".join(scopes), refresh_token=refresh)

    async def exchange_authorization_code(self, client, authorization_code):
        self.stats["authorization_code"] += 1
        del self.codes[authorization_code.code]
        return self.issue(client.client_id, authorization_code.scopes, authorization_code.resource)

    async def load_refresh_token(self, client, refresh_token):
        token = self.refresh.get(refresh_token)
        return token if token and token.client_id == client.client_id else None

    async def exchange_refresh_token(self, client, refresh_token, scopes):
        self.stats["refresh_token"] += 1
        if self.refresh.pop(refresh_token.token, None) is None:
            raise TokenError("invalid_grant", "refresh token already used")
        return self.issue(client.client_id, scopes or refresh_token.scopes, refresh_token.resource)

    async def load_access_token(self, token):
        access = self.access.get(token)
        if access is None or (access.expires_at is not None and access.expires_at < time.time()):
            return None
        return access

    async def revoke_token(self, token):
        self.access.pop(token.token, None)
        self.refresh.pop(token.token, None)

    def expire_all(self):
        for token in self.access.values():
            token.expires_at = 0


def main():
    listener, port = serving.loopback_listener()
    origin = f"http://127.0.0.1:{port}"
    provider = ExactProvider()
    server = MCPServer(
        name="Connections exact-match MCP", auth_server_provider=provider,
        auth=AuthSettings(
            issuer_url=origin, resource_server_url=origin + "/mcp", required_scopes=["read"],
            validate_token_resource=True,
            client_registration_options=ClientRegistrationOptions(
                enabled=True, valid_scopes=["read"], default_scopes=["read"]),
            revocation_options=RevocationOptions(enabled=True)))

    @server.tool()
    def whoami() -> str:
        """Who the bearer token belongs to, and the resource it was issued for."""
        token = get_access_token()
        return json.dumps({"user": token.subject, "resource": token.resource})

    released = asyncio.Event()

    @server.tool()
    async def wait_for_release(ctx: Context) -> str:
        """Logs that it waits, then waits until POST /test/release: its answer can only come after a client that saw
        the log message (streamed in the SSE answer before the result) asked for it."""
        await ctx.info("waiting for /test/release")
        await released.wait()
        released.clear()
        return "released"

    @server.tool()
    async def announce(ctx: Context) -> str:
        """Tells the client that its tools changed, outside this call's answer: the notification goes on the
        server's own stream (the GET stream), which a client only hears when its transport opened it."""
        await ctx.session.send_tool_list_changed()
        return "announced"

    @server.custom_route("/test/release", methods=["POST"])
    async def release(request):
        released.set()
        return Response(status_code=204)

    @server.custom_route("/consent", methods=["GET", "POST"])
    async def consent(request):
        if request.method == "GET":
            request_id = html.escape(request.query_params.get("request", ""))
            return HTMLResponse(
                f'<form id="authorizationForm" method="post"><input type="hidden" name="request" value="{request_id}">'
                '<input type="submit" name="allow" value="Authorize"></form>')
        form = await request.form()
        if form.get("request") not in provider.pending:
            return Response("no such sign-in", status_code=400)
        return RedirectResponse(provider.consent(form["request"], "allow" in form), status_code=302)

    @server.custom_route("/test/expire-tokens", methods=["POST"])
    async def expire(request):
        provider.expire_all()
        return Response(status_code=204)

    @server.custom_route("/test/stats", methods=["GET"])
    async def stats(request):
        return JSONResponse(dict(provider.stats))

    json_response = os.environ.get("JSON_RESPONSE", "1") == "1"
    mcp_app = server.streamable_http_app(json_response=json_response)

    async def app(scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "DELETE" and scope["path"] == "/mcp":
            provider.stats["session_delete"] += 1
        await mcp_app(scope, receive, send)

    web = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))

    serving.serve_until_stdin_closes(web, listener, port)


if __name__ == "__main__":
    main()
