"""Registering access requests through the form, and reading the register back."""

import io
import re

from pypdf import PdfReader
from sqlalchemy import select

from incidents.access_requests.models import AccessRequest
from incidents.extensions import db
from tests.helpers import EN


def register(client, subject, requester=None, received_on="2026-11-16", identity_check="in_person", **extra):
    data = {
        "requester": str((requester or subject).id),
        "received_on": received_on,
        "identity_check": identity_check,
        **extra,
    }
    return client.post(f"/people/{subject.id}/access-requests/new", data=data, headers=EN)


def requests():
    db.session.expire_all()
    return db.session.scalars(select(AccessRequest).order_by(AccessRequest.id)).all()


def only_request():
    [item] = requests()
    return item


def errors(response):
    """The messages shown next to fields."""
    return re.findall(r'<p class="error" role="alert">(.*?)</p>', response.get_data(as_text=True))


def pdf_pages(response):
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
