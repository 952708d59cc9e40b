#!/usr/bin/env python3
"""Builds Sources/ConnectionsCore/Catalog/catalog.yaml, the services of Pick Your Service.

Inputs (all in this folder):
  facts-top150.tsv  endpoint facts, one row per provider (a copy of ../shared/reference/catalog-facts; see its README
                    for the columns and the source's conventions)
  facts-extras.tsv  key / field / value facts without a column (OAuth 1 request URLs, signature methods)
  handmade.yaml     entries written by hand, copied first and as they are; `facts:` there names the row each stands for
Outputs: the catalog, and facts-map.tsv (link name -> facts row) for the test that keeps the catalog's URLs in step
with the facts.
  overrides.yaml    what the facts do not say, in our own words: where to register an app, notes, scopes,
                    revocation endpoints, parameter descriptions, rows to leave out and why

Run it again after changing any of them:  python3 scripts/catalog/build_catalog.py
Needs PyYAML (pip install pyyaml). Prints what it left out and why.
"""
import csv
import json
import os
import re
import sys
from urllib.parse import parse_qsl

try:
    import yaml
except ImportError:
    sys.exit("build_catalog: needs PyYAML (pip install pyyaml)")

HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "..", "..", "Sources", "ConnectionsCore", "Catalog", "catalog.yaml")
REDIRECT_URI = "http://127.0.0.1:53134/callback"
OURS = {"response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "grant_type"}
VARIABLE = re.compile(r"\$\{connectionConfig\.([A-Za-z0-9_.-]+)\}")


class Unexpressible(Exception):
    """A row our service format cannot say; the message says why."""


def snake(name):
    name = re.sub(r"[^A-Za-z0-9]+", "_", name)
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    return name.strip("_")


def translate(text, used):
    """`${connectionConfig.X}` -> `{x}`; records the names used. The credential itself never goes into a URL."""
    if "${accessToken}" in text or "${apiKey}" in text or "${credentials." in text or "${client" in text:
        raise Unexpressible(f"'{text}' puts a credential where our format has no place for it")

    def name(match):
        used.add(snake(match.group(1)))
        return "{" + snake(match.group(1)) + "}"

    return VARIABLE.sub(name, text)


def choose(text, override):
    """`A || B`: A when its variable is set, else B. Without an override we take the alternative that needs no
    variable (the provider's default), else the first."""
    if "||" not in text:
        return text
    options = [part.strip() for part in text.split("||")]
    if override is not None:
        return options[override]
    plain = [option for option in options if "${" not in option]
    return plain[0] if plain else options[0]


def pairs(text):
    return [(key, value) for key, value in parse_qsl(text, keep_blank_values=True)]


def quote(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if re.fullmatch(r"[A-Za-z0-9_./:+@-]+", text) and not re.fullmatch(r"(true|false|null|yes|no|on|off|~|[0-9.+-]+)", text, re.I):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(items):
    return "[" + ", ".join(quote(item) for item in items) + "]"


def flow_map(entries):
    return "{" + ", ".join(f"{quote(key)}: {quote(value)}" for key, value in entries) + "}"


def service_entry(row, extras, override):
    key = row["key"]
    if override.get("skip"):
        raise Unexpressible(override["skip"])
    alternative = override.get("alternative")
    used, token_fields = set(), set()
    metadata = {snake(name) for name in row["token_response_metadata"].split(",") if name}

    def url(column):
        text = override.get(column) or choose(row[column], alternative)
        return translate(text, used) if text else ""

    mode = row["auth_mode"]
    entry = {"name": override.get("name", row["display_name"]), "link_name": override.get("link_name", snake(key))}
    authorize, token = url("authorization_url"), url("token_url")
    if mode == "OAUTH2" and not authorize:
        raise Unexpressible("no authorization URL: the provider installs apps its own way")
    api_base = url("api_base")
    headers, placement = [], None
    for header, value in pairs(row["api_headers"]):
        if value == "${accessToken}":
            placement = header
            continue
        if "user-agent" == header.lower():
            value = "Connections (a terminal client for OAuth connections)"
        try:
            headers.append((header, translate(choose(value, alternative), used)))
        except Unexpressible:
            note = override.setdefault("unexpressed", [])
            note.append(f"the {header} header (it carries the client's own credentials)")

    oauth = {}
    if mode == "OAUTH1":
        entry["auth"] = "oauth1"
        oauth["request_token_url"] = extras.get((key, "request_url"), "")
        oauth["authorize_url"], oauth["access_token_url"] = authorize, token
        oauth["signature_method"] = extras.get((key, "signature_method"), "HMAC-SHA1")
        params = [(k, v) for k, v in pairs(row["authorization_params"]) if k not in OURS]
        if params:
            oauth["authorize_params"] = params
    else:
        entry["auth"] = "oauth2"
        oauth["authorize_url"], oauth["token_url"] = authorize, token
        refresh = url("refresh_url")
        if refresh and refresh != token:
            oauth["refresh_url"] = refresh
        if override.get("revoke_url"):
            oauth["revoke_url"] = translate(override["revoke_url"], used)
        scopes = override.get("scopes")
        authorize_params = []
        for k, v in pairs(row["authorization_params"]):
            if k == "scope" and scopes is None:
                scopes = v.split(row["scope_separator"] or " ")
            elif k not in OURS and k != "scope":
                authorize_params.append((k, translate(v, used)))
        if scopes is None:
            scopes = [scope for scope in re.split(r"[ ,]", row["default_scopes"]) if scope]
        oauth["scopes"] = scopes
        if row["scope_separator"] == ",":
            oauth["scope_delimiter"] = "comma"
        if placement:
            oauth["token_placement"] = "header"
            oauth["token_parameter"] = placement
            oauth["token_prefix"] = ""
        if row["token_request_auth_method"] == "basic":
            oauth["client_auth"] = "basic"
        if row["disable_pkce"] == "true":
            oauth["pkce"] = False
        if row["body_format"] == "json":
            oauth["token_request_format"] = "json"
        for column, field in (("authorization_params", None), ("token_params", "token_params"), ("refresh_params", "refresh_params")):
            if field is None:
                if authorize_params:
                    oauth["authorize_params"] = authorize_params
                continue
            extra = [(k, translate(v, used)) for k, v in pairs(row[column]) if k not in OURS]
            if extra:
                oauth[field] = extra

    token_fields = sorted(used & metadata)
    parameters = [name for name in sorted(used - metadata)]
    if api_base:
        entry["api_base"] = api_base
    if parameters:
        entry["parameters"] = parameters
    if token_fields:
        entry["token_fields"] = token_fields
    if headers:
        entry["api_headers"] = headers
    if override.get("callback_fields"):
        entry["callback_fields"] = override["callback_fields"]
    if override.get("allowed_hosts"):
        entry["allowed_hosts"] = override["allowed_hosts"]
    entry["notes"] = notes(row, override, entry, oauth, parameters)
    if override.get("register"):
        entry["register_url"] = override["register"]
    entry["categories"] = override.get("categories") or [c for c in row["categories"].split(",") if c and c != "popular"]
    entry["facts"] = key
    return entry, oauth


def notes(row, override, entry, oauth, parameters):
    said = []
    name = entry["name"]
    if override.get("register"):
        said.append(f"Register an app at {override['register']}" + (
            f" with the redirect URI {REDIRECT_URI}." if entry["auth"] == "oauth2" else "; its callback URL is our redirect URI."))
    elif override.get("register_how"):
        said.append(override["register_how"].rstrip(".") + f"; register the redirect URI {REDIRECT_URI}.")
    if override.get("refresh"):
        said.append(override["refresh"])
    else:
        params = dict(oauth.get("authorize_params", []))
        if "offline_access" in oauth.get("scopes", []) or "offline.access" in oauth.get("scopes", []):
            said.append("The offline_access scope (asked for by default) brings a refresh token.")
        elif params.get("access_type") == "offline":
            said.append("access_type=offline (sent) brings a refresh token.")
        elif params.get("token_access_type") == "offline":
            said.append("token_access_type=offline (sent) brings a refresh token.")
        elif params.get("duration") == "permanent":
            said.append("duration=permanent (sent) brings a refresh token.")
    descriptions = override.get("parameters", {})
    for parameter in parameters:
        said.append(f"{{{parameter}}}: {descriptions.get(parameter, 'asked when you create the connection')}.")
    if oauth.get("pkce") is False:
        said.append(f"PKCE is off: {name} does not take it.")
    if oauth.get("client_auth") == "basic":
        said.append("The client authenticates with HTTP Basic at the token endpoint.")
    if oauth.get("token_request_format") == "json":
        said.append("Token requests are sent as JSON.")
    if row.get("has_post_connection") == "true":
        said.append(override.get("post_connection", f"{name} needs a lookup after connecting that the catalog cannot express; "
                                                      "read the value yourself and set it with `connections edit`."))
    for what in override.get("unexpressed", []):
        said.append(f"Not set for you: {what}.")
    if override.get("notes"):
        said.append(override["notes"])
    return " ".join(said)


def dump(entry, oauth):
    lines = [f"  - name: {quote(entry['name'])}"]
    for field in ("link_name", "auth", "api_base", "parameters", "token_fields", "callback_fields", "api_headers", "allowed_hosts", "notes",
                  "register_url", "categories"):
        if field not in entry:
            continue
        value = entry[field]
        if field == "api_headers":
            lines.append(f"    {field}: {flow_map(value)}")
        elif isinstance(value, list):
            lines.append(f"    {field}: {flow(value)}")
        else:
            lines.append(f"    {field}: {quote(value)}")
    lines.append(f"    {entry['auth']}:")
    for field, value in oauth.items():
        if isinstance(value, list) and value and isinstance(value[0], tuple):
            lines.append(f"      {field}: {flow_map(value)}")
        elif isinstance(value, list):
            lines.append(f"      {field}: {flow(value)}")
        else:
            lines.append(f"      {field}: {quote(value)}")
    return "\n".join(lines)


def account_lines(facts, link):
    """whoami and refresh_token_idle_days for a service, where account-facts.yaml has them confirmed."""
    fact = facts.get(link) or {}
    lines = []
    whoami = fact.get("whoami")
    if whoami and fact.get("checked"):
        lines.append(f"    whoami: {{method: {whoami.get('method', 'GET')}, url: {quote(whoami['url'])}, account: {flow(whoami['account'])}}}")
    if fact.get("refresh_token_idle_days") and fact.get("idle_checked"):
        lines.append(f"    refresh_token_idle_days: {int(fact['refresh_token_idle_days'])}")
    return lines


def with_account_lines(entries_text, facts):
    """Each handmade entry (`  - name: …` blocks) with its account lines at its end."""
    blocks = re.split(r"(?m)^(?=  - name: )", entries_text)
    out = []
    for block in blocks:
        link = re.search(r"(?m)^    link_name: (\S+)", block)
        extra = account_lines(facts, link.group(1).strip("\"'")) if link else []
        out.append(block.rstrip("\n") + ("\n" + "\n".join(extra) if extra else "") + ("\n\n" if block.strip() else ""))
    return "".join(out).rstrip()


def main():
    rows = list(csv.DictReader(open(os.path.join(HERE, "facts-top150.tsv"), encoding="utf-8"), delimiter="\t"))
    extras = {}
    for line in csv.DictReader(open(os.path.join(HERE, "facts-extras.tsv"), encoding="utf-8"), delimiter="\t"):
        extras[(line["key"], line["field"])] = line["value"]
    overrides = yaml.safe_load(open(os.path.join(HERE, "overrides.yaml"), encoding="utf-8")) or {}
    account_facts = yaml.safe_load(open(os.path.join(HERE, "account-facts.yaml"), encoding="utf-8")) or {}
    handmade_text = open(os.path.join(HERE, "handmade.yaml"), encoding="utf-8").read()
    handmade = yaml.safe_load(handmade_text)["services"]
    covered = {service.get("facts") for service in handmade}
    taken = {service["link_name"] for service in handmade}
    generated, left_out = [], []
    mapping = [(service["link_name"], service["facts"], "handmade") for service in handmade if service.get("facts")]
    for row in rows:
        if row["key"] in covered:
            continue
        override = dict(overrides.get("providers", {}).get(row["key"]) or {})
        try:
            entry, oauth = service_entry(row, extras, override)
        except Unexpressible as reason:
            left_out.append(f"{row['key']}: {reason}")
            continue
        if entry["link_name"] in taken:
            left_out.append(f"{row['key']}: link name {entry['link_name']} is taken")
            continue
        taken.add(entry["link_name"])
        generated.append("\n".join([dump(entry, oauth)] + account_lines(account_facts, entry["link_name"])))
        mapping.append((entry["link_name"], row["key"], "generated"))
    header = ("# Generated by scripts/catalog/build_catalog.py from scripts/catalog/ (facts, handmade entries, overrides):\n"
              "# edit those and run the script again, not this file. Same schema as a custom service file, without client\n"
              "# credentials: each connection brings its own.\n")
    handmade_entries = with_account_lines(
        re.sub(r"(?m)^    facts: .*\n", "", handmade_text.split("services:\n", 1)[1]).rstrip(), account_facts)
    body = handmade_entries + "\n\n" + "\n\n".join(generated) + "\n"
    with open(OUTPUT, "w", encoding="utf-8") as out:
        out.write(header + "services:\n" + body)
    with open(os.path.join(HERE, "facts-map.tsv"), "w", encoding="utf-8") as out:
        out.write("link_name\tfacts_key\tmade\n" + "".join(f"{link}\t{key}\t{made}\n" for link, key, made in sorted(mapping)))
    print(f"build_catalog: {len(handmade)} handmade + {len(generated)} from the facts = {len(handmade) + len(generated)} services")
    for line in left_out:
        print("  left out:", line)


if __name__ == "__main__":
    main()
