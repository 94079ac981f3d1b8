"""Telling an account holder that someone keeps failing to sign in as them (issue 10, point 11).

Registered on auth's throttle hook at start-up (imported by incidents/setup.py); the message goes
through the outbox in the failing request's transaction, once per burst of failures.
"""

import secrets

from flask import url_for

from incidents.auth.models import User
from incidents.auth.throttle.hooks import on_repeated_failures
from incidents.outbox.enqueue import enqueue

FAILED_LOGINS = "failed_logins"


def _school_id(user: User) -> int | None:
    """The outbox files every message under a school: the first that grants a role, else any."""
    memberships = user.granting_memberships or list(user.memberships)
    return min(m.school_id for m in memberships) if memberships else None


@on_repeated_failures
def send_failed_logins_notice(user: User, failures: int) -> None:
    school_id = _school_id(user)
    if school_id is None:  # an account without any school: no outbox to file it in
        return
    enqueue(
        school_id=school_id,
        key=f"{FAILED_LOGINS}:{user.id}:{secrets.token_hex(8)}",
        kind=FAILED_LOGINS,
        to_address=user.email,
        to_name=user.name,
        recipient_user_id=user.id,
        subject="Mislukte inlogpogingen op uw Meldpunt-account",
        body_text=(
            f"Beste {user.name},\n\nEr is {failures} keer achter elkaar geprobeerd met een verkeerd wachtwoord "
            "in te loggen op uw Meldpunt-account. Meldpunt laat daarom steeds langer wachten tussen pogingen; "
            "uw account is niet geblokkeerd en u kunt gewoon inloggen met uw eigen wachtwoord.\n\n"
            "Was u dit niet? Kies dan een nieuw wachtwoord via:\n"
            f"{url_for('account.forgot', _external=True)}\n"
            "en meld het bij de functioneel beheerder van uw school."
        ),
    )
