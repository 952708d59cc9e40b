"""The OAuth 1.0a side of the test server: django-oauth10a-mod's views with a consent page, an out-of-band
verifier page and a signed-request protected endpoint."""
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from oauth_provider.decorators import oauth_required
from oauth_provider.models import Token
from oauth_provider.views import user_authorization

CONSUMER_KEY, CONSUMER_SECRET = "oauth1-consumer", "oauth1-secret"


def authorize(request):
    """The provider's approval view; a person's "Authorize" button becomes the form field the library reads."""
    if request.method == "POST":
        fields = request.POST.copy()
        if "allow" in fields:
            fields["authorize_access"] = "on"
        request.POST = fields
    return user_authorization(request)


def authorize_page(request, token, callback, params):
    return render(request, "oauth1/authorize.html", {"token": token, "consumer": token.consumer.name})


def oob_page(request, oauth_token=None, error=None, **kwargs):
    token = Token.objects.filter(key=oauth_token).first() if oauth_token else None
    return render(request, "oauth1/verifier.html", {"verifier": token.verifier if token else None, "error": error})


@csrf_exempt
@oauth_required
def me(request):
    return JsonResponse({
        "user": request.user.username,
        "method": request.method,
        "query": {key: request.GET.getlist(key) for key in request.GET if not key.startswith("oauth_")},
        "signed_in": "header" if request.headers.get("Authorization", "").startswith("OAuth ") else "query",
    })
