"""The person who types the device flow's user code into the verification page and approves (or denies) it.

usage: device_approve.py VERIFICATION_URI USER_CODE [accept|deny]
"""
import sys

import requests

from browser import PASSWORD, USER, hidden_fields


def main(verification_uri, user_code, action="accept"):
    session = requests.Session()
    page = session.get(verification_uri, timeout=30)
    fields = hidden_fields(page.text)
    fields.update({"username": USER, "password": PASSWORD})
    page = session.post(page.url, data=fields, headers={"Referer": page.url}, timeout=30)
    fields = hidden_fields(page.text)
    fields["user_code"] = user_code
    page = session.post(page.url, data=fields, headers={"Referer": page.url}, timeout=30)
    fields = hidden_fields(page.text)
    fields["action"] = action
    page = session.post(page.url, data=fields, headers={"Referer": page.url}, timeout=30)
    print(page.status_code, page.url)
    return 0 if page.status_code < 400 else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
