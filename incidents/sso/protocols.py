"""The provider interface: one protocol object per kind of identity provider.

A protocol sends the browser to the provider (`start`) and, on its way back, checks the answer
and returns an `Assertion` (`finish`) or raises `ProviderRefused`. OpenID Connect is in `oidc.py`;
a SAML protocol (Entree Federatie) would be a second class with these two methods, registered in
`registry.py` under "saml" (and allowed by the CHECK on `sso_providers.protocol`).
"""

from typing import Protocol

from werkzeug.wrappers import Response

from incidents.sso.assertion import Assertion
from incidents.sso.models import SsoProvider


class ProviderRefused(Exception):
    """The provider's answer cannot be trusted or is an error (state, nonce, signature, denial)."""


class SignInProtocol(Protocol):
    def start(self, provider: SsoProvider, return_url: str) -> Response:
        """A redirect to the provider's sign-in page; what `finish` checks is kept in the session."""
        ...

    def finish(self, provider: SsoProvider) -> Assertion:
        """The verified assertion of the request the provider sent back to `return_url`."""
        ...
