"""Letter helpers: the set-up form's data, the draft page's fields, a PDF's text."""

import io
import re
from datetime import date
from html import unescape

from pypdf import PdfReader


def pdf_text(data):
    """The text of a PDF, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def setup_data(key, sanction=None, concerns=None, recipient=None, **extra):
    data = {
        "key": key,
        "sanction_id": str(sanction.id if sanction else 0),
        "concerns_id": str(concerns.id if concerns else 0),
        "recipient_id": str(recipient.id if recipient else 0),
        "addressee": "",
        "hearing_date": "",
        "hearing_time": "",
        "hearing_place": "",
    }
    data.update({k: (v.isoformat() if isinstance(v, date) else v) for k, v in extra.items()})
    return data


def draft_fields(page):
    """Subject and body as pre-filled on the draft page."""
    subject = re.search(r'<input[^>]*id="subject"[^>]*value="([^"]*)"', page) or re.search(
        r'<input[^>]*value="([^"]*)"[^>]*id="subject"', page
    )
    body = re.search(r'<textarea[^>]*id="body"[^>]*>\s*(.*?)</textarea>', page, re.S)
    return unescape(subject.group(1)), unescape(body.group(1))
