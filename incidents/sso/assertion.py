"""What an identity provider asserted about the person signing in, whatever the protocol."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def idp_asserted_mfa(claims: Mapping[str, Any]) -> bool:
    """True when the identity provider says it did multi-factor authentication: `amr` (RFC 8176)
    contains "mfa". The second-factor step skips TOTP only then; anything else asks for it."""
    amr = claims.get("amr")
    if isinstance(amr, str):  # some providers send a single value
        amr = [amr]
    return isinstance(amr, list | tuple) and "mfa" in amr


@dataclass(frozen=True)
class Assertion:
    """The verified facts of one sign-in at the provider (the ID token's claims, checked)."""

    subject: str
    email: str | None
    email_verified: bool
    name: str | None
    mfa: bool

    @classmethod
    def from_claims(cls, claims: Mapping[str, Any]) -> "Assertion":
        email = claims.get("email")
        return cls(
            subject=str(claims.get("sub", "")),
            email=email.strip().lower() if isinstance(email, str) and email.strip() else None,
            # Only a literal true counts: a string "true" or a missing claim is not verified. Entra ID
            # sends no email_verified; its optional claim xms_edov (domain owner verified) says the same.
            email_verified=claims.get("email_verified") is True or claims.get("xms_edov") is True,
            name=claims.get("name") if isinstance(claims.get("name"), str) else None,
            mfa=idp_asserted_mfa(claims),
        )
