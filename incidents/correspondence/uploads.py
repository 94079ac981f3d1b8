"""Checking and storing correspondence attachments.

Every file is checked (type by its bytes, size) before any is stored, so a form with one
bad file leaves nothing behind, not even in the file store.
"""
import os

import filetype
from werkzeug.exceptions import RequestEntityTooLarge

from incidents.evidence.storage import RefusedFile, store_stream

ALLOWED_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})
HEAD_BYTES = 262  # what `filetype` needs to recognise a type


class UploadRefused(ValueError):
    """reason: 'too_many', 'type' or 'size'; filename names the culprit."""

    def __init__(self, reason, filename=None):
        super().__init__(reason)
        self.reason = reason
        self.filename = filename


def chosen_files(field_data):
    return [f for f in (field_data or []) if f and f.filename]


def clean_filename(name):
    """The last path component only (some browsers send a full path), at most 255 chars."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    return (base or "bijlage")[-255:]


def _check(upload, max_bytes):
    stream = upload.stream
    if not stream.seekable():
        return  # store_stream still refuses it, only later
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if size > max_bytes:
        raise UploadRefused("size", upload.filename)
    kind = filetype.guess(head)
    if size == 0 or kind is None or kind.mime not in ALLOWED_TYPES:
        raise UploadRefused("type", upload.filename)


def store_attachments(uploads, max_bytes, max_files):
    """[(StoredFile, clean name)] for the uploads, or UploadRefused before storing any."""
    if len(uploads) > max_files:
        raise UploadRefused("too_many")
    for upload in uploads:
        _check(upload, max_bytes)
    stored = []
    for upload in uploads:
        try:
            stored.append((store_stream(upload.stream, max_bytes, allowed=ALLOWED_TYPES),
                           clean_filename(upload.filename)))
        except RefusedFile:
            raise UploadRefused("type", upload.filename) from None
        except RequestEntityTooLarge:
            raise UploadRefused("size", upload.filename) from None
    return stored
