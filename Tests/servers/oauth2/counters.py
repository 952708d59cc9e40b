import threading
from collections import Counter

TOKEN_REQUESTS = Counter()
LOCK = threading.Lock()


class TokenRequestCounter:
    """Counts what reaches the token endpoint, by grant type, for tests that assert how many refreshes happened."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == "/o/token/":
            grant = request.POST.get("grant_type", "")
            if not grant and request.content_type == "application/json":
                import json

                grant = json.loads(request.body or b"{}").get("grant_type", "")
            with LOCK:
                TOKEN_REQUESTS[grant] += 1
        return self.get_response(request)
