"""Optional sign-in with OpenID Connect (single sign-on), beside local passwords.

The provider is found by its issuer's discovery document. A sign-in is the authorization code flow with
PKCE, a state and a nonce; they ride in a signed cookie of their own, scoped to the sign-in path and
SameSite=Lax, because the admin session's cookie is SameSite=Strict and the browser would not send it on
the way back from another site. The code is exchanged with the client secret (Authlib's OAuth 2 client),
and the ID token is checked with the provider's published keys (joserfc): signature, issuer, audience,
expiry and nonce. The account is the local one whose name is the token's `claim` (preferred_username by
default; asked of the userinfo endpoint when the token does not carry it): single sign-on proves who
someone is, the server still decides what they may see (`access.py`).
"""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass, field
from typing import Any, cast

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, KeySetSerialization

from centricity.collect.errors import CollectError, Refused

TIMEOUT = 10  # seconds for each call to the provider
DISCOVERY_SECONDS = 3600  # how long the provider's metadata and keys are kept


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str
    claim: str = "preferred_username"


@dataclass(frozen=True)
class Attempt:
    """What the browser carries from the start of a sign-in to its return, signed by the server."""

    state: str
    nonce: str
    verifier: str

    @classmethod
    def new(cls) -> Attempt:
        return cls(secrets.token_urlsafe(24), secrets.token_urlsafe(24), generate_token(64))


@dataclass
class Provider:
    settings: OidcSettings
    _metadata: dict[str, Any] = field(default_factory=dict)
    _fetched: float = 0.0

    def metadata(self) -> dict[str, Any]:
        if not self._metadata or time.monotonic() - self._fetched > DISCOVERY_SECONDS:
            url = self.settings.issuer.rstrip("/") + "/.well-known/openid-configuration"
            self._metadata = _get(url)
            self._fetched = time.monotonic()
        return self._metadata

    def authorize_url(self, attempt: Attempt, redirect_uri: str) -> str:
        scope = "openid profile email"
        client = OAuth2Session(self.settings.client_id, redirect_uri=redirect_uri, scope=scope)
        url, _state = client.create_authorization_url(
            self.metadata()["authorization_endpoint"],
            state=attempt.state,
            nonce=attempt.nonce,
            code_challenge=create_s256_code_challenge(attempt.verifier),
            code_challenge_method="S256",
        )
        return url

    def identity(self, attempt: Attempt, code: str, redirect_uri: str) -> str:
        """The account name the provider vouches for, from a checked ID token; Refused otherwise."""
        meta = self.metadata()
        s = self.settings
        client = OAuth2Session(s.client_id, s.client_secret, redirect_uri=redirect_uri)
        try:
            token = client.fetch_token(
                meta["token_endpoint"], code=code, code_verifier=attempt.verifier, timeout=TIMEOUT
            )
            keys = KeySet.import_key_set(cast(KeySetSerialization, _get(meta["jwks_uri"])))
            decoded = jwt.decode(token["id_token"], keys)
            jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": s.issuer},
                aud={"essential": True, "value": s.client_id},
                nonce={"essential": True, "value": attempt.nonce},
                exp={"essential": True},
            ).validate(decoded.claims)
            claims = dict(decoded.claims)
            if s.claim not in claims and meta.get("userinfo_endpoint"):  # profile claims may be there only
                info = client.get(meta["userinfo_endpoint"], timeout=TIMEOUT).json()
                if isinstance(info, dict) and info.get("sub") == claims.get("sub"):
                    claims = {**info, **claims}
        except (requests.RequestException, JoseError, KeyError, ValueError) as exc:
            raise Refused("collect.error.sso", 401, f"{type(exc).__name__}: {exc}"[:300]) from None
        name = claims.get(s.claim)
        if not isinstance(name, str) or not name:
            raise Refused("collect.error.sso", 401, f"the ID token has no {s.claim}")
        return name


def configured(issuer: str, client_id: str, claim: str = "") -> OidcSettings | None:
    """Settings from the options, the secret from CENTRICITY_OIDC_SECRET (never on a command line)."""
    if not issuer:
        return None
    secret = os.environ.get("CENTRICITY_OIDC_SECRET", "")
    if not client_id or not secret:
        raise CollectError("--oidc-issuer needs --oidc-client-id and CENTRICITY_OIDC_SECRET too")
    return OidcSettings(issuer, client_id, secret, claim or "preferred_username")


def _get(url: str) -> dict[str, Any]:
    try:
        reply = requests.get(url, timeout=TIMEOUT)
        reply.raise_for_status()
        found = reply.json()
    except (requests.RequestException, ValueError) as exc:
        raise Refused("collect.error.sso", 503, f"{url}: {type(exc).__name__}") from None
    if not isinstance(found, dict):
        raise Refused("collect.error.sso", 503, f"{url}: not a JSON object")
    return found
