"""Client ID Metadata Documents for the tests, through django-oauth-toolkit's own extension point
(CIMD_METADATA_FETCHER). The tests cannot hold an https host, so this fetcher stands in for one: the test
publishes a document for an https client ID with POST /test/cimd, and DOT fetches it from here; every other step
(the URL's rules, the document's client_id and auth method, the public client it makes, redirect URI checks) is
DOT's own."""
import json
import threading

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.cimd import CIMDError, _validate_client_id_url

DOCUMENTS = {}
LOCK = threading.Lock()


class PublishedDocuments:
    def fetch(self, client_id):
        _validate_client_id_url(client_id)
        with LOCK:
            document = DOCUMENTS.get(client_id)
        if document is None:
            raise CIMDError("client_id document returned HTTP 404")
        return document, 300


@csrf_exempt
def publish(request):
    document = json.loads(request.body)
    with LOCK:
        DOCUMENTS[document["client_id"]] = document
    return JsonResponse({"published": document["client_id"]})
