"""Sending a stored file to the browser: streamed, always as a download, never sniffed or cached."""

import os

from flask import abort, send_file

from incidents.evidence.storage import object_store

# The extension each stored type is downloaded with; the first one is used when the
# uploader's name does not already end in one of them.
EXTENSIONS = {
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "application/pdf": (".pdf",),
    "video/mp4": (".mp4",),
}
FALLBACK_EXTENSION = ".bin"


def download_name(filename, content_type):
    """`filename` with the extension of the type the bytes were sniffed as when stored, not
    the one the uploader gave: a PNG named `x.html` downloads as `x.png`."""
    extensions = EXTENSIONS.get(content_type, (FALLBACK_EXTENSION,))
    stem, extension = os.path.splitext(filename or "")
    if extension.lower() in extensions:
        return filename
    return f"{stem or 'download'}{extensions[0]}"


def send_stored(sha256, content_type, filename):
    """The response for the stored bytes of `sha256`; 404 when the hash is malformed or the
    file is gone (the record's access was checked by the caller)."""
    try:
        # Verified while it streams: bytes that no longer match their hash end the download
        # with an error instead of completing it (`flask verify-evidence` names them).
        stream = object_store().open(sha256)
    except FileNotFoundError:
        abort(404)
    response = send_file(
        stream,
        mimetype=content_type,
        as_attachment=True,
        download_name=download_name(filename, content_type),
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
