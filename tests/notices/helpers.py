import re

from sqlalchemy import select

from incidents.extensions import db
from incidents.notices.models import Notice, NoticeRecipient
from incidents.outbox.models import OutboxMessage
from tests.helpers import EN


def compose_data(client, case_id, overrides=None):
    """The compose form as the page prefills it, with per-pupil overrides {pupil_id: {field: value}}."""
    html = client.get(f"/cases/{case_id}/notices/new", headers=EN).get_data(as_text=True)
    data = {
        "next_followup_on": re.search(r'name="next_followup_on"[^>]*value="([^"]*)"', html).group(1),
        "contact_person": re.search(r'name="contact_person"[^>]*value="([^"]*)"', html).group(1),
        "compose_token": re.search(r'name="compose_token"[^>]*value="([^"]*)"', html).group(1),
    }
    entries = re.findall(r'<fieldset class="notice-draft" data-pupil="(\d+)">', html)
    import html as html_lib

    for index, pupil_id in enumerate(entries):
        prefix = f"entries-{index}-"
        subject = re.search(rf'name="{prefix}subject"[^>]*value="([^"]*)"', html).group(1)
        body = re.search(rf'name="{prefix}body"[^>]*>\s*(.*?)</textarea>', html, re.S).group(1)
        values = {
            "pupil_id": pupil_id,
            "send": "y",
            "subject": html_lib.unescape(subject),
            "body": html_lib.unescape(body),
        }
        values.update((overrides or {}).get(int(pupil_id), {}))  # None drops a field
        for key, value in values.items():
            if value is not None:
                data[prefix + key] = value
    return data


def notices_of(case):
    db.session.expire_all()
    return db.session.scalars(select(Notice).where(Notice.case_id == case.id).order_by(Notice.id)).all()


def recipients_of(case):
    db.session.expire_all()
    return db.session.scalars(
        select(NoticeRecipient).join(Notice).where(Notice.case_id == case.id).order_by(NoticeRecipient.id)
    ).all()


def messages():
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def link_in(message):
    return re.search(r"http://localhost(/n/[A-Za-z0-9_.\-]+)", message.body_text).group(1)
