"""Which protocol serves a provider: one entry per kind in `SsoProvider.protocol`."""

from incidents.sso.models import SsoProvider
from incidents.sso.oidc import OpenIDConnect
from incidents.sso.protocols import SignInProtocol

PROTOCOLS: dict[str, SignInProtocol] = {"oidc": OpenIDConnect()}


def protocol_for(provider: SsoProvider) -> SignInProtocol:
    return PROTOCOLS[provider.protocol]
