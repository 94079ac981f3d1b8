"""Checking and storing correspondence attachments.

Every file is checked (type by its bytes, size) before any is stored, so a form with one
bad file leaves nothing behind, not even in the file store.
"""

import os

import filetype
from flask import current_app
from flask_babel import gettext as _
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
            stored.append(
                (store_stream(upload.stream, max_bytes, allowed=ALLOWED_TYPES), clean_filename(upload.filename))
            )
        except RefusedFile:
            raise UploadRefused("type", upload.filename) from None
        except RequestEntityTooLarge:
            raise UploadRefused("size", upload.filename) from None
    return stored


def upload_error(refused):
    """The message shown next to the file field; the caller keeps the rest of the input."""
    if refused.reason == "too_many":
        return _("Add at most %(n)d files.", n=current_app.config["MAX_UPLOAD_FILES"])
    if refused.reason == "size":
        return _(
            "%(name)s is larger than %(mb)d MB; choose the files again.",
            name=clean_filename(refused.filename),
            mb=current_app.config["MAX_UPLOAD_BYTES"] // (1024 * 1024) or 1,
        )
    return _("%(name)s is not a PDF, PNG or JPEG file; choose the files again.", name=clean_filename(refused.filename))


def save_uploads(field):
    """Store the files chosen in `field`; None (with the error on the field) if refused."""
    try:
        return store_attachments(
            chosen_files(field.data), current_app.config["MAX_UPLOAD_BYTES"], current_app.config["MAX_UPLOAD_FILES"]
        )
    except UploadRefused as refused:
        field.errors = [*field.errors, upload_error(refused)]
        return None
