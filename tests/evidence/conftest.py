import io
import os

import pytest

from incidents.evidence.storage import path_for, store_stream
from tests.helpers import pdf_bytes, png_bytes

EN = {"Accept-Language": "en"}


@pytest.fixture
def world(make_school, make_user, make_person, make_case, frozen_clock):
    school, other = make_school(), make_school()
    mentor = make_user("mentor", school)
    coordinator = make_user("coordinator", school)
    director = make_user("director", school)
    pupil = make_person(school, parents=1)
    case = make_case(school, mentor, [(pupil, "target")])
    return dict(school=school, other=other, mentor=mentor, coordinator=coordinator, director=director,
                pupil=pupil, case=case)


def upload(client, case_id, files=(), links="", platform="instagram", captured_at="2026-11-15T20:30",
           source_url="https://www.instagram.com/p/abc/", headers=EN):
    data = {"platform": platform, "captured_at": captured_at, "source_url": source_url, "links": links,
            "files": [(io.BytesIO(content), name) for content, name in files]}
    return client.post(f"/cases/{case_id}/evidence/new", data=data, content_type="multipart/form-data",
                       headers=headers)


def store(content):
    return store_stream(io.BytesIO(content), 10 * 1024 * 1024)


def tamper(sha256, new_bytes=b"changed"):
    path = path_for(sha256)
    os.chmod(path, 0o640)
    path.write_bytes(new_bytes)


__all__ = ["EN", "upload", "store", "tamper", "png_bytes", "pdf_bytes"]
