"""SSO use cases: configure a school's provider, and turn a verified assertion into an account.

Flush, never commit; audit rows carry ids only (never the e-mail address or the subject).

Matching: the assertion's e-mail must be verified by the provider and in one of the school's
allowed domains, and name an account that already has a membership at *that* school, not
disabled and not withdrawn: SSO never creates an account or a membership (no self-registration).
A pending, unexpired invitation to the school is accepted by the SSO sign-in: the provider has
just proved what the invitation link would prove (the invitee controls the address), and a
school that switched local passwords off has no other way in. A role that still waits for a
director's approval (four eyes) is not approved by it: the sign-in succeeds, the role grants
nothing until approved (as after a password sign-in).
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from incidents.audit.record import audit
from incidents.audit.security import record_security_event
from incidents.auth.account import InvalidLink, accept
from incidents.auth.models import Membership, User
from incidents.extensions import db
from incidents.schools.models import School
from incidents.sso.assertion import Assertion
from incidents.sso.models import SsoProvider
from incidents.sso.secrets import encrypt_secret

# Why a sign-in was refused; the person sees one general message, the audit row the reason.
UNVERIFIED = "email_unverified"
DOMAIN = "domain_not_allowed"
NO_MEMBERSHIP = "no_membership"


class SignInRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ProviderSettings:
    label: str
    issuer: str
    client_id: str
    client_secret: str | None  # None or "": keep the stored one (the secret is write-only)
    allowed_domains: list[str]
    enabled: bool
    local_passwords_off: bool


def provider_of(school_id: int) -> SsoProvider | None:
    provider: SsoProvider | None = db.session.scalar(select(SsoProvider).where(SsoProvider.school_id == school_id))
    return provider


def save_provider(school: School, settings: ProviderSettings, by: User) -> SsoProvider:
    provider = provider_of(school.id) or SsoProvider(school_id=school.id, protocol="oidc")
    provider.label = settings.label.strip()
    provider.issuer = settings.issuer.strip().rstrip("/")
    provider.client_id = settings.client_id.strip()
    if settings.client_secret:
        provider.client_secret_encrypted = encrypt_secret(settings.client_secret)
    provider.allowed_domains = "\n".join(sorted({d.strip().lower().lstrip("@") for d in settings.allowed_domains}))
    provider.enabled = settings.enabled
    # Passwords stay on while SSO is off: otherwise nobody of the school could sign in at all.
    provider.local_passwords_off = settings.local_passwords_off and settings.enabled
    db.session.add(provider)
    db.session.flush()
    audit("sso.configured", provider, user=by, detail="passwords_off" if provider.local_passwords_off else None)
    return provider


def _membership(provider: SsoProvider, email: str) -> Membership | None:
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None or not user.active:
        return None
    membership: Membership | None = user.membership_at(provider.school_id)
    if membership is None or membership.disabled_at is not None or membership.invitation == "withdrawn":
        return None
    return membership


def match_account(provider: SsoProvider, assertion: Assertion) -> User:
    """The account this assertion signs in, with a pending invitation of the school accepted; raises
    SignInRefused (audited with its reason by the caller)."""
    if assertion.email is None or not assertion.email_verified:
        raise SignInRefused(UNVERIFIED)
    if not provider.allows_domain(assertion.email):
        raise SignInRefused(DOMAIN)
    membership = _membership(provider, assertion.email)
    if membership is None:
        raise SignInRefused(NO_MEMBERSHIP)
    user: User = membership.user
    if membership.invitation == "pending":
        try:
            accept(user, membership.id)
        except InvalidLink:  # expired: the school sends a new invitation
            raise SignInRefused(NO_MEMBERSHIP) from None
    return user


def record_sso_sign_in(provider: SsoProvider, user: User, assertion: Assertion) -> None:
    record_security_event("sso.login", user, school_id=provider.school_id, detail="mfa" if assertion.mfa else None)


def record_refusal(provider: SsoProvider, reason: str) -> None:
    record_security_event("sso.refused", school_id=provider.school_id, detail=reason)
