"""A school's identity provider: where its staff sign in, and whether they may still use a password.

The client secret is stored encrypted (`secrets.py`) and never shown back: the admin page only
says whether one is set.
"""

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from incidents.extensions import Model
from incidents.schools.models import School

PROTOCOLS = ("oidc",)  # "saml" would be added here, with its protocol in incidents/sso/protocols.py


class SsoProvider(Model):
    __tablename__ = "sso_providers"
    __table_args__ = (CheckConstraint(f"protocol IN ('{PROTOCOLS[0]}')", name="protocol"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), unique=True)
    protocol: Mapped[str] = mapped_column(String(10), default="oidc")
    # Shown on the login button, e.g. "Microsoft (Het Baken)".
    label: Mapped[str] = mapped_column(String(100))
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(500))
    client_secret_encrypted: Mapped[str | None] = mapped_column(Text)
    # Lower-case e-mail domains, one per line: only verified addresses in these domains sign in.
    allowed_domains: Mapped[str] = mapped_column(Text, default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # The school's members may not sign in with a password (see incidents/sso/password_gate.py).
    local_passwords_off: Mapped[bool] = mapped_column(Boolean, default=False)

    school: Mapped[School] = relationship(School)

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower() for d in self.allowed_domains.split() if d.strip()]

    def allows_domain(self, email: str) -> bool:
        domain = email.rsplit("@", 1)[-1].lower() if "@" in email else ""
        return domain != "" and domain in self.domains

    @property
    def has_secret(self) -> bool:
        return bool(self.client_secret_encrypted)
