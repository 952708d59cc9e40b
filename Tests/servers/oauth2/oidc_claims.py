"""The claims this OpenID Connect provider gives (ID tokens and userinfo): the user's name beside `sub`, whatever
scopes were granted, so that a client can say which account it is signed in as."""
import json
import time

from django.conf import settings
from jwcrypto import jwk, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return {"preferred_username": request.user.username}


def id_token(name, issuer, audience):
    """ID tokens no honest provider gives: `forged` is signed by another key under the real key's id, `expired`
    by the real key but long past its `exp`, `other-audience` by the real key for another client."""
    real = jwk.JWK.from_pem(settings.OAUTH2_PROVIDER["OIDC_RSA_PRIVATE_KEY"].encode())
    key = jwk.JWK.generate(kty="RSA", size=2048) if name == "forged" else real
    now = int(time.time())
    claims = {"iss": issuer, "aud": "another-app" if name == "other-audience" else audience, "sub": "1",
              "preferred_username": "mallory" if name == "forged" else "alice", "iat": now,
              "exp": now - 3600 if name == "expired" else now + 300}
    token = jwt.JWT(header={"alg": "RS256", "kid": real.thumbprint()}, claims=json.dumps(claims))
    token.make_signed_token(key)
    return token.serialize()
