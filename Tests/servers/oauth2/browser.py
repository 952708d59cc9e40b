"""A scripted person at a browser, given as $BROWSER: logs in through the login form, answers the consent form,
and follows the redirect to the program's loopback listener, as a person's browser would.

  BROWSER_ACTION=allow|deny   what to answer on the consent form (default allow)
  BROWSER_LOG=path            where to write what happened (default: nowhere)
  BROWSER_STATE=value         replace the state in the final redirect (to test a forged callback)
  BROWSER_ADD_QUERY=a=1&b=2   add these parameters to the final redirect (a callback that tries to set token fields)
  BROWSER_FORGE_FIRST=1       before the real redirect, send one with another state (another local process's forgery)
  BROWSER_STOP_AT=path        do not follow the last redirect; write its URL to this file (a person copying it)
"""
import os
import re
import sys
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import requests

USER, PASSWORD = "alice", "wonderland"


class Form(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") in ("hidden", "text", None):
            self.fields[attrs["name"]] = attrs.get("value") or ""


def hidden_fields(html):
    form = Form()
    form.feed(html)
    return form.fields


def log(message):
    path = os.environ.get("BROWSER_LOG")
    if path:
        with open(path, "a") as handle:
            handle.write(message + "\n")


def follow_to_listener(session, response):
    """Follows redirects by hand so that the last hop (to the loopback listener) can be altered."""
    while response.is_redirect:
        target = urljoin(response.url, response.headers["Location"])
        if "BROWSER_STATE" in os.environ and "/callback" in target:
            parts = urlsplit(target)
            query = [(k, os.environ["BROWSER_STATE"] if k == "state" else v) for k, v in parse_qsl(parts.query)]
            target = urlunsplit(parts._replace(query=urlencode(query)))
        if "BROWSER_ADD_QUERY" in os.environ and "/callback" in target:
            parts = urlsplit(target)
            query = parse_qsl(parts.query) + parse_qsl(os.environ["BROWSER_ADD_QUERY"])
            target = urlunsplit(parts._replace(query=urlencode(query)))
        log(f"redirect -> {target}")
        if os.environ.get("BROWSER_FORGE_FIRST") and "/callback" in target:
            parts = urlsplit(target)
            forged = [(k, "forged-" + v if k == "state" else v) for k, v in parse_qsl(parts.query)]
            answer = session.get(urlunsplit(parts._replace(query=urlencode(forged))), allow_redirects=False, timeout=30)
            log(f"forged -> {answer.status_code}")
        if "BROWSER_STOP_AT" in os.environ and "/callback" in target:
            with open(os.environ["BROWSER_STOP_AT"], "w") as handle:
                handle.write(target)
            return response
        response = session.get(target, allow_redirects=False, timeout=30)
    return response


def main(url):
    session = requests.Session()
    log(f"open {url}")
    page = session.get(url, timeout=30)
    if "/accounts/login/" in page.url:
        fields = hidden_fields(page.text)
        fields.update({"username": USER, "password": PASSWORD})
        page = session.post(page.url, data=fields, headers={"Referer": page.url}, timeout=30)
    if 'id="authorizationForm"' not in page.text:
        log(f"no consent form at {page.url}: {page.status_code}")
        return 1
    fields = hidden_fields(page.text)
    if os.environ.get("BROWSER_ACTION", "allow") == "allow":
        fields["allow"] = "Authorize"
    response = session.post(page.url, data=fields, headers={"Referer": page.url}, allow_redirects=False, timeout=30)
    final = follow_to_listener(session, response)
    verifier = re.search(r'id="verifier">([^<]+)<', final.text)
    if verifier and "BROWSER_STOP_AT" in os.environ:
        # An out-of-band sign-in: the provider shows a code for the person to copy.
        with open(os.environ["BROWSER_STOP_AT"], "w") as handle:
            handle.write(verifier.group(1))
    log(f"final {final.status_code}: {re.sub(r'<[^>]+>', ' ', final.text)[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
