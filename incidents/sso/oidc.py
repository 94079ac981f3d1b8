"""OpenID Connect (Microsoft Entra ID, Google Workspace, any certified provider) with Authlib.

Authorization code flow with PKCE (S256), state and nonce; the endpoints and signing keys come
from the issuer's discovery document. Authlib keeps state, nonce and the PKCE verifier in the
(signed) session cookie between `start` and `finish`, and checks the ID token's signature, issuer,
audience, expiry and nonce.
"""

import json
from typing import Any

from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from joserfc.errors import JoseError
from requests import RequestException
from werkzeug.wrappers import Response

from incidents.sso.assertion import Assertion
from incidents.sso.models import SsoProvider
from incidents.sso.protocols import ProviderRefused
from incidents.sso.secrets import UnreadableSecret, decrypt_secret

HTTP_TIMEOUT_SECONDS = 10


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def _client(provider: SsoProvider) -> Any:
    """A client for this school's provider, made per request so a changed setting applies at once."""
    secret = decrypt_secret(provider.client_secret_encrypted) if provider.client_secret_encrypted else None
    name = f"school{provider.school_id}"  # names the state keys in the session
    return FlaskOAuth2App(
        FlaskIntegration(name),
        name=name,
        client_id=provider.client_id,
        client_secret=secret,
        server_metadata_url=discovery_url(provider.issuer),
        client_kwargs={
            "scope": "openid email profile",
            "code_challenge_method": "S256",
            "default_timeout": HTTP_TIMEOUT_SECONDS,
        },
    )


class OpenIDConnect:
    def start(self, provider: SsoProvider, return_url: str) -> Response:
        try:
            client = _client(provider)
            response: Response = client.authorize_redirect(return_url, **_ask_for_amr(client))
        except (RequestException, UnreadableSecret, ValueError) as error:
            raise ProviderRefused("discovery failed") from error
        return response

    def finish(self, provider: SsoProvider) -> Assertion:
        try:
            client = _client(provider)
            token = client.authorize_access_token()
            claims = dict(token.get("userinfo") or {})
            if not claims:  # no ID token, or one without our nonce: not an OpenID Connect sign-in
                raise ProviderRefused("no id token")
            if "email" not in claims:
                claims.update(_userinfo(client, token, claims["sub"]))
        except (OAuthError, JoseError, RequestException, UnreadableSecret, ValueError, KeyError) as error:
            raise ProviderRefused(type(error).__name__) from error
        return Assertion.from_claims(claims)


def _ask_for_amr(client: Any) -> dict[str, str]:
    """Ask for `amr` in the ID token (OpenID Connect Core 5.5) where the provider supports the claims
    parameter; providers that always send it (Entra ID) need not be asked."""
    if client.load_server_metadata().get("claims_parameter_supported"):
        return {"claims": json.dumps({"id_token": {"amr": None}})}
    return {}


def _userinfo(client: Any, token: dict[str, Any], subject: str) -> dict[str, Any]:
    """The profile claims from the UserInfo endpoint, for providers that keep them out of the ID token
    (OpenID Connect Core 5.4). `amr` stays the ID token's; the subject must be the same (5.3.2)."""
    info = dict(client.userinfo(token=token))
    if info.get("sub") != subject:
        raise ProviderRefused("userinfo subject")
    return {key: info[key] for key in ("email", "email_verified", "name") if key in info}
