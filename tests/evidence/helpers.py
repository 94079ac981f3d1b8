"""Evidence helpers: add through the form, store a file directly, tamper with a stored file."""

import io

from incidents.evidence.storage import store_stream
from tests.helpers import EN, tamper_stored


def upload(
    client,
    case_id,
    files=(),
    links="",
    platform="instagram",
    captured_at="2026-11-15T20:30",
    source_url="https://www.instagram.com/p/abc/",
    headers=EN,
):
    data = {
        "platform": platform,
        "captured_at": captured_at,
        "source_url": source_url,
        "links": links,
        "files": [(io.BytesIO(content), name) for content, name in files],
    }
    return client.post(f"/cases/{case_id}/evidence/new", data=data, content_type="multipart/form-data", headers=headers)


def store(content):
    return store_stream(io.BytesIO(content), 10 * 1024 * 1024)


def tamper(sha256, new_bytes=b"changed"):
    tamper_stored(sha256, new_bytes)
