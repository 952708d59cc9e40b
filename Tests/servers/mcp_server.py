"""A real MCP server for the tests: the `mcp` SDK's MCPServer over streamable HTTP on 127.0.0.1, protected by
the django-oauth-toolkit test server (its issuer in ISSUER, e.g. http://127.0.0.1:PORT/o).

It publishes RFC 9728 metadata at /.well-known/oauth-protected-resource/mcp, answers a request without a token
with 401 and `WWW-Authenticate: Bearer resource_metadata=...`, and checks each bearer token at DOT's RFC 7662
introspection endpoint (as the confidential client INTROSPECT_CLIENT). A token must carry the `read` scope and
be issued for this server (RFC 8707: DOT's `aud` must be http://127.0.0.1:PORT/mcp). One tool, `whoami`, answers
with the token's user and audience. Prints one line of JSON with the port when ready; stops when stdin closes.
"""
import serving
import asyncio
import base64
import json
import os
import sys
import urllib.parse
import urllib.request

import uvicorn
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import MCPServer

ISSUER = os.environ["ISSUER"]
INTROSPECT_CLIENT = os.environ.get("INTROSPECT_CLIENT", "confidential-app:confidential-secret")


class IntrospectingVerifier:
    """Asks the authorization server whether a token is active, for whom and for which resource."""

    def __init__(self, resource):
        self.resource = resource

    async def verify_token(self, token):
        return await asyncio.to_thread(self._introspect, token)

    def _introspect(self, token):
        request = urllib.request.Request(
            ISSUER + "/introspect/", data=urllib.parse.urlencode({"token": token}).encode(),
            headers={"Authorization": "Basic " + base64.b64encode(INTROSPECT_CLIENT.encode()).decode()})
        with urllib.request.urlopen(request, timeout=10) as response:
            answer = json.load(response)
        if not answer.get("active"):
            return None
        audiences = answer.get("aud") or []
        return AccessToken(
            token=token, client_id=answer.get("client_id", ""), scopes=answer.get("scope", "").split(),
            expires_at=answer.get("exp"), resource=self.resource if self.resource in audiences else None,
            subject=answer.get("username"))


def main():
    listener, port = serving.loopback_listener()
    resource = f"http://127.0.0.1:{port}/mcp"
    server = MCPServer(
        name="Connections test MCP", token_verifier=IntrospectingVerifier(resource),
        auth=AuthSettings(issuer_url=ISSUER, resource_server_url=resource, required_scopes=["read"],
                          validate_token_resource=True))

    @server.tool()
    def whoami() -> str:
        """Who the bearer token belongs to, and the resource it was issued for."""
        token = get_access_token()
        return json.dumps({"user": token.subject, "resource": token.resource})

    app = server.streamable_http_app(json_response=True, stateless_http=True)
    config = uvicorn.Config(app, log_level="warning", lifespan="on")
    web = uvicorn.Server(config)

    serving.serve_until_stdin_closes(web, listener, port)


if __name__ == "__main__":
    main()
