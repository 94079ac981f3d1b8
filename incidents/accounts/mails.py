"""The e-mails of account management, written to the outbox in the caller's transaction.

Dutch, the staff's language (as the task reminders). An invitation or reset link carries its
token in the path (`/invitation/<token>`, `/reset/<token>`): the request logs redact it
(incidents/core/logs.py) and, once the message has left, `forget_link` blanks the body so
the outbox keeps no usable link either.
"""

import secrets

from sqlalchemy import update

from incidents.auth.models import Membership, User
from incidents.core.links import public_url_for
from incidents.extensions import db
from incidents.outbox.enqueue import enqueue
from incidents.outbox.hooks import on_sent
from incidents.outbox.models import OutboxMessage

INVITATION = "invitation"
PASSWORD_RESET = "password_reset"
ROLE_APPROVAL = "role_approval"
SENT_BODY = "(Verzonden. De link staat alleen in de verzonden e-mail.)"

ROLE_NAMES_NL = {
    "mentor": "mentor / leerkracht",
    "coordinator": "zorgcoördinator",
    "director": "directeur",
    "admin": "functioneel beheerder",
}


def _key(kind: str, row_id: int) -> str:
    # Every send is its own message: a resend must not be swallowed by the first one's key.
    return f"{kind}:{row_id}:{secrets.token_hex(8)}"


def send_invitation(membership: Membership, token: str | None, valid_hours: int) -> None:
    """With `token`: a link to set a password (a new account). Without: sign in and accept."""
    user, school = membership.user, membership.school
    role = ROLE_NAMES_NL.get(membership.role, membership.role)
    if token is not None:
        link = public_url_for("account.invitation", token=token)
        how = f"Kies via deze link zelf uw wachtwoord (de link werkt één keer, {valid_hours} uur lang):\n{link}"
    else:
        link = public_url_for("account.invitations")
        how = f"Log in met uw bestaande account en accepteer de uitnodiging (binnen {valid_hours} uur):\n{link}"
    enqueue(
        school_id=membership.school_id,
        key=_key(INVITATION, membership.id),
        kind=INVITATION,
        to_address=user.email,
        to_name=user.name,
        recipient_user_id=user.id,
        subject=f"Uitnodiging voor Meldpunt – {school.name}",
        body_text=(
            f"Beste {user.name},\n\nU bent uitgenodigd voor Meldpunt van {school.name}, als {role}.\n\n{how}\n\n"
            "Verwachtte u deze uitnodiging niet? Dan kunt u dit bericht negeren."
        ),
    )


def send_reset(user: User, school_id: int, token: str, valid_minutes: int) -> None:
    link = public_url_for("account.reset", token=token)
    enqueue(
        school_id=school_id,
        key=_key(PASSWORD_RESET, user.id),
        kind=PASSWORD_RESET,
        to_address=user.email,
        to_name=user.name,
        recipient_user_id=user.id,
        subject="Nieuw wachtwoord voor Meldpunt",
        body_text=(
            f"Beste {user.name},\n\nIemand heeft gevraagd om een nieuw wachtwoord voor uw Meldpunt-account. "
            f"Kies het via deze link (één keer te gebruiken, {valid_minutes} minuten geldig):\n{link}\n\n"
            "Heeft u dit niet gevraagd? Dan kunt u dit bericht negeren; uw wachtwoord blijft hetzelfde."
        ),
    )


def ask_director(director: User, membership: Membership) -> None:
    """Four eyes: tell a director of the school that a role waits for approval."""
    role = ROLE_NAMES_NL.get(membership.role, membership.role)
    link = public_url_for("account.approvals")
    enqueue(
        school_id=membership.school_id,
        key=f"{ROLE_APPROVAL}:{membership.id}:{director.id}:{secrets.token_hex(4)}",
        kind=ROLE_APPROVAL,
        to_address=director.email,
        to_name=director.name,
        recipient_user_id=director.id,
        subject="Een rol in Meldpunt wacht op uw goedkeuring",
        body_text=(
            f"Beste {director.name},\n\nDe functioneel beheerder heeft {membership.user.name} de rol {role} "
            f"gegeven bij {membership.school.name}. Die rol geeft toegang tot meldingen en gaat pas in als een "
            f"directeur hem goedkeurt:\n{link}"
        ),
    )


def _forget_link(message_id: int, sent_at: object) -> None:
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(body_text=SENT_BODY))


on_sent(INVITATION)(_forget_link)
on_sent(PASSWORD_RESET)(_forget_link)
