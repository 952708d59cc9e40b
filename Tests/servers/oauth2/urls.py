import os
import time

from django.contrib.auth import views as auth_views
from django.http import HttpResponse, JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.models import AccessToken
from oauth2_provider.urls import metadata_urlpatterns
from oauth2_provider.views.generic import ProtectedResourceView

import cimd_documents
import oidc_claims
import counters
import oauth1_views


@method_decorator(csrf_exempt, name="dispatch")
class Me(ProtectedResourceView):
    """Answers with who the bearer token belongs to and what the request carried. A missing, expired or revoked
    token gets 401 with WWW-Authenticate, as RFC 6750 §3.1 says (DOT itself answers 403)."""

    def dispatch(self, request, *args, **kwargs):
        valid, _ = self.verify_request(request)
        if not valid:
            response = JsonResponse({"error": "invalid_token", "error_description": "The access token is invalid or expired."}, status=401)
            metadata = request.build_absolute_uri("/.well-known/oauth-protected-resource/api/me")
            response["WWW-Authenticate"] = f'Bearer error="invalid_token", resource_metadata="{metadata}"'
            return response
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        raw = header[7:] if header.lower().startswith("bearer ") else request.GET.get("access_token", "")
        token = AccessToken.objects.select_related("application").filter(token=raw).first()
        return JsonResponse({
            "user": request.resource_owner.username if request.resource_owner else None,
            "scope": token.scope if token else None,
            "client_id": token.application.client_id if token and token.application else None,
            "resource": list(token.resource) if token and token.resource else [],
            "method": request.method,
            "query": {key: request.GET.getlist(key) for key in request.GET},
            "body": request.body.decode("utf-8", "replace"),
        })

    post = put = patch = delete = get


def stats(request):
    with counters.LOCK:
        return JsonResponse(dict(counters.TOKEN_REQUESTS))


@csrf_exempt
def expire(request):
    changed = AccessToken.objects.filter(token=request.POST.get("token", "")).update(
        expires=timezone.now() - timezone.timedelta(seconds=1))
    return JsonResponse({"expired": changed})


@csrf_exempt
def quirk_token(request, name):
    """Token endpoints that answer the way some real providers do."""
    if name == "slack":
        return JsonResponse({"ok": False, "error": "invalid_code"})
    if name == "html":
        return HttpResponse("<html><body><h1>502 Bad Gateway</h1></body></html>", status=502, content_type="text/html")
    if name == "form":
        body = "access_token=form-token-123&token_type=bearer&scope=repo%2Cgist&expires_in=3600"
        return HttpResponse(body, content_type="application/x-www-form-urlencoded")
    if name == "string-expiry":
        return JsonResponse({"access_token": "string-expiry-token", "token_type": "Bearer", "expires_in": "120",
                             "instance_url": "https://na1.example.test", "scope": "read"})
    if name == "instance-url":
        return JsonResponse({"access_token": "AT-instance", "token_type": "Bearer", "expires_in": 3600,
                             "instance_url": request.GET.get("instance_url", "")})
    if name == "no-expiry":
        return JsonResponse({"access_token": "no-expiry-token", "token_type": "bearer"})
    if name == "form-error":
        return HttpResponse("error=bad_verification_code&error_description=The+code+passed+is+incorrect%1B%5B31m",
                            content_type="application/x-www-form-urlencoded", status=400)
    if name == "slow":
        time.sleep(float(request.GET.get("seconds", "5")))
        return JsonResponse({"access_token": "late"})
    return JsonResponse({"error": "unknown quirk"}, status=404)


HOSTILE_EXPIRY = {
    "expiry-1e300": "1e300",
    "expiry-digits": "99999999999999999999999999",
    "expiry-int64": "9223372036854775807",
    "expiry-inf": '"inf"',
    "expiry-negative": "-5",
    "expiry-ten-years-and-more": "400000000",
}


@csrf_exempt
def hostile_token(request, name):
    """Answers no honest provider gives, written out by hand so that no JSON library tidies them."""
    def raw(text, status=200):
        return HttpResponse(text, content_type="application/json", status=status)

    if name in HOSTILE_EXPIRY:
        return raw('{"access_token": "AT-hostile", "token_type": "Bearer", "expires_in": %s}' % HOSTILE_EXPIRY[name])
    if name == "scope-escapes":
        return raw('{"access_token": "AT-scope", "token_type": "Bearer", "expires_in": 3600, '
                   '"scope": "read \\u001b]52;c;cHduZWQ=\\u0007 \\u001b[2Jwrite \\u009b31m"}')
    if name == "token-crlf":
        return raw('{"access_token": "AT-crlf\\r\\nX-Injected: yes", "token_type": "Bearer"}')
    if name == "token-escape":
        return raw('{"access_token": "AT-\\u001b[2J", "token_type": "Bearer"}')
    if name.endswith("-id-token"):
        issuer = request.build_absolute_uri("/o")
        return JsonResponse({"access_token": "AT-oidc", "token_type": "Bearer", "expires_in": 3600,
                             "id_token": oidc_claims.id_token(name.removesuffix("-id-token"), issuer, "confidential-app")})
    if name == "device-huge":
        return raw('{"device_code": "dc", "user_code": "USER-1", "verification_uri": "http://127.0.0.1/device", '
                   '"expires_in": 1e300, "interval": 9223372036854775807}')
    if name == "device-inf":
        return raw('{"device_code": "dc", "user_code": "USER-1", "verification_uri": "http://127.0.0.1/device", '
                   '"expires_in": "inf", "interval": 5}')
    return JsonResponse({"error": "unknown hostile answer"}, status=404)


urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("accounts/login/", auth_views.LoginView.as_view()),
    path("api/me", Me.as_view()),
    path("test/stats", stats),
    path("test/expire", expire),
    path("test/cimd", cimd_documents.publish),
    path("quirks/<str:name>/token", quirk_token),
    path("hostile/<str:name>/token", hostile_token),
    path("oauth1/authorize/", oauth1_views.authorize),
    path("oauth1/api/me", oauth1_views.me),
    path("oauth1/", include("oauth_provider.urls")),
]

# RFC 8414 and RFC 9728 documents at the root too (the issuer's path inserted), unless playing an OpenID Connect
# provider that has only its own discovery document.
if os.environ.get("OIDC_ONLY") != "1":
    urlpatterns.append(path("", include((metadata_urlpatterns, "oauth2_provider_root"), namespace="oauth2_provider_root")))
