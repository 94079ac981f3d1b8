"""Reading the account e-mails the outbox holds, as the recipient would."""

import re

from sqlalchemy import select

from incidents.extensions import db
from incidents.outbox.models import OutboxMessage

EMAILED_LINK = re.compile(r"http://localhost(/(?:invitation|reset)/[A-Za-z0-9_\-]+)")


def mails_to(address, kind=None):
    db.session.expire_all()
    query = select(OutboxMessage).where(OutboxMessage.to_address == address).order_by(OutboxMessage.id)
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    return db.session.scalars(query).all()


def last_link(address, kind):
    """The path of the link in the newest `kind` e-mail to `address` (None when it has none)."""
    match = EMAILED_LINK.search(mails_to(address, kind)[-1].body_text)
    return match.group(1) if match else None


def new_password(client, link, password, repeat=None, headers=None):
    return client.post(link, data={"password": password, "repeat": repeat or password}, headers=headers or {})
